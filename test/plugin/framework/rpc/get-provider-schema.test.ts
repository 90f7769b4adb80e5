import { StringType } from "../../../../src/plugin/cty/types";
import { createProviderServer } from "../../../../src/plugin/framework/rpc/provider-server";
import { thing, provider } from "./harness";

describe("schema and metadata", () => {
  it("advertises a cacheable schema without destroy planning and no functions", async () => {
    const rpc = createProviderServer(provider());
    const s = await rpc.getProviderSchema();
    expect(s.server_capabilities).toEqual({ get_provider_schema_optional: true, plan_destroy: false });
    expect(Object.keys(s.resource_schemas)).toEqual(["fx_thing"]);
    expect(Object.keys(s.data_source_schemas)).toEqual(["fx_lookup"]);
    expect(s.resource_schemas.fx_thing!.version).toBe(1);
    const wo = s.resource_schemas.fx_thing!.block.attributes.find((a) => a.name === "secret_wo");
    expect(wo?.write_only).toBe(true);
    expect(s.functions).toEqual({});
    expect(await rpc.getFunctions()).toEqual({ functions: {}, diagnostics: [] });
    const m = await rpc.getMetadata();
    expect(m.resources).toEqual([{ type_name: "fx_thing" }]);
    expect(m.data_sources).toEqual([{ type_name: "fx_lookup" }]);
  });

  it("rejects invalid definitions at construction, naming each problem", () => {
    const bad = provider(
      {},
      {
        resources: [
          {
            ...thing({}),
            typeName: "other_thing",
            schema: {
              version: 0,
              block: {
                attributes: {
                  a: { type: StringType, optional: true, default: "x" },
                  b: { type: StringType, optional: true, computed: true, default: 5 },
                },
              },
            },
          },
        ],
      },
    );
    expect(() => createProviderServer(bad)).toThrow(/must be lowercase and start with "fx_"/);
    expect(() => createProviderServer(bad)).toThrow(/attribute a: a default needs optional = true and computed = true/);
    expect(() => createProviderServer(bad)).toThrow(/attribute b: default does not fit the attribute type/);
  });
});
