import { decode as genericDecode } from "@msgpack/msgpack";
import { encodeJsonValue } from "../../../../src/plugin/cty/json";
import { type DynamicValueMsg } from "../../../../src/plugin/protocol/messages";
import { proposedNew, thingConfig, thingSchema, thingType } from "../fixture-schema";
import { n, dv, un, configured, planCreate } from "./harness";

describe("numbers in resource state answers", () => {
  // Terraform 1.11 compares a refreshed object with the one it read from the state file using
  // reflect.DeepEqual, which sees how each number was decoded: as decimal text (like JSON state)
  // or as a msgpack int/float64. Every state answer therefore carries numbers as text; a planned
  // state keeps go-cty's compact forms.
  const raw = (m: DynamicValueMsg | undefined) => genericDecode(m!.msgpack!) as Record<string, unknown>;

  it("read, upgrade, create and update send numbers as msgpack str; plan does not", async () => {
    const current = {
      ...thingConfig({ rule: [{ host: "h", port: n(5060) }], secret_wo_version: n("1.5") }),
      id: "i-1",
      size: n(10),
      status: "ready",
    };
    const { rpc } = await configured({
      readResult: () => ({}),
      createResult: () => ({ id: "i-2", status: "ready", rule: [{ host: "h", port: 5060 }] }),
    });

    const read = await rpc.readResource({
      type_name: "fx_thing",
      current_state: dv(current),
      private: Buffer.alloc(0),
    });
    expect(raw(read.new_state)).toMatchObject({ size: "10", secret_wo_version: "1.5", rule: [{ port: "5060" }] });
    expect(un(read.new_state)).toEqual(current);

    const upgraded = await rpc.upgradeResourceState({
      type_name: "fx_thing",
      version: 1,
      raw_state: { json: Buffer.from(encodeJsonValue(current, thingType)) },
    });
    expect(raw(upgraded.upgraded_state)).toMatchObject({ size: "10", rule: [{ port: "5060" }] });

    const config = thingConfig({ rule: [{ host: "h", port: null }], secret_wo_version: n(2) });
    const plan = await planCreate(rpc, config);
    expect(raw(plan.planned_state)).toMatchObject({ size: 10, secret_wo_version: 2 });
    const created = await rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(null),
      planned_state: plan.planned_state!,
      config: dv(config),
      planned_private: Buffer.alloc(0),
    });
    expect(created.diagnostics).toEqual([]);
    expect(raw(created.new_state)).toMatchObject({ size: "10", secret_wo_version: "2", rule: [{ port: "5060" }] });

    const cfg = thingConfig({ name: "beta", rule: [{ host: "h", port: null }] });
    const p = await rpc.planResourceChange({
      type_name: "fx_thing",
      prior_state: dv(current),
      proposed_new_state: dv(proposedNew(thingSchema.block, current, cfg)),
      config: dv(cfg),
      prior_private: Buffer.alloc(0),
    });
    const updated = await rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(current),
      planned_state: p.planned_state!,
      config: dv(cfg),
      planned_private: Buffer.alloc(0),
    });
    expect(raw(updated.new_state)).toMatchObject({ size: "10", rule: [{ port: "5061" }] });
  });
});
