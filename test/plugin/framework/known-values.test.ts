import { BoolType, NumberType, StringType, listOf, objectOf, setOf } from "../../../src/plugin/cty/types";
import { TfNumber, UNKNOWN, type ValueObject } from "../../../src/plugin/cty/value";
import { attr } from "../../../src/plugin/framework/path";
import { ProviderError } from "../../../src/plugin/framework/diagnostics";
import { readerFor } from "../../../src/plugin/framework/values";

const type = objectOf({
  name: StringType,
  id: NumberType,
  enabled: BoolType,
  later: StringType,
  later_id: NumberType,
  missing: StringType,
  tags: setOf(StringType),
  rules: listOf(objectOf({ host: StringType })),
});

const value: ValueObject = {
  name: "alpha",
  id: TfNumber.of(42),
  enabled: false,
  later: UNKNOWN,
  later_id: UNKNOWN,
  missing: null,
  tags: ["x"],
  rules: [{ host: "h" }],
};

describe("known* getters", () => {
  const r = readerFor(value, type);

  it("return known values, and null for null and for unknown alike", () => {
    expect(r.knownString("name")).toBe("alpha");
    expect(r.knownNumber("id")).toBe(42);
    expect(r.knownBool("enabled")).toBe(false);
    expect(r.knownString("later")).toBeNull();
    expect(r.knownNumber("later_id")).toBeNull();
    expect(r.knownString("missing")).toBeNull();
    expect(r.knownString(attr("rules").index(0).attr("host"))).toBe("h");
  });

  it("throw for a value of another type, naming the attribute", () => {
    expect(() => r.knownString("id")).toThrow("Value of id is not a string");
    expect(() => r.knownNumber("name")).toThrow("Value of name is not a number");
    expect(() => r.knownBool("name")).toThrow("Value of name is not a bool");
  });

  it("knownNumber never rounds: a value a double cannot hold exactly is an error", () => {
    const big = readerFor({ ...value, id: TfNumber.parse("9007199254740993") }, type);
    expect(() => big.knownNumber("id")).toThrow(ProviderError);
    expect(() => big.knownNumber("id")).toThrow(/id cannot be represented exactly/);
    const decimal = readerFor({ ...value, id: TfNumber.parse("0.1000000000000000000001") }, type);
    expect(() => decimal.knownNumber("id")).toThrow(/cannot be represented exactly/);
    expect(readerFor({ ...value, id: TfNumber.parse("1.5") }, type).knownNumber("id")).toBe(1.5);
  });
});

describe("paths outside the schema", () => {
  const r = readerFor(value, type);
  it("are an error for every read, not a silent null", () => {
    for (const read of [
      () => r.get("nmae"),
      () => r.isNull("nmae"),
      () => r.isUnknown("nmae"),
      () => r.isWhollyKnown("nmae"),
      () => r.knownString("nmae"),
      () => r.getString("nmae"),
      () => r.get(attr("rules").index(0).attr("port")),
    ]) {
      expect(read).toThrow(/is not in the schema/);
    }
  });

  it("set elements and missing list elements are still readable", () => {
    expect(r.get(attr("tags").index(0))).toBe("x");
    expect(r.get(attr("rules").index(5))).toBeNull();
  });
});
