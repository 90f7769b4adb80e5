import { UNKNOWN } from "../../../../src/plugin/cty/value";
import { thingConfig } from "../fixture-schema";
import { n, dv, un, errors, pathOf, configured } from "./harness";

describe("read", () => {
  const current = { ...thingConfig(), id: "i-1", size: n(10), status: "ready" };

  it("keeps omitted attributes, echoes private bytes exactly, and null means gone", async () => {
    const same = await configured({ readResult: () => ({ status: "drifted" }) });
    const priv = Buffer.from('{ "z": 1,  "a": 2 }');
    const r = await same.rpc.readResource({ type_name: "fx_thing", current_state: dv(current), private: priv });
    expect(r.diagnostics).toEqual([]);
    expect(un(r.new_state)).toEqual({ ...current, status: "drifted" });
    expect(r.private).toEqual(priv);

    const gone = await configured({ readResult: () => null });
    const g = await gone.rpc.readResource({
      type_name: "fx_thing",
      current_state: dv(current),
      private: Buffer.alloc(0),
    });
    expect(un(g.new_state)).toBeNull();
  });

  it("turns an unknown or mistyped result into a clear error instead of a provider-bug report", async () => {
    const unk = await configured({ readResult: () => ({ status: UNKNOWN }) });
    const r = await unk.rpc.readResource({
      type_name: "fx_thing",
      current_state: dv(current),
      private: Buffer.alloc(0),
    });
    expect(r.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([
      ["Provider returned an unknown value in the refreshed state", ["status"]],
    ]);
    const typed = await configured({ readResult: () => ({ size: "big" }) });
    const t = await typed.rpc.readResource({
      type_name: "fx_thing",
      current_state: dv(current),
      private: Buffer.alloc(0),
    });
    expect(t.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([
      ["Invalid value for size: expected a number, got a string", ["size"]],
    ]);
    expect(un(t.new_state)).toEqual(current);
  });

  it("rejects corrupt private state", async () => {
    const { rpc } = await configured();
    const r = await rpc.readResource({
      type_name: "fx_thing",
      current_state: dv(current),
      private: Buffer.from("not json"),
    });
    expect(errors(r.diagnostics)).toEqual(["Invalid private state"]);
  });
});
