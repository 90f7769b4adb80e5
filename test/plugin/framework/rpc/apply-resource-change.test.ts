import { type ValueObject } from "../../../../src/plugin/cty/value";
import { type ProviderRpc } from "../../../../src/plugin/protocol/messages";
import { ProviderError } from "../../../../src/plugin/framework/diagnostics";
import { proposedNew, thingConfig, thingSchema } from "../fixture-schema";
import { n, dv, un, errors, pathOf, configured, planCreate } from "./harness";

describe("apply", () => {
  const config = thingConfig({ secret_wo: "hunter2", rule: [{ host: "h", port: null }] });

  async function planned(rpc: ProviderRpc): Promise<ValueObject> {
    return un((await planCreate(rpc, config)).planned_state) as ValueObject;
  }

  it(
    "create: fills planned unknowns from the result, keeps known planned values, nulls " + "write-only, stores private",
    async () => {
      let secret: string | null = null;
      const { rpc, logger } = await configured({
        seenSecret: (s) => (secret = s),
        createResult: () => ({ id: "i-9", status: "ready", name: "SERVER-RENAMED", rule: [{ host: "h", port: 5060 }] }),
      });
      const plan = await planned(rpc);
      const res = await rpc.applyResourceChange({
        type_name: "fx_thing",
        prior_state: dv(null),
        planned_state: dv(plan),
        config: dv(config),
        planned_private: Buffer.alloc(0),
      });
      expect(res.diagnostics).toEqual([]);
      expect(secret).toBe("hunter2");
      const state = un(res.new_state) as ValueObject;
      expect(state).toEqual({ ...plan, id: "i-9", status: "ready", rule: [{ host: "h", port: n(5060) }] });
      expect(state.name).toBe("alpha");
      expect(state.secret_wo).toBeNull();
      expect(res.private?.toString()).toBe('{"created":true}');
      expect(logger.lines.some((l) => l.startsWith("warn") && l.includes('"name"'))).toBe(true);
    },
  );

  it("create: a computed value the resource forgot is an error, and the state is still stored (tainted)", async () => {
    const { rpc } = await configured({ createResult: () => ({ id: "i-2", rule: [{ host: "h", port: 1 }] }) });
    const plan = await planned(rpc);
    const res = await rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(null),
      planned_state: dv(plan),
      config: dv(config),
      planned_private: Buffer.alloc(0),
    });
    expect(res.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([
      ["Provider did not set status after create", ["status"]],
    ]);
    const state = un(res.new_state) as ValueObject;
    expect(state.id).toBe("i-2");
    expect(state.status).toBeNull();
  });

  it(
    "create: partial state with an added error diagnostic is kept; a thrown ProviderError is one error and stores " +
      "nothing",
    async () => {
      const viaDiag = await configured({
        createResult: (ctx) => {
          ctx.diagnostics.addError("Create failed after the object was created", "timeout waiting for it");
          return { id: "i-3" };
        },
      });
      const plan = await planned(viaDiag.rpc);
      const a = await viaDiag.rpc.applyResourceChange({
        type_name: "fx_thing",
        prior_state: dv(null),
        planned_state: dv(plan),
        config: dv(config),
        planned_private: Buffer.alloc(0),
      });
      expect(errors(a.diagnostics)[0]).toBe("Create failed after the object was created");
      expect((un(a.new_state) as ValueObject).id).toBe("i-3");

      const viaThrow = await configured({
        createResult: () => {
          throw new ProviderError("Create failed", { detail: "half done", path: "name" });
        },
      });
      const b = await viaThrow.rpc.applyResourceChange({
        type_name: "fx_thing",
        prior_state: dv(null),
        planned_state: dv(plan),
        config: dv(config),
        planned_private: Buffer.alloc(0),
      });
      expect(b.diagnostics.map((d) => [d.summary, d.detail, d.attribute?.steps])).toEqual([
        ["Create failed", "half done", [{ attribute_name: "name" }]],
      ]);
      expect(un(b.new_state)).toBeNull();
    },
  );

  it("create: an error without state stores nothing", async () => {
    const { rpc } = await configured({
      createResult: () => {
        throw new Error("connection refused");
      },
    });
    const plan = await planned(rpc);
    const res = await rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(null),
      planned_state: dv(plan),
      config: dv(config),
      planned_private: Buffer.alloc(0),
    });
    expect(res.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      ["Unexpected error in Create", "connection refused"],
    ]);
    expect(un(res.new_state)).toBeNull();
  });

  it("update fills unknowns; delete returns null, or the prior state on failure", async () => {
    const { rpc } = await configured();
    const prior = { ...thingConfig({ rule: [{ host: "h", port: n(5060) }] }), id: "i-1", size: n(10), status: "ready" };
    const cfg = thingConfig({ name: "beta", rule: [{ host: "h", port: null }] });
    const p = await rpc.planResourceChange({
      type_name: "fx_thing",
      prior_state: dv(prior),
      proposed_new_state: dv(proposedNew(thingSchema.block, prior, cfg)),
      config: dv(cfg),
      prior_private: Buffer.alloc(0),
    });
    const upd = await rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(prior),
      planned_state: p.planned_state!,
      config: dv(cfg),
      planned_private: Buffer.alloc(0),
    });
    expect(upd.diagnostics).toEqual([]);
    expect(un(upd.new_state)).toEqual({
      ...prior,
      name: "beta",
      status: "updated",
      rule: [{ host: "h", port: n(5061) }],
    });

    const del = await rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(prior),
      planned_state: dv(null),
      config: dv(null),
      planned_private: Buffer.alloc(0),
    });
    expect(del.diagnostics).toEqual([]);
    expect(un(del.new_state)).toBeNull();

    const stuck = { ...prior, name: "undeletable" };
    const fail = await rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(stuck),
      planned_state: dv(null),
      config: dv(null),
      planned_private: Buffer.alloc(0),
    });
    expect(errors(fail.diagnostics)).toEqual(["Delete failed"]);
    expect(un(fail.new_state)).toEqual(stuck);
  });
});
