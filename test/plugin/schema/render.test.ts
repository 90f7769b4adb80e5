// Schema → GetProviderSchema message and → `terraform providers schema -json`.
import { NumberType, StringType, mapOf } from "../../../src/plugin";
import { BlockNesting, ObjectNesting, StringKind } from "../../../src/plugin/protocol/messages";
import { schemasJsonDocument, schemaToJson, schemaModelToWire, type Schema } from "../../../src/plugin/schema";

// An acme/widget example, as Terraform prints it.
const ACME_WIDGET_JSON = `{"format_version":"1.0","provider_schemas":{"example.com/acme/widget":{
  "provider":{"version":0,"block":{"attributes":{
      "endpoint":{"type":"string","description_kind":"plain","optional":true},
      "token":{"type":"string","description_kind":"plain","optional":true,"sensitive":true}},
    "description_kind":"plain"}},
  "resource_schemas":{"widget_server":{"version":1,"block":{
      "attributes":{"id":{"type":"string","description_kind":"plain","computed":true},
                    "name":{"type":"string","description_kind":"plain","required":true},
                    "labels":{"type":["map","string"],"description_kind":"plain","optional":true},
                    "disk":{"nested_type":{"attributes":{
                              "size":{"type":"number","description_kind":"plain","required":true}},
                            "nesting_mode":"list"},"description_kind":"plain","optional":true}},
      "block_types":{"network":{"nesting_mode":"list","block":{"attributes":{"cidr":{"type":"string",
                    "description_kind":"plain","required":true}},"description_kind":"plain"},"max_items":1}},
      "description_kind":"plain"}}}}}}`;

const provider: Schema = {
  version: 0,
  block: {
    attributes: {
      endpoint: { type: StringType, optional: true },
      token: { type: StringType, optional: true, sensitive: true },
    },
  },
};

const server: Schema = {
  version: 1,
  block: {
    attributes: {
      name: { type: StringType, required: true },
      id: { type: StringType, computed: true },
      labels: { type: mapOf(StringType), optional: true },
      disk: {
        nestedType: { nesting: "list", attributes: { size: { type: NumberType, required: true } } },
        optional: true,
      },
    },
    blockTypes: {
      network: { nesting: "list", maxItems: 1, block: { attributes: { cidr: { type: StringType, required: true } } } },
    },
  },
};

describe("providers schema -json", () => {
  it("reproduces the acme/widget example exactly", () => {
    const doc = schemasJsonDocument("example.com/acme/widget", {
      provider,
      resources: { widget_server: server },
      dataSources: {},
    });
    expect(doc).toEqual(JSON.parse(ACME_WIDGET_JSON));
    // and prints maps with sorted keys, as Go does
    expect(JSON.stringify(doc)).toContain('"attributes":{"disk":');
    expect(JSON.stringify(doc)).not.toContain("data_source_schemas");
  });

  it("omits empty/false fields, always prints version and description_kind", () => {
    expect(schemaToJson({ version: 0, block: { attributes: {} } })).toEqual({
      version: 0,
      block: { description_kind: "plain" },
    });
    const full = schemaToJson({
      version: 3,
      block: {
        description: "A **thing**",
        descriptionKind: "markdown",
        deprecated: true,
        deprecationMessage: "use other",
        attributes: {
          secret: {
            type: StringType,
            optional: true,
            writeOnly: true,
            sensitive: true,
            description: "pw",
            deprecated: true,
          },
          plain: { type: StringType, required: true, description: "" },
        },
        blockTypes: {
          g: { nesting: "set", minItems: 1, maxItems: 0, block: { attributes: {} } },
        },
      },
    });
    expect(full).toEqual({
      version: 3,
      block: {
        attributes: {
          plain: { type: "string", description_kind: "plain", required: true },
          secret: {
            type: "string",
            description: "pw",
            description_kind: "plain",
            deprecated: true,
            optional: true,
            sensitive: true,
            write_only: true,
          },
        },
        block_types: { g: { nesting_mode: "set", block: { description_kind: "plain" }, min_items: 1 } },
        description: "A **thing**",
        description_kind: "markdown",
        deprecated: true,
        deprecation_message: "use other",
      },
    });
  });

  it("includes data sources when there are some", () => {
    const doc = schemasJsonDocument("example.com/acme/widget", {
      provider,
      resources: {},
      dataSources: { widget_info: server },
    }) as {
      provider_schemas: Record<string, Record<string, unknown>>;
    };
    const entry = doc.provider_schemas["example.com/acme/widget"] as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(["provider", "data_source_schemas"]);
  });
});

describe("GetProviderSchema message", () => {
  it("lists attributes and blocks sorted by name with protocol enums and type bytes", () => {
    const msg = schemaModelToWire(server);
    expect(msg.version).toBe(1);
    expect(msg.block.version).toBe(0);
    expect(msg.block.attributes.map((a) => a.name)).toEqual(["disk", "id", "labels", "name"]);
    const [disk, id, labels, name] = msg.block.attributes;
    expect(id).toMatchObject({
      name: "id",
      computed: true,
      required: false,
      optional: false,
      description_kind: StringKind.PLAIN,
    });
    expect(id?.type?.toString()).toBe('"string"');
    expect(labels?.type?.toString()).toBe('["map","string"]');
    expect(name).toMatchObject({ required: true, write_only: false, sensitive: false });
    expect(disk?.type).toBeUndefined();
    expect(disk?.nested_type?.nesting).toBe(ObjectNesting.LIST);
    expect(disk?.nested_type?.attributes[0]?.name).toBe("size");
    expect(disk?.nested_type?.attributes[0]?.type?.toString()).toBe('"number"');
    expect(msg.block.block_types).toHaveLength(1);
    expect(msg.block.block_types[0]).toMatchObject({
      type_name: "network",
      nesting: BlockNesting.LIST,
      min_items: 0,
      max_items: 1,
    });
    expect(msg.block.block_types[0]?.block.attributes[0]).toMatchObject({ name: "cidr", required: true });
  });

  it("maps every nesting mode, markdown descriptions and write-only", () => {
    const modes = ["single", "group", "list", "set", "map"] as const;
    const msg = schemaModelToWire({
      version: 0,
      block: {
        descriptionKind: "markdown",
        description: "d",
        attributes: {
          pw: { type: StringType, optional: true, writeOnly: true, descriptionKind: "markdown" },
          s: { nestedType: { nesting: "single", attributes: {} }, optional: true },
          st: { nestedType: { nesting: "set", attributes: {} }, optional: true },
          m: { nestedType: { nesting: "map", attributes: {} }, optional: true },
        },
        blockTypes: Object.fromEntries(modes.map((m) => [m, { nesting: m, block: { attributes: {} } }])),
      },
    });
    expect(msg.block.description_kind).toBe(StringKind.MARKDOWN);
    expect(msg.block.attributes.find((a) => a.name === "pw")).toMatchObject({
      write_only: true,
      description_kind: StringKind.MARKDOWN,
    });
    expect(
      Object.fromEntries(
        msg.block.attributes.filter((a) => a.nested_type).map((a) => [a.name, a.nested_type?.nesting]),
      ),
    ).toEqual({
      s: ObjectNesting.SINGLE,
      st: ObjectNesting.SET,
      m: ObjectNesting.MAP,
    });
    expect(Object.fromEntries(msg.block.block_types.map((b) => [b.type_name, b.nesting]))).toEqual({
      group: BlockNesting.GROUP,
      list: BlockNesting.LIST,
      map: BlockNesting.MAP,
      set: BlockNesting.SET,
      single: BlockNesting.SINGLE,
    });
  });

  it("refuses an invalid nesting mode instead of sending INVALID", () => {
    const bad = {
      version: 0,
      block: { attributes: {}, blockTypes: { b: { nesting: "tuple", block: { attributes: {} } } } },
    } as unknown as Schema;
    expect(() => schemaModelToWire(bad)).toThrow(/invalid nesting mode "tuple"/);
  });
});
