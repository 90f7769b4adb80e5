import type { ProviderRpc } from "../../../../src/plugin/protocol/messages";
import { errors, configured } from "./harness";

function move(rpc: ProviderRpc, target: string) {
  return rpc.moveResourceState!({
    source_provider_address: "registry.opentofu.org/acme/other",
    source_type_name: "other_thing",
    source_schema_version: 0,
    source_state: { json: Buffer.from('{"id":"x"}') },
    target_type_name: target,
    source_private: Buffer.alloc(0),
  });
}

describe("MoveResourceState (OpenTofu calls it for a cross-type moved block)", () => {
  it("answers a diagnostic naming the target type and pointing at import, and no state", async () => {
    const { rpc } = await configured();
    const res = await move(rpc, "fx_thing");
    expect(errors(res.diagnostics)).toEqual(["Move Resource State Not Supported"]);
    expect(res.diagnostics[0]?.detail).toContain(
      "into fx_thing from another resource type (other_thing (registry.opentofu.org/acme/other))",
    );
    expect(res.diagnostics[0]?.detail).toContain("import");
    expect(res.target_state).toBeUndefined();
  });

  it("an unknown target type is reported as such", async () => {
    const { rpc } = await configured();
    expect(errors((await move(rpc, "fx_nope")).diagnostics)).toEqual(["Unknown resource type"]);
  });
});
