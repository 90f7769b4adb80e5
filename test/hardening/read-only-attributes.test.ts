// Regression test for a bug found by the hardening suite (docs/reliability.md, "Bugs found"):
// a configured value for a computed-only attribute (e.g. `id = "77"` or `sip_registration_id = 5`
// on voximplant_sip_registration) was accepted. Terraform core plans a configured value as is,
// and the framework's apply merge keeps planned known values, so the state recorded the made-up
// id while the registration really created was left unknown to Terraform: an orphan, and on the
// next refresh (id not found) a second, duplicate registration. The framework now refuses such
// configurations in ValidateResourceConfig / ValidateDataResourceConfig / ValidateProviderConfig,
// before any API call (the end-to-end case is in bad-input.test.ts).
import { NumberType, StringType } from "../../src/plugin/cty/types";
import type { ProviderDefinition, SchemaDef } from "../../src/plugin/framework/api";
import { ProviderTester, errorsOf, unknown, type PlainDiagnostic } from "../../src/plugin/testing";

const schema: SchemaDef = {
  version: 0,
  block: {
    attributes: {
      id: { type: StringType, computed: true },
      name: { type: StringType, required: true },
      size: { type: NumberType, optional: true, computed: true },
      target: {
        optional: true,
        nestedType: {
          nesting: "single",
          attributes: {
            host: { type: StringType, required: true },
            resolved: { type: StringType, computed: true },
          },
        },
      },
    },
  },
};

const def: ProviderDefinition<null> = {
  typeName: "fx",
  schema: { version: 0, block: { attributes: {} } },
  configure: () => null,
  resources: [
    {
      typeName: "fx_thing",
      schema,
      create: () => ({ id: "real-1" }),
      read: () => ({}),
      update: () => ({}),
      delete: () => undefined,
    },
  ],
  dataSources: [{ typeName: "fx_info", schema, read: () => ({ id: "x" }) }],
};

function config(overrides: Record<string, unknown>): Record<string, unknown> {
  return { name: "n", ...overrides };
}

function errors(ds: PlainDiagnostic[]): Array<[string, string | undefined]> {
  return errorsOf(ds).map((d) => [d.summary, d.path]);
}

describe("computed-only attributes in configuration", () => {
  const t = new ProviderTester(def);

  it.each([
    ["a known id", { id: "77" }, "id"],
    ["an unknown id", { id: unknown }, "id"],
    [
      "a computed-only attribute inside a nested object",
      { target: { host: "h", resolved: "10.0.0.1" } },
      "target.resolved",
    ],
  ] as const)("refuses %s, naming the attribute", async (_what, overrides, path) => {
    const r = await t.validateResource("fx_thing", config(overrides));
    expect(errors(r)).toEqual([["Invalid Configuration for Read-Only Attribute", path]]);
    expect(r[0]?.detail).toMatch(/Remove the configuration line setting the value/);
    const ds = await t.validateDataSource("fx_info", config(overrides));
    expect(errors(ds)).toEqual([["Invalid Configuration for Read-Only Attribute", path]]);
  });

  it("accepts optional+computed and required attributes, and a nested object without its computed part", async () => {
    const r = await t.validateResource("fx_thing", config({ size: 3, target: { host: "h", resolved: null } }));
    expect(r).toEqual([]);
  });
});
