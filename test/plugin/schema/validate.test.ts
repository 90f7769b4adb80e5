// Schema rules Terraform enforces (docs/design/plugin-protocol.md, "Schemas") plus the framework's own.
import { DynamicType, NumberType, StringType, listOf, type CtyType } from "../../../src/plugin";
import {
  terraformSchemaProblems,
  type Attribute,
  type Block,
  type NestedBlock,
  type Schema,
} from "../../../src/plugin/schema";

const S = (block: Block, version = 0): Schema => ({ version, block });
const opt: Attribute = { type: StringType, optional: true };
const leaf: Block = { attributes: { a: opt } };
const withBlock = (nb: NestedBlock): Schema => S({ attributes: {}, blockTypes: { b: nb } });

describe("terraformSchemaProblems", () => {
  it("accepts a well-formed schema", () => {
    expect(
      terraformSchemaProblems(
        S(
          {
            attributes: {
              id: { type: StringType, computed: true },
              name: { type: StringType, required: true },
              pw: { type: StringType, optional: true, writeOnly: true, sensitive: true },
              disks: {
                nestedType: { nesting: "list", attributes: { size: { type: NumberType, required: true } } },
                optional: true,
              },
            },
            blockTypes: {
              net: { nesting: "list", maxItems: 1, block: leaf },
              one: { nesting: "single", minItems: 1, maxItems: 1, block: leaf },
            },
          },
          2,
        ),
        "resource",
      ),
    ).toEqual([]);
  });

  it.each<[string, Schema, string]>([
    ["negative version", S({ attributes: {} }, -1), "version: must be a non-negative integer, got -1"],
    ["no flags", S({ attributes: { a: { type: StringType } } }), "a: must be required, optional or computed"],
    [
      "required+optional",
      S({ attributes: { a: { type: StringType, required: true, optional: true } } }),
      "a: cannot be both required and optional",
    ],
    [
      "required+computed",
      S({ attributes: { a: { type: StringType, required: true, computed: true } } }),
      "a: cannot be both required and computed",
    ],
    [
      "neither type nor nestedType",
      S({ attributes: { a: { optional: true } } }),
      "a: must have exactly one of type or nestedType",
    ],
    [
      "both type and nestedType",
      S({ attributes: { a: { ...opt, nestedType: { nesting: "single", attributes: {} } } } }),
      "a: must have exactly one of type or nestedType",
    ],
    [
      "deprecation message alone",
      S({ attributes: { a: { ...opt, deprecationMessage: "x" } } }),
      "a: deprecationMessage is set but deprecated is not",
    ],
    [
      "block deprecation message alone",
      S({ attributes: {}, deprecationMessage: "x" }),
      "(root block): deprecationMessage is set but deprecated is not",
    ],
    [
      "bad attribute name",
      S({ attributes: { Name: opt } }),
      'Name: invalid name "Name" (lowercase letters, digits and underscores, not starting with a digit)',
    ],
    ["name starting with a digit", S({ attributes: { "1a": opt } }), 'invalid name "1a"'],
    [
      "bad block name",
      S({ attributes: {}, blockTypes: { "my-block": { nesting: "list", block: leaf } } }),
      'my-block: invalid name "my-block"',
    ],
    [
      "bad nested attribute name",
      S({ attributes: { n: { nestedType: { nesting: "single", attributes: { "x y": opt } }, optional: true } } }),
      "n.x y: invalid name",
    ],
    [
      "attribute and block with one name",
      S({ attributes: { b: opt }, blockTypes: { b: { nesting: "list", block: leaf } } }),
      "b: the name is used both for an attribute and for a nested block",
    ],
    [
      "single with min != max",
      withBlock({ nesting: "single", minItems: 1, block: leaf }),
      "b: minItems and maxItems must match in single nesting mode",
    ],
    [
      "single with 2",
      withBlock({ nesting: "single", minItems: 2, maxItems: 2, block: leaf }),
      "b: minItems and maxItems must be 0 or 1 in single nesting mode",
    ],
    [
      "group with counts",
      withBlock({ nesting: "group", maxItems: 1, block: leaf }),
      "b: minItems and maxItems cannot be used in group nesting mode",
    ],
    [
      "list min > max",
      withBlock({ nesting: "list", minItems: 3, maxItems: 2, block: leaf }),
      "b: minItems must be less than or equal to maxItems in list nesting mode",
    ],
    ["set min > max", withBlock({ nesting: "set", minItems: 3, maxItems: 2, block: leaf }), "in set nesting mode"],
    [
      "map with counts",
      withBlock({ nesting: "map", minItems: 1, block: leaf }),
      "b: minItems and maxItems must both be 0 in map nesting mode",
    ],
    [
      "negative count",
      withBlock({ nesting: "list", minItems: -1, block: leaf }),
      "b: minItems must be a non-negative integer",
    ],
    [
      "invalid block nesting",
      withBlock({ nesting: "tuple" as "list", block: leaf }),
      'b: nesting must be single, group, list, set or map, got "tuple"',
    ],
    [
      "invalid attribute nesting",
      S({ attributes: { n: { nestedType: { nesting: "group" as "single", attributes: {} }, optional: true } } }),
      'n: nested attribute nesting must be single, list, set or map, got "group"',
    ],
    [
      "dynamic in a SET block",
      withBlock({ nesting: "set", block: { attributes: { d: { type: listOf(DynamicType), optional: true } } } }),
      "b: SET nested blocks may not contain attributes of dynamic type",
    ],
    [
      "dynamic in a SET nested attribute",
      S({
        attributes: {
          n: {
            nestedType: { nesting: "set", attributes: { d: { type: DynamicType, optional: true } } },
            optional: true,
          },
        },
      }),
      "n: SET nested attributes may not contain dynamic types",
    ],
    [
      "write-only in a SET block",
      withBlock({ nesting: "set", block: { attributes: { pw: { ...opt, writeOnly: true } } } }),
      "b.pw: write-only attributes are not allowed inside SET nested blocks or attributes",
    ],
    [
      "write-only deep inside a SET nested attribute",
      S({
        attributes: {
          n: {
            nestedType: {
              nesting: "set",
              attributes: {
                m: {
                  nestedType: { nesting: "single", attributes: { pw: { ...opt, writeOnly: true } } },
                  optional: true,
                },
              },
            },
            optional: true,
          },
        },
      }),
      "n.m.pw: write-only attributes are not allowed inside SET",
    ],
    [
      "write-only computed",
      S({ attributes: { pw: { type: StringType, optional: true, computed: true, writeOnly: true } } }),
      "pw: a write-only attribute cannot be computed",
    ],
    [
      "invalid type",
      S({ attributes: { a: { type: { kind: "list" } as unknown as CtyType, optional: true } } }),
      "a: invalid type: list without an element type",
    ],
    [
      "unknown type kind",
      S({ attributes: { a: { type: { kind: "int" } as unknown as CtyType, optional: true } } }),
      'a: invalid type: unknown type kind "int"',
    ],
    [
      "optional markers",
      S({
        attributes: { a: { type: { kind: "object", attributes: { x: StringType }, optional: ["x"] }, optional: true } },
      }),
      "a: object types with optional-attribute markers are not supported",
    ],
    [
      "bad description kind",
      S({ attributes: { a: { ...opt, descriptionKind: "html" as "plain" } } }),
      'a: descriptionKind must be "plain" or "markdown"',
    ],
  ])("catches %s", (_name, schema, message) => {
    const problems = terraformSchemaProblems(schema, "resource");
    expect(problems.some((p) => p.includes(message))).toBe(true);
  });

  it("reserves meta-argument names at the top level only", () => {
    for (const name of ["connection", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioner"]) {
      expect(terraformSchemaProblems(S({ attributes: { [name]: opt } }), "resource")).toEqual([
        `${name}: the name is reserved for Terraform's resource block meta-argument`,
      ]);
      expect(
        terraformSchemaProblems(
          S({ attributes: {}, blockTypes: { [name]: { nesting: "list", block: leaf } } }),
          "data",
        ),
      ).toEqual([`${name}: the name is reserved for Terraform's data block meta-argument`]);
      expect(terraformSchemaProblems(S({ attributes: { [name]: opt } }), "provider")).toEqual([]);
    }
    for (const name of ["alias", "version"]) {
      expect(terraformSchemaProblems(S({ attributes: { [name]: opt } }), "provider")).toEqual([
        `${name}: the name is reserved for Terraform's provider meta-argument`,
      ]);
      expect(terraformSchemaProblems(S({ attributes: { [name]: opt } }), "resource")).toEqual([]);
    }
    // nested names are free
    expect(
      terraformSchemaProblems(
        S({ attributes: {}, blockTypes: { b: { nesting: "list", block: { attributes: { count: opt } } } } }),
        "resource",
      ),
    ).toEqual([]);
  });

  it("allows write-only attributes only in managed resources", () => {
    const s = S({ attributes: { pw: { ...opt, writeOnly: true } } });
    expect(terraformSchemaProblems(s, "resource")).toEqual([]);
    expect(terraformSchemaProblems(s, "data")).toEqual([
      "pw: write-only attributes are only allowed in managed resource schemas",
    ]);
    expect(terraformSchemaProblems(s, "provider")).toEqual([
      "pw: write-only attributes are only allowed in managed resource schemas",
    ]);
  });

  it("reports every problem, not just the first", () => {
    const problems = terraformSchemaProblems(
      S({ attributes: { A: { type: StringType }, b: { type: StringType, required: true, optional: true } } }, -2),
      "resource",
    );
    expect(problems).toHaveLength(4);
  });
});
