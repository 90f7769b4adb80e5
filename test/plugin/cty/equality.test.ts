import {
  DynamicType,
  DynamicValue,
  NumberType,
  StringType,
  TfNumber,
  UNKNOWN,
  Unknown,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  type Value,
} from "../../../src/plugin";
import { conformsTo, isWhollyKnown, nullObjectFor, valuesEqual } from "../../../src/plugin/cty";

const n = (s: string): TfNumber => TfNumber.parse(s);

describe("valuesEqual", () => {
  it("compares numbers by canonical text", () => {
    expect(valuesEqual(n("1.50"), n("1.5"), NumberType)).toBe(true);
    expect(valuesEqual(n("0.1"), TfNumber.of(0.1), NumberType)).toBe(true);
    expect(valuesEqual(n("0.1"), n("0.10000000000000001"), NumberType)).toBe(false);
  });

  it("treats null, unknown and known as different things", () => {
    expect(valuesEqual(null, null, StringType)).toBe(true);
    expect(valuesEqual(null, "", StringType)).toBe(false);
    expect(valuesEqual(UNKNOWN, new Unknown({ notNull: true }), StringType)).toBe(true);
    expect(valuesEqual(UNKNOWN, null, StringType)).toBe(false);
    expect(valuesEqual(UNKNOWN, "x", StringType)).toBe(false);
  });

  it("ignores set order but not list order", () => {
    expect(valuesEqual(["a", "b"], ["b", "a"], setOf(StringType))).toBe(true);
    expect(valuesEqual(["a", "b"], ["b", "a"], listOf(StringType))).toBe(false);
    expect(valuesEqual(["a", "b"], ["a"], setOf(StringType))).toBe(false);
    const big = Array.from({ length: 50 }, (_, i) => `v${i}`);
    expect(valuesEqual(big, [...big].reverse(), setOf(StringType))).toBe(true);
    expect(valuesEqual(big, [...big.slice(1), "other"], setOf(StringType))).toBe(false);
    const objs = Array.from({ length: 12 }, (_, i) => ({ k: TfNumber.of(i), s: [String(i)] }));
    expect(valuesEqual(objs, [...objs].reverse(), setOf(objectOf({ k: NumberType, s: setOf(StringType) })))).toBe(true);
  });

  it("compares maps by keys and objects by the type's attributes", () => {
    expect(valuesEqual({ a: "1", b: "2" }, { b: "2", a: "1" }, mapOf(StringType))).toBe(true);
    expect(valuesEqual({ a: "1" }, { a: "1", b: "2" }, mapOf(StringType))).toBe(false);
    const t = objectOf({ a: StringType, b: listOf(NumberType) });
    expect(valuesEqual({ a: "x", b: [n("1")] }, { a: "x", b: [n("1.0")] }, t)).toBe(true);
    expect(valuesEqual({ a: "x", b: [n("1")] }, { a: "x", b: [n("2")] }, t)).toBe(false);
  });

  it("compares dynamic values by type and value", () => {
    expect(valuesEqual(new DynamicValue(StringType, "a"), new DynamicValue(StringType, "a"), DynamicType)).toBe(true);
    expect(valuesEqual(new DynamicValue(StringType, "1"), new DynamicValue(NumberType, n("1")), DynamicType)).toBe(
      false,
    );
    expect(valuesEqual(new DynamicValue(StringType, null), null, DynamicType)).toBe(false);
  });
});

describe("isWhollyKnown", () => {
  it("finds unknowns at any depth, including inside dynamic values", () => {
    const t = objectOf({ a: listOf(mapOf(StringType)), d: DynamicType });
    expect(isWhollyKnown({ a: [{ x: "1" }], d: new DynamicValue(StringType, "s") }, t)).toBe(true);
    expect(isWhollyKnown({ a: [{ x: UNKNOWN }], d: null }, t)).toBe(false);
    expect(isWhollyKnown({ a: null, d: new DynamicValue(listOf(StringType), ["a", UNKNOWN]) }, t)).toBe(false);
    expect(isWhollyKnown(UNKNOWN, t)).toBe(false);
    expect(isWhollyKnown(null, t)).toBe(true);
  });
});

describe("conformsTo", () => {
  const t = objectOf({
    id: StringType,
    tags: mapOf(StringType),
    disks: listOf(objectOf({ size: NumberType })),
    d: DynamicType,
  });
  const good = { id: "x", tags: { a: "b" }, disks: [{ size: n("1") }], d: null };

  it("accepts a well-formed value, with nulls and unknowns anywhere", () => {
    expect(conformsTo(good, t)).toBeNull();
    expect(conformsTo({ id: UNKNOWN, tags: null, disks: [UNKNOWN, { size: null }], d: UNKNOWN }, t)).toBeNull();
    expect(conformsTo(null, t)).toBeNull();
  });

  it.each<[string, Value, string]>([
    [
      "missing attribute",
      { id: "x", tags: null, disks: null },
      ".d: expected dynamic, got nothing (attribute missing)",
    ],
    ["extra attribute", { ...good, extra: "1", more: "2" }, 'unsupported attributes "extra", "more"'],
    [
      "number as JS number",
      { ...good, disks: [{ size: 1 as unknown as Value }] },
      ".disks[0].size: expected number, got a JavaScript number",
    ],
    ["string in a map", { ...good, tags: { a: n("1") } }, '.tags["a"]: expected string, got a number'],
    [
      "bare value in a dynamic slot",
      { ...good, d: "s" },
      ".d: a dynamic slot needs a DynamicValue (value plus its concrete type), got a string",
    ],
    [
      "wrong inner dynamic value",
      { ...good, d: new DynamicValue(NumberType, "s") },
      ".d: expected number, got a string",
    ],
    ["list instead of object", [], "expected object, got an array"],
    ["lone surrogate", { ...good, id: "a\ud800" }, ".id: string contains a lone UTF-16 surrogate (not valid Unicode)"],
  ])("reports %s", (_name, v, message) => {
    expect(conformsTo(v, t)).toBe(message);
  });

  it("reports duplicate known set elements but allows several unknowns", () => {
    expect(conformsTo(["a", "b", "a"], setOf(StringType))).toBe(
      "set elements [0] and [2] are equal (Terraform would merge them into one)",
    );
    expect(conformsTo([UNKNOWN, UNKNOWN, "a"], setOf(StringType))).toBeNull();
    expect(conformsTo([{ a: n("1") }, { a: n("1.0") }], setOf(objectOf({ a: NumberType })))).toMatch(/are equal/);
  });

  it("checks tuple length", () => {
    expect(conformsTo(["a"], tupleOf([StringType, StringType]))).toBe("expected a tuple of 2 elements, got 1");
  });
});

describe("nullObjectFor", () => {
  it("builds an object with every attribute null", () => {
    const t = objectOf({ b: StringType, a: listOf(StringType) });
    expect(nullObjectFor(t)).toEqual({ a: null, b: null });
    expect(conformsTo(nullObjectFor(t), t)).toBeNull();
    expect(() => nullObjectFor(StringType)).toThrow(/needs an object type/);
  });
});
