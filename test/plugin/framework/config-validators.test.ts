import { NumberType, StringType, objectOf } from "../../../src/plugin/cty/types";
import { TfNumber, UNKNOWN, type ValueObject } from "../../../src/plugin/cty/value";
import { Diagnostics } from "../../../src/plugin/framework/diagnostics";
import { configValidators, type ConfigValidator } from "../../../src/plugin/framework/config-validators";
import { readerFor } from "../../../src/plugin/framework/values";

const { alsoRequires, atLeastOneOf, conflicting, exactlyOneOf } = configValidators;

const type = objectOf({ a: StringType, b: StringType, c: NumberType });

function run(v: ConfigValidator, config: Partial<ValueObject>): { summary: string; detail?: string; path?: string }[] {
  const d = new Diagnostics();
  v.validate({ config: readerFor({ a: null, b: null, c: null, ...config } as ValueObject, type), diagnostics: d });
  return d.items.map((i) => ({ summary: i.summary, detail: i.detail, path: i.path?.toString() }));
}

describe("resource-level config validators", () => {
  it("conflicting: the second attribute set is named; unknowns never conflict", () => {
    const v = conflicting(["a", "b"]);
    expect(run(v, { a: "x" })).toEqual([]);
    expect(run(v, { a: "x", b: UNKNOWN })).toEqual([]);
    expect(run(v, { a: "x", b: "y" })).toEqual([
      {
        summary: "Invalid Attribute Combination",
        detail: "Only one of [a, b] may be set; a, b are all set.",
        path: "b",
      },
    ]);
  });

  it("alsoRequires: points at the attribute that needs the others; unknown counts as maybe set", () => {
    const v = alsoRequires("a", ["c"]);
    expect(run(v, {})).toEqual([]);
    expect(run(v, { a: "x", c: UNKNOWN })).toEqual([]);
    expect(run(v, { a: "x", c: TfNumber.of(1) })).toEqual([]);
    expect(run(v, { a: "x" })).toEqual([
      { summary: "Invalid Attribute Combination", detail: "c must be set when a is set.", path: "a" },
    ]);
  });

  it("atLeastOneOf and exactlyOneOf", () => {
    expect(run(atLeastOneOf(["a", "b"]), {})).toEqual([
      { summary: "Invalid Attribute Combination", detail: "At least one of [a, b] must be set.", path: "a" },
    ]);
    expect(run(atLeastOneOf(["a", "b"]), { b: UNKNOWN })).toEqual([]);
    const one = exactlyOneOf(["a", "b", "c"]);
    expect(run(one, { b: "y" })).toEqual([]);
    expect(run(one, { a: UNKNOWN })).toEqual([]);
    expect(run(one, {}).map((d) => [d.detail, d.path])).toEqual([["Exactly one of [a, b, c] must be set.", "a"]]);
    expect(run(one, { a: "x", c: TfNumber.of(2) }).map((d) => d.path)).toEqual(["c"]);
  });

  it("a custom message replaces the default wording, the path stays", () => {
    const v = conflicting(["a", "b"], { summary: "Invalid SIP registration", detail: "Set either a or b, not both." });
    expect(run(v, { a: "x", b: "y" })).toEqual([
      { summary: "Invalid SIP registration", detail: "Set either a or b, not both.", path: "b" },
    ]);
  });
});
