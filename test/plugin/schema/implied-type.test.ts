// The object type Terraform uses for a block's values.
import {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
  type CtyType,
} from "../../../src/plugin";
import { typeEquals, typeJsonText } from "../../../src/plugin/cty";
import { attributeType, impliedType, type Block } from "../../../src/plugin/schema";

const leaf: Block = { attributes: { cidr: { type: StringType, required: true } } };
const leafType = objectOf({ cidr: StringType });

function expectType(actual: CtyType, expected: CtyType): void {
  expect(typeJsonText(actual)).toBe(typeJsonText(expected));
  expect(typeEquals(actual, expected)).toBe(true);
}

describe("impliedType", () => {
  it("maps plain attributes to their types", () => {
    expectType(
      impliedType({
        attributes: {
          id: { type: StringType, computed: true },
          n: { type: NumberType, optional: true },
          b: { type: BoolType, optional: true },
        },
      }),
      objectOf({ id: StringType, n: NumberType, b: BoolType }),
    );
    expectType(impliedType({ attributes: {} }), objectOf({}));
  });

  it.each([
    ["single", leafType],
    ["list", listOf(leafType)],
    ["set", setOf(leafType)],
    ["map", mapOf(leafType)],
  ] as const)("nested attributes with %s nesting", (nesting, inner) => {
    const b: Block = { attributes: { disk: { nestedType: { nesting, attributes: leaf.attributes }, optional: true } } };
    expectType(impliedType(b), objectOf({ disk: inner }));
  });

  it.each([
    ["single", leafType],
    ["group", leafType],
    ["list", listOf(leafType)],
    ["set", setOf(leafType)],
    ["map", mapOf(leafType)],
  ] as const)("nested blocks with %s nesting", (nesting, inner) => {
    const b: Block = {
      attributes: { id: { type: StringType, computed: true } },
      blockTypes: { network: { nesting, block: leaf } },
    };
    expectType(impliedType(b), objectOf({ id: StringType, network: inner }));
  });

  it("turns LIST and MAP blocks that contain dynamic anywhere into dynamic", () => {
    const dynLeaf: Block = { attributes: { v: { type: listOf(DynamicType), optional: true } } };
    for (const nesting of ["list", "map"] as const) {
      expectType(
        impliedType({ attributes: {}, blockTypes: { b: { nesting, block: dynLeaf } } }),
        objectOf({ b: DynamicType }),
      );
    }
    // single/group keep the object (it carries its own dynamic slot)
    expectType(
      impliedType({ attributes: {}, blockTypes: { b: { nesting: "single", block: dynLeaf } } }),
      objectOf({ b: objectOf({ v: listOf(DynamicType) }) }),
    );
    // propagates: an outer LIST block whose inner LIST block became dynamic is dynamic too
    const outer: Block = { attributes: {}, blockTypes: { inner: { nesting: "list", block: dynLeaf } } };
    expectType(
      impliedType({ attributes: {}, blockTypes: { o: { nesting: "list", block: outer } } }),
      objectOf({ o: DynamicType }),
    );
    // blocks without dynamic are unaffected
    expectType(
      impliedType({ attributes: {}, blockTypes: { o: { nesting: "list", block: leaf } } }),
      objectOf({ o: listOf(leafType) }),
    );
  });

  it("strips optional-attribute markers from attribute types", () => {
    const t = { kind: "object", attributes: { a: StringType }, optional: ["a"] } as const;
    expectType(attributeType({ type: listOf(t), optional: true }), listOf(objectOf({ a: StringType })));
  });

  it("is cached per block (schemas are immutable)", () => {
    const b: Block = { attributes: { a: { type: StringType, optional: true } } };
    expect(impliedType(b)).toBe(impliedType(b));
  });

  it("refuses a name that is both an attribute and a block, and attributes without a type", () => {
    expect(() =>
      impliedType({
        attributes: { x: { type: StringType, optional: true } },
        blockTypes: { x: { nesting: "list", block: leaf } },
      }),
    ).toThrow(/"x" is declared both as an attribute and as a block type/);
    expect(() => impliedType({ attributes: { x: { optional: true } } })).toThrow(/"x" has neither type nor nestedType/);
  });
});
