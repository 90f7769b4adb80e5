import { UNKNOWN } from "../../../../src/plugin/cty/value";
import { attr } from "../../../../src/plugin/framework/path";
import { createProviderServer } from "../../../../src/plugin/framework/rpc/provider-server";
import { thingConfig } from "../fixture-schema";
import { dv, pathOf, CapturingLogger, provider, providerType, configured, planCreate } from "./harness";

describe("logging", () => {
  it("logs each RPC and never a sensitive or write-only value, even at trace", async () => {
    const { rpc, logger } = await configured();
    await rpc.configureProvider({
      terraform_version: "1.11.4",
      config: dv({ endpoint: "http://x", token: "tok-SECRET-1" }, providerType),
    });
    const config = thingConfig({ secret_wo: "wo-SECRET-2", name: "visible-name" });
    const p = await planCreate(rpc, config);
    await rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(null),
      planned_state: p.planned_state!,
      config: dv(config),
      planned_private: Buffer.alloc(0),
    });
    const all = logger.lines.join("\n");
    expect(all).toContain("Received PlanResourceChange");
    expect(all).toContain("Received ApplyResourceChange");
    expect(all).toContain("visible-name");
    expect(all).toContain("(sensitive)");
    expect(all).not.toContain("SECRET");
  });
});

describe("paths in diagnostics from resource code", () => {
  it("a typed getter on an unknown value names the attribute", async () => {
    const def = provider();
    const rpc = createProviderServer(
      {
        ...def,
        resources: [{ ...def.resources[0]!, validateConfig: (ctx) => void ctx.config.getString(attr("name")) }],
      },
      { logger: new CapturingLogger() },
    );
    const r = await rpc.validateResourceConfig({
      type_name: "fx_thing",
      config: dv(thingConfig({ name: UNKNOWN })),
      client_capabilities: { write_only_attributes_allowed: true },
    });
    expect(r.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([["Value of name is not known yet", ["name"]]]);
  });
});
