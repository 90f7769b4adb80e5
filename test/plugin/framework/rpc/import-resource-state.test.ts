import { createProviderServer } from "../../../../src/plugin/framework/rpc/provider-server";
import { thingConfig } from "../fixture-schema";
import { dv, un, errors, CapturingLogger, provider, providerType, configured } from "./harness";

describe("import", () => {
  it("returns exactly one sparse object with the type name; nested block lists are empty", async () => {
    const { rpc } = await configured();
    const res = await rpc.importResourceState({ type_name: "fx_thing", id: "i-77" });
    expect(res.diagnostics).toEqual([]);
    expect(res.imported_resources).toHaveLength(1);
    expect(res.imported_resources[0]!.type_name).toBe("fx_thing");
    expect(un(res.imported_resources[0]!.state)).toEqual({ ...thingConfig({ name: null }), id: "i-77" });
  });

  it("reports a resource without import support", async () => {
    const def = provider();
    const { importState: _ignored, ...noImport } = def.resources[0]!;
    const rpc = createProviderServer({ ...def, resources: [noImport] }, { logger: new CapturingLogger() });
    await rpc.configureProvider({ terraform_version: "1", config: dv({ endpoint: null, token: null }, providerType) });
    const res = await rpc.importResourceState({ type_name: "fx_thing", id: "x" });
    expect(errors(res.diagnostics)).toEqual(["Resource import not implemented"]);
    expect(res.imported_resources).toEqual([]);
  });
});
