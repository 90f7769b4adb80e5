import { Unknown, type ValueObject } from "../../../../src/plugin/cty/value";
import { createProviderServer } from "../../../../src/plugin/framework/rpc/provider-server";
import { proposedNew, thingConfig, thingSchema } from "../fixture-schema";
import { n, dv, un, pathOf, CapturingLogger, provider, providerType, configured, planCreate } from "./harness";

describe("plan over RPC", () => {
  it("plans a create with unknown computed values and echoes private state", async () => {
    const { rpc } = await configured();
    const res = await planCreate(rpc, thingConfig({ secret_wo: "s", rule: [{ host: "h", port: null }] }));
    expect(res.diagnostics).toEqual([]);
    const planned = un(res.planned_state) as ValueObject;
    expect(planned.id).toBeInstanceOf(Unknown);
    expect(planned.secret_wo).toBeNull();
    expect(planned.size).toEqual(n(10));
    expect(res.requires_replace).toEqual([]);
    expect(res.planned_private).toEqual(Buffer.alloc(0));
  });

  it("returns requires_replace as protocol paths", async () => {
    const { rpc } = await configured();
    const prior = { ...thingConfig({ zone: "eu" }), id: "i-1", size: n(10), status: "ready" };
    const config = thingConfig({ zone: "us" });
    const res = await rpc.planResourceChange({
      type_name: "fx_thing",
      prior_state: dv(prior),
      proposed_new_state: dv(proposedNew(thingSchema.block, prior, config)),
      config: dv(config),
      prior_private: Buffer.from('{"k":1}'),
    });
    expect(res.diagnostics).toEqual([]);
    expect(res.requires_replace).toEqual([{ steps: [{ attribute_name: "zone" }] }]);
    expect(res.planned_private?.toString()).toBe('{"k":1}');
  });

  it("answers a destroy proposal with a null plan", async () => {
    const { rpc } = await configured();
    const prior = { ...thingConfig(), id: "i-1", size: n(10), status: "ready" };
    const res = await rpc.planResourceChange({
      type_name: "fx_thing",
      prior_state: dv(prior),
      proposed_new_state: dv(null),
      config: dv(null),
      prior_private: Buffer.alloc(0),
    });
    expect(un(res.planned_state)).toBeNull();
  });

  it(
    "lets modifyPlan change computed values and request replacement, and catches plans " + "Terraform would reject",
    async () => {
      const def = provider();
      const r = def.resources[0]!;
      const logger = new CapturingLogger();
      const rpc = createProviderServer(
        {
          ...def,
          resources: [
            {
              ...r,
              modifyPlan(ctx) {
                if (ctx.config.getString("name") === "break") ctx.plan.set("name", "broken");
                else ctx.plan.set("status", "planned");
                if (ctx.prior !== null) ctx.requiresReplace("name");
              },
            },
          ],
        },
        { logger },
      );
      await rpc.configureProvider({
        terraform_version: "1",
        config: dv({ endpoint: null, token: null }, providerType),
      });
      const ok = await planCreate(rpc, thingConfig());
      expect(ok.diagnostics).toEqual([]);
      expect((un(ok.planned_state) as ValueObject).status).toBe("planned");
      const bad = await planCreate(rpc, thingConfig({ name: "break" }));
      expect(bad.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([
        ["Provider produced an invalid plan", ["name"]],
      ]);
      expect(bad.diagnostics[0]!.detail).toMatch(/planned value does not match config value/);
      expect(bad.planned_state).toBeUndefined();

      const prior = { ...thingConfig(), id: "i-1", size: n(10), status: "ready" };
      const config = thingConfig({ name: "beta" });
      const upd = await rpc.planResourceChange({
        type_name: "fx_thing",
        prior_state: dv(prior),
        proposed_new_state: dv(proposedNew(thingSchema.block, prior, config)),
        config: dv(config),
        prior_private: Buffer.alloc(0),
      });
      expect(upd.requires_replace).toEqual([{ steps: [{ attribute_name: "name" }] }]);
    },
  );
});
