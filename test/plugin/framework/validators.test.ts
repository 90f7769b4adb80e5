import { NumberType, StringType, listOf, objectOf, type CtyType } from "../../../src/plugin/cty/types";
import { TfNumber, UNKNOWN, type Value, type ValueObject } from "../../../src/plugin/cty/value";
import type { Validator } from "../../../src/plugin/framework/api";
import { Diagnostics } from "../../../src/plugin/framework/diagnostics";
import { attr } from "../../../src/plugin/framework/path";
import { readerFor } from "../../../src/plugin/framework/values";
import {
  alsoRequires,
  atLeastOneOf,
  compareNumbers,
  conflictsWith,
  exactlyOneOf,
  intBetween,
  numberAtLeast,
  numberAtMost,
  numberBetween,
  sizeBetween,
  stringLengthAtLeast,
  stringLengthAtMost,
  stringLengthBetween,
  stringMatches,
  stringOneOf,
} from "../../../src/plugin/framework/validators";

const configType: CtyType = objectOf({
  a: StringType,
  b: StringType,
  c: StringType,
  n: NumberType,
  l: listOf(StringType),
});

function run(
  v: Validator,
  name: string,
  config: Partial<Record<string, Value>>,
  type: CtyType = StringType,
  sensitive = false,
): Diagnostics {
  const full: ValueObject = { a: null, b: null, c: null, n: null, l: null, ...config } as ValueObject;
  const diagnostics = new Diagnostics();
  v.validate({
    path: attr(name),
    type,
    value: full[name] ?? null,
    sensitive,
    config: readerFor(full, configType),
    diagnostics,
  });
  return diagnostics;
}

function details(d: Diagnostics): string[] {
  return d.items.map((i) => `${i.path?.toString()}: ${i.detail}`);
}

describe("value validators", () => {
  it("string length counts characters and names the attribute", () => {
    expect(run(stringLengthBetween(2, 3), "a", { a: "ab" }).hasErrors()).toBe(false);
    expect(run(stringLengthBetween(2, 3), "a", { a: "éé" }).hasErrors()).toBe(false);
    expect(details(run(stringLengthBetween(2, 3), "a", { a: "abcd" }))).toEqual([
      "a: Attribute a string length must be between 2 and 3, got: 4",
    ]);
    expect(run(stringLengthAtLeast(1), "a", { a: "" }).hasErrors()).toBe(true);
    expect(run(stringLengthAtMost(1), "a", { a: "ab" }).hasErrors()).toBe(true);
  });

  it("skip null and unknown values", () => {
    for (const v of [stringLengthAtLeast(5), stringMatches(/x/), stringOneOf("q")]) {
      expect(run(v, "a", { a: null }).hasErrors()).toBe(false);
      expect(run(v, "a", { a: UNKNOWN }).hasErrors()).toBe(false);
    }
    expect(run(numberBetween(1, 2), "n", { n: UNKNOWN }, NumberType).hasErrors()).toBe(false);
    expect(run(sizeBetween(1, 2), "l", { l: UNKNOWN }).hasErrors()).toBe(false);
  });

  it("regex must match the whole string", () => {
    const v = stringMatches(/[a-z]+/, "must be lowercase letters");
    expect(run(v, "a", { a: "abc" }).hasErrors()).toBe(false);
    expect(details(run(v, "a", { a: "abc1" }))).toEqual(["a: Attribute a must be lowercase letters"]);
  });

  it("never shows the value of a sensitive attribute", () => {
    expect(details(run(stringOneOf("udp", "tcp"), "a", { a: "hunter2" }, StringType, true))).toEqual([
      'a: Attribute a value must be one of: ["udp", "tcp"]',
    ]);
    expect(details(run(numberAtMost(5), "n", { n: TfNumber.of(42) }, NumberType, true))).toEqual([
      "n: Attribute n value must be at most 5",
    ]);
  });

  it("oneOf lists the allowed values", () => {
    expect(details(run(stringOneOf("udp", "tcp"), "a", { a: "tls" }))).toEqual([
      'a: Attribute a value must be one of: ["udp", "tcp"], got: "tls"',
    ]);
  });

  it("number ranges compare exactly, including decimals that doubles cannot hold", () => {
    const n = (s: string) => ({ n: TfNumber.parse(s) });
    expect(run(numberBetween("0.1", "0.3"), "n", n("0.1"), NumberType).hasErrors()).toBe(false);
    expect(run(numberBetween("0.1", "0.3"), "n", n("0.30000000000000000001"), NumberType).hasErrors()).toBe(true);
    expect(run(numberAtLeast(10), "n", n("9.999"), NumberType).hasErrors()).toBe(true);
    expect(run(numberAtMost(-1), "n", n("-2"), NumberType).hasErrors()).toBe(false);
    expect(details(run(intBetween(1, 65535), "n", n("1.5"), NumberType))).toEqual([
      "n: Attribute n value must be a whole number, got: 1.5",
    ]);
    expect(run(intBetween(1, 65535), "n", n("65536"), NumberType).hasErrors()).toBe(true);
    expect(run(intBetween(1, 65535), "n", n("5060"), NumberType).hasErrors()).toBe(false);
  });

  it("compareNumbers orders signs, magnitudes, fractions and infinities", () => {
    const c = (a: string, b: string) => compareNumbers(TfNumber.parse(a), TfNumber.parse(b));
    expect(c("-5", "3")).toBe(-1);
    expect(c("-5", "-3")).toBe(-1);
    expect(c("10", "9.99")).toBe(1);
    expect(c("0.25", "0.3")).toBe(-1);
    expect(c("Infinity", "1e300")).toBe(1);
    expect(c("-Infinity", "-1e300")).toBe(-1);
    expect(c("1.50", "1.5")).toBe(0);
  });

  it("sizeBetween counts list elements", () => {
    expect(run(sizeBetween(1, 2), "l", { l: ["a", "b", "c"] }).hasErrors()).toBe(true);
    expect(run(sizeBetween(1, 2), "l", { l: ["a"] }).hasErrors()).toBe(false);
  });
});

describe("cross-attribute validators", () => {
  it("conflictsWith errors only when both are known and set", () => {
    expect(details(run(conflictsWith("b"), "a", { a: "x", b: "y" }))).toEqual([
      "a: Attribute b cannot be specified when a is specified",
    ]);
    expect(run(conflictsWith("b"), "a", { a: "x", b: UNKNOWN }).hasErrors()).toBe(false);
    expect(run(conflictsWith("b"), "a", { a: UNKNOWN, b: "y" }).hasErrors()).toBe(false);
    expect(run(conflictsWith("b"), "a", { a: "x" }).hasErrors()).toBe(false);
  });

  it("alsoRequires errors when a required partner is known null", () => {
    expect(details(run(alsoRequires("b", "c"), "a", { a: "x", b: "y" }))).toEqual([
      "a: Attribute c must be specified when a is specified",
    ]);
    expect(run(alsoRequires("b"), "a", { a: "x", b: UNKNOWN }).hasErrors()).toBe(false);
    expect(run(alsoRequires("b"), "a", {}).hasErrors()).toBe(false);
  });

  it("atLeastOneOf passes when any is set or unknown", () => {
    expect(details(run(atLeastOneOf("b"), "a", {}))).toEqual([
      "a: At least one attribute out of [a, b] must be specified",
    ]);
    expect(run(atLeastOneOf("b"), "a", { b: "y" }).hasErrors()).toBe(false);
    expect(run(atLeastOneOf("b"), "a", { b: UNKNOWN }).hasErrors()).toBe(false);
  });

  it("exactlyOneOf counts known values and tolerates unknowns only when it can still hold", () => {
    expect(details(run(exactlyOneOf("b"), "a", {}))).toEqual([
      "a: No attribute specified when one (and only one) of [a, b] is required",
    ]);
    expect(details(run(exactlyOneOf("b"), "a", { a: "x", b: "y" }))).toEqual([
      "a: 2 attributes specified when one (and only one) of [a, b] is required",
    ]);
    expect(run(exactlyOneOf("b"), "a", { a: "x" }).hasErrors()).toBe(false);
    expect(run(exactlyOneOf("b"), "a", { b: UNKNOWN }).hasErrors()).toBe(false);
    expect(run(exactlyOneOf("b", "c"), "a", { b: "y", c: UNKNOWN }).hasErrors()).toBe(false);
  });
});
