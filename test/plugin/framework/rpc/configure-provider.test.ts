import { UNKNOWN } from "../../../../src/plugin/cty/value";
import { createProviderServer } from "../../../../src/plugin/framework/rpc/provider-server";
import { thingConfig } from "../fixture-schema";
import { dv, errors, CapturingLogger, provider, providerType } from "./harness";

describe("configure", () => {
  it("refuses resource work when configuration failed", async () => {
    const rpc = createProviderServer(provider(), { logger: new CapturingLogger() });
    const c = await rpc.configureProvider({
      terraform_version: "1.11.4",
      config: dv({ endpoint: "bad", token: null }, providerType),
    });
    expect(errors(c.diagnostics)).toEqual(["Cannot connect"]);
    const r = await rpc.readResource({
      type_name: "fx_thing",
      current_state: dv(thingConfig({ id: "x" })),
      private: Buffer.alloc(0),
    });
    expect(errors(r.diagnostics)).toEqual(["Provider not configured"]);
  });

  it("tolerates unknown provider configuration (the provider decides)", async () => {
    const rpc = createProviderServer(provider(), { logger: new CapturingLogger() });
    const c = await rpc.configureProvider({
      terraform_version: "1.11.4",
      config: dv({ endpoint: UNKNOWN, token: null }, providerType),
    });
    expect(c.diagnostics).toEqual([]);
  });
});
