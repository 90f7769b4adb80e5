import { BoolType, NumberType, StringType, listOf, mapOf, objectOf, setOf } from "../../../src/plugin/cty/types";
import { DynamicValue, TfNumber, UNKNOWN, type ValueObject } from "../../../src/plugin/cty/value";
import { attr, AttributePath } from "../../../src/plugin/framework/path";
import { ProviderError } from "../../../src/plugin/framework/diagnostics";
import {
  fromInput,
  getAt,
  isValueWhollyKnown,
  readerFor,
  setAt,
  typeAt,
  writerFor,
} from "../../../src/plugin/framework/values";

const type = objectOf({
  name: StringType,
  port: NumberType,
  ratio: NumberType,
  enabled: BoolType,
  tags: listOf(StringType),
  labels: mapOf(StringType),
  rules: listOf(objectOf({ host: StringType })),
  pending: StringType,
});

const value: ValueObject = {
  name: "alpha",
  port: TfNumber.of(5060),
  ratio: TfNumber.parse("0.1"),
  enabled: true,
  tags: ["a", "b"],
  labels: { env: "prod" },
  rules: [{ host: "h1" }],
  pending: UNKNOWN,
};

describe("readerFor", () => {
  const r = readerFor(value, type);
  it("reads typed values", () => {
    expect(r.getString("name")).toBe("alpha");
    expect(r.getInt("port")).toBe(5060);
    expect(r.getNumber("ratio")?.text).toBe("0.1");
    expect(r.getFloat("ratio")).toBe(0.1);
    expect(r.getBool("enabled")).toBe(true);
    expect(r.getStringList("tags")).toEqual(["a", "b"]);
    expect(r.getStringMap("labels")).toEqual({ env: "prod" });
    expect(r.getString(attr("rules").index(0).attr("host"))).toBe("h1");
  });
  it("returns null below a missing element and reports unknowns", () => {
    expect(r.get(attr("rules").index(5).attr("host"))).toBeNull();
    expect(r.isUnknown("pending")).toBe(true);
    expect(r.isWhollyKnown()).toBe(false);
    expect(r.isWhollyKnown("tags")).toBe(true);
  });
  it("throws a ProviderError naming the attribute for unknown, mistyped or unschema'd reads", () => {
    expect(() => r.getString("pending")).toThrow(/pending is not known yet/);
    expect(() => r.getString("port")).toThrow(/port is not a string/);
    expect(() => r.getInt("ratio")).toThrow(/ratio must be a whole number/);
    expect(() => r.getString("nope")).toThrow(ProviderError);
    expect(() => r.getString("nope")).toThrow(/nope is not in the schema/);
  });
});

describe("writerFor", () => {
  it("sets values by path without touching the original object", () => {
    const w = writerFor(value, type);
    w.set("port", 5070);
    w.setUnknown(attr("rules").index(0).attr("host"));
    expect(w.getInt("port")).toBe(5070);
    expect(w.isUnknown(attr("rules").index(0).attr("host"))).toBe(true);
    expect((value.port as TfNumber).text).toBe("5060");
    expect((value.rules as ValueObject[])[0]!.host).toBe("h1");
  });
  it("rejects values of the wrong type and paths outside the schema", () => {
    const w = writerFor(value, type);
    expect(() => w.set("port", "x")).toThrow(/port: expected a number, got a string/);
    expect(() => w.set("other", 1)).toThrow(/other is not in the schema/);
    expect(() => w.set(attr("rules").index(3).attr("host"), "h")).toThrow(/no such element/);
  });
});

describe("fromInput", () => {
  it("converts JS numbers and bigints exactly and fills omitted attributes with null", () => {
    const v = fromInput(
      { name: "x", port: 1.5, ratio: 12345678901234567890n },
      type,
      AttributePath.ROOT,
    ) as ValueObject;
    expect((v.port as TfNumber).text).toBe("1.5");
    expect((v.ratio as TfNumber).text).toBe("12345678901234567890");
    expect(v.tags).toBeNull();
    expect(Object.keys(v).sort()).toEqual(Object.keys(type.kind === "object" ? type.attributes : {}).sort());
  });
  it("rejects extra attributes, NaN and wrong kinds with the path", () => {
    expect(() => fromInput({ extra: 1 }, type, AttributePath.ROOT)).toThrow(/extra: no such attribute/);
    expect(() => fromInput({ port: NaN }, type, AttributePath.ROOT)).toThrow(/port: NaN/);
    expect(() => fromInput({ tags: "a" }, type, AttributePath.ROOT)).toThrow(/tags: expected a list/);
    expect(() => fromInput([1], setOf(StringType), attr("s"))).toThrow(/s\[0\]: expected a string/);
  });
  it("requires DynamicValue for dynamic slots", () => {
    const dv = new DynamicValue(StringType, "x");
    expect(fromInput(dv, { kind: "dynamic" }, attr("d"))).toBe(dv);
    expect(() => fromInput("x", { kind: "dynamic" }, attr("d"))).toThrow(/DynamicValue/);
  });
});

describe("path helpers", () => {
  it("getAt / setAt / typeAt agree on paths", () => {
    const p = attr("labels").key("env");
    expect(getAt(value, p)).toBe("prod");
    expect(getAt(setAt(value, p, "dev"), p)).toBe("dev");
    expect(typeAt(type, p)).toEqual(StringType);
    expect(typeAt(type, attr("labels").index(0))).toBeUndefined();
    expect(getAt(UNKNOWN, attr("a"))).toBe(UNKNOWN);
    expect(isValueWhollyKnown([{ a: [UNKNOWN] }])).toBe(false);
  });
});
