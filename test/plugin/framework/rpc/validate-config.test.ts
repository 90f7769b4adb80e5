import { UNKNOWN } from "../../../../src/plugin/cty/value";
import { createProviderServer } from "../../../../src/plugin/framework/rpc/provider-server";
import { thingConfig } from "../fixture-schema";
import { dv, errors, pathOf, provider, providerType } from "./harness";

describe("validation", () => {
  it("runs attribute validators and custom validation with attribute paths", async () => {
    const rpc = createProviderServer(provider());
    const p = await rpc.validateProviderConfig({ config: dv({ endpoint: "ab", token: "t" }, providerType) });
    expect(p.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([
      ["Invalid Attribute Value", ["endpoint"]],
      ["Invalid Attribute Combination", ["token"]],
    ]);
    const r = await rpc.validateResourceConfig({
      type_name: "fx_thing",
      config: dv(thingConfig({ name: "forbidden" })),
      client_capabilities: { write_only_attributes_allowed: true },
    });
    expect(r.diagnostics.map((d) => [d.summary, d.detail, pathOf(d)])).toEqual([
      ["Name not allowed", "pick another name", ["name"]],
    ]);
  });

  it("skips unknown values", async () => {
    const rpc = createProviderServer(provider());
    const p = await rpc.validateProviderConfig({ config: dv({ endpoint: UNKNOWN, token: "t" }, providerType) });
    expect(p.diagnostics).toEqual([]);
    const r = await rpc.validateResourceConfig({
      type_name: "fx_thing",
      config: dv(thingConfig({ name: UNKNOWN })),
      client_capabilities: { write_only_attributes_allowed: true },
    });
    expect(r.diagnostics).toEqual([]);
  });

  it("refuses a write-only value when the client cannot keep it out of state", async () => {
    const rpc = createProviderServer(provider());
    for (const caps of [null, {}, { write_only_attributes_allowed: false }]) {
      const r = await rpc.validateResourceConfig({
        type_name: "fx_thing",
        config: dv(thingConfig({ secret_wo: "s" })),
        client_capabilities: caps,
      });
      expect(r.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([
        ["Write-only Attribute Not Allowed", ["secret_wo"]],
      ]);
    }
    const ok = await rpc.validateResourceConfig({
      type_name: "fx_thing",
      config: dv(thingConfig()),
      client_capabilities: null,
    });
    expect(ok.diagnostics).toEqual([]);
  });

  it("reports unknown type names", async () => {
    const rpc = createProviderServer(provider());
    const r = await rpc.validateResourceConfig({ type_name: "fx_nope", config: dv(null) });
    expect(errors(r.diagnostics)).toEqual(["Unknown resource type"]);
  });
});
