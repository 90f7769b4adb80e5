// Type JSON (docs/design/plugin-protocol.md, "Values on the wire"): exact bytes for Schema.Attribute.type and strict
// parsing.
import {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  type CtyType,
} from "../../../src/plugin";
import {
  TypeJsonError,
  hasDynamicTypes,
  typeEquals,
  typeFromJson,
  typeFromJsonText,
  typeJsonBytes,
  typeJsonText,
  typeToJson,
} from "../../../src/plugin/cty";

describe("writing", () => {
  it.each<[CtyType, string]>([
    [StringType, '"string"'],
    [NumberType, '"number"'],
    [BoolType, '"bool"'],
    [DynamicType, '"dynamic"'],
    [listOf(StringType), '["list","string"]'],
    [setOf(NumberType), '["set","number"]'],
    [mapOf(BoolType), '["map","bool"]'],
    [objectOf({ b: StringType, a: listOf(NumberType) }), '["object",{"a":["list","number"],"b":"string"}]'],
    [
      { kind: "object", attributes: { b: StringType, a: NumberType }, optional: ["b", "a"] },
      '["object",{"a":"number","b":"string"},["a","b"]]',
    ],
    [tupleOf([StringType, NumberType]), '["tuple",["string","number"]]'],
    [tupleOf([]), '["tuple",[]]'],
    [objectOf({}), '["object",{}]'],
  ])("%j → %s", (t, text) => {
    expect(typeJsonText(t)).toBe(text);
    expect(typeJsonBytes(t).toString("utf8")).toBe(text);
    expect(JSON.stringify(typeToJson(t))).toBe(text);
  });

  it("the string type is exactly 8 bytes, quotes included", () => {
    expect(typeJsonBytes(StringType)).toEqual(Buffer.from([0x22, 0x73, 0x74, 0x72, 0x69, 0x6e, 0x67, 0x22]));
  });

  it("escapes <, > and & in attribute names the way Go does", () => {
    expect(typeJsonText(objectOf({ "a<b": StringType }))).toBe('["object",{"a\\u003cb":"string"}]');
  });

  it("refuses things that are not types", () => {
    expect(() => typeToJson({ kind: "int" } as unknown as CtyType)).toThrow(/not a cty type/);
  });
});

describe("reading", () => {
  it("parses every kind", () => {
    const t = typeFromJson(["object", { a: ["tuple", ["string", ["set", "bool"]]], m: ["map", "dynamic"] }, ["m"]]);
    expect(
      typeEquals(t, {
        kind: "object",
        attributes: { a: tupleOf([StringType, setOf(BoolType)]), m: mapOf(DynamicType) },
        optional: ["m"],
      }),
    ).toBe(true);
  });

  it.each<[unknown, RegExp]>([
    ["int", /unknown type name "int"/],
    [["tuple", "string", "number"], /\["tuple", \[T...\]\] must have exactly 2 elements, got 3/],
    [["tuple", "string"], /tuple element types must be an array/],
    [["list"], /must have exactly 2 elements, got 1/],
    [["list", "string", "x"], /exactly 2 elements, got 3/],
    [["object", []], /attribute types must be a JSON object, got an array/],
    [["object", { a: "string" }, ["b"]], /optional attribute "b" is not an attribute/],
    [["object", { a: "string" }, ["a", "a"]], /listed twice/],
    [["object", { a: ["list", "strin"] }], /at \[1\]\.a\[1\]: unknown type name "strin"/],
    [["capsule", "x"], /unknown type kind "capsule"/],
    [42, /expected a type name string or a \[kind, ...\] array, got number/],
    [null, /got null/],
  ])("rejects %j", (j, message) => {
    expect(() => typeFromJson(j)).toThrow(TypeJsonError);
    expect(() => typeFromJson(j)).toThrow(message);
  });

  it("parses text and bytes, rejecting text that is not JSON (e.g. string without quotes)", () => {
    expect(typeFromJsonText(Buffer.from('["list","string"]'))).toEqual(listOf(StringType));
    expect(typeFromJsonText(' [ "map" , "number" ] ')).toEqual(mapOf(NumberType));
    expect(() => typeFromJsonText("string")).toThrow(/not JSON/);
  });

  it("returns frozen, cached results for repeated text", () => {
    const a = typeFromJsonText('["set","string"]');
    expect(typeFromJsonText('["set","string"]')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe("equality and helpers", () => {
  it("compares structurally, objects regardless of key order", () => {
    expect(typeEquals(objectOf({ a: StringType, b: NumberType }), objectOf({ b: NumberType, a: StringType }))).toBe(
      true,
    );
    expect(typeEquals(objectOf({ a: StringType }), objectOf({ a: NumberType }))).toBe(false);
    expect(typeEquals(objectOf({ a: StringType }), objectOf({ a: StringType, b: StringType }))).toBe(false);
    expect(typeEquals(listOf(StringType), setOf(StringType))).toBe(false);
    expect(typeEquals(tupleOf([StringType]), tupleOf([StringType, StringType]))).toBe(false);
    expect(
      typeEquals({ kind: "object", attributes: { a: StringType }, optional: ["a"] }, objectOf({ a: StringType })),
    ).toBe(false);
  });

  it("finds dynamic anywhere", () => {
    expect(hasDynamicTypes(listOf(objectOf({ a: tupleOf([StringType, DynamicType]) })))).toBe(true);
    expect(hasDynamicTypes(mapOf(objectOf({ a: StringType })))).toBe(false);
  });
});
