// Regression test for a bug found by the hardening suite (docs/reliability.md, "Bugs found"):
// a configured value for a computed-only attribute (e.g. `id = "77"` or `sip_registration_id = 5`
// on voximplant_sip_registration) was accepted. Terraform core plans a configured value as is,
// and the framework's apply merge keeps planned known values, so the state recorded the made-up
// id while the registration really created was left unknown to Terraform: an orphan, and on the
// next refresh (id not found) a second, duplicate registration. The framework now refuses such
// configurations in ValidateResourceConfig / ValidateDataResourceConfig / ValidateProviderConfig,
// before any API call (the end-to-end case is in bad-input.test.ts).
import { NumberType, StringType } from "../../src/plugin/cty/types";
import { UNKNOWN, TfNumber, type Value } from "../../src/plugin/cty/value";
import { encodeValue } from "../../src/plugin/cty/msgpack";
import { Severity, type DiagnosticMsg } from "../../src/plugin/protocol/messages";
import type { ProviderDefinition, SchemaDef } from "../../src/plugin/framework/api";
import { createProviderServer } from "../../src/plugin/framework/rpc/provider-server";
import { schemaDefToModel } from "../../src/plugin/framework/schema-def";
import { impliedType } from "../../src/plugin/schema/implied-type";

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

const type = impliedType(schemaDefToModel(schema).block);

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

function config(overrides: Record<string, Value>): { msgpack: Buffer } {
  return { msgpack: encodeValue({ id: null, name: "n", size: null, target: null, ...overrides }, type) };
}

function errors(ds: DiagnosticMsg[]): Array<[string, string | undefined]> {
  return ds
    .filter((d) => d.severity === Severity.ERROR)
    .map((d) => [d.summary, d.attribute?.steps.map((s) => s.attribute_name).join(".")]);
}

describe("computed-only attributes in configuration", () => {
  const rpc = createProviderServer(def);
  const caps = { write_only_attributes_allowed: true };

  it.each([
    ["a known id", { id: "77" }, "id"],
    ["an unknown id", { id: UNKNOWN }, "id"],
    [
      "a computed-only attribute inside a nested object",
      { target: { host: "h", resolved: "10.0.0.1" } },
      "target.resolved",
    ],
  ] as const)("refuses %s, naming the attribute", async (_what, overrides, path) => {
    const r = await rpc.validateResourceConfig({
      type_name: "fx_thing",
      config: config(overrides as Record<string, Value>),
      client_capabilities: caps,
    });
    expect(errors(r.diagnostics)).toEqual([["Invalid Configuration for Read-Only Attribute", path]]);
    expect(r.diagnostics[0]?.detail).toMatch(/Remove the configuration line setting the value/);
    const ds = await rpc.validateDataResourceConfig({
      type_name: "fx_info",
      config: config(overrides as Record<string, Value>),
    });
    expect(errors(ds.diagnostics)).toEqual([["Invalid Configuration for Read-Only Attribute", path]]);
  });

  it("accepts optional+computed and required attributes, and a nested object without its computed part", async () => {
    const r = await rpc.validateResourceConfig({
      type_name: "fx_thing",
      config: config({ size: TfNumber.of(3), target: { host: "h", resolved: null } }),
      client_capabilities: caps,
    });
    expect(r.diagnostics).toEqual([]);
  });
});
