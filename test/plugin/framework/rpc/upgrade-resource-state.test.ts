import { TfNumber, type ValueObject } from "../../../../src/plugin/cty/value";
import { encodeJsonValue } from "../../../../src/plugin/cty/json";
import { createProviderServer } from "../../../../src/plugin/framework/rpc/provider-server";
import { thingConfig, thingType } from "../fixture-schema";
import { n, un, provider } from "./harness";

describe("upgrade", () => {
  it("same version: decodes JSON, drops removed attributes, missing ones become null", async () => {
    const rpc = createProviderServer(provider());
    const json = Buffer.from(JSON.stringify({ id: "i-1", name: "a", size: 0.1, removed_attr: 1, rule: [] }));
    const res = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 1, raw_state: { json } });
    expect(res.diagnostics).toEqual([]);
    const v = un(res.upgraded_state) as ValueObject;
    expect(v.name).toBe("a");
    expect((v.size as TfNumber).text).toBe("0.1");
    expect(v.status).toBeNull();
    expect("removed_attr" in v).toBe(false);
  });

  it("older version: runs the upgrader with the prior schema", async () => {
    const rpc = createProviderServer(provider());
    const res = await rpc.upgradeResourceState({
      type_name: "fx_thing",
      version: 0,
      raw_state: { json: Buffer.from('{"id":"old","title":"T"}') },
    });
    expect(res.diagnostics).toEqual([]);
    expect(un(res.upgraded_state)).toEqual({
      ...thingConfig({ name: "T" }),
      id: "old",
      size: n(10),
      status: "migrated",
    });
  });

  it("older version with unparsable JSON: says where, never quotes the stored (secret-holding) text", async () => {
    const rpc = createProviderServer(provider());
    const json = Buffer.from('{"id":"old","title":"hunter2-secret" oops}');
    const res = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 0, raw_state: { json } });
    expect(res.diagnostics).toHaveLength(1);
    expect(res.diagnostics[0]!.detail).toMatch(/not a JSON object: invalid JSON at position \d+/);
    expect(JSON.stringify(res.diagnostics)).not.toContain("hunter2");
    expect(res.upgraded_state).toBeUndefined();
  });

  it("rejects flatmap state and versions without an upgrader or from the future", async () => {
    const rpc = createProviderServer(provider());
    const flat = await rpc.upgradeResourceState({
      type_name: "fx_thing",
      version: 1,
      raw_state: { flatmap: { id: "x" } },
    });
    expect(flat.diagnostics[0]!.detail).toMatch(/legacy flatmap format/);
    const future = await rpc.upgradeResourceState({
      type_name: "fx_thing",
      version: 7,
      raw_state: { json: Buffer.from("{}") },
    });
    expect(future.diagnostics[0]!.detail).toMatch(/newer version of the provider/);
    expect(future.upgraded_state).toBeUndefined();
  });

  it("encodes the same state JSON Terraform would keep (round trip through encodeJsonValue)", async () => {
    const rpc = createProviderServer(provider());
    const state = {
      ...thingConfig({ rule: [{ host: "h", port: n("1e3") }] }),
      id: "i",
      size: n("12345678901234567890.5"),
      status: "s",
    };
    const res = await rpc.upgradeResourceState({
      type_name: "fx_thing",
      version: 1,
      raw_state: { json: Buffer.from(encodeJsonValue(state, thingType)) },
    });
    expect(un(res.upgraded_state)).toEqual(state);
  });
});
