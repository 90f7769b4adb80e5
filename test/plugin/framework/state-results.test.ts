// How resource results become state: the apply merge (planned values kept, unknowns filled) and
// read results with a fallback; attribute names outside the schema are rejected by name.
import { NumberType, StringType, listOf, objectOf, setOf } from "../../../src/plugin/cty/types";
import { TfNumber, UNKNOWN, type ValueObject } from "../../../src/plugin/cty/value";
import { ProviderError } from "../../../src/plugin/framework/diagnostics";
import { mergeApplied, objectFromInput } from "../../../src/plugin/framework/state-results";

const n = (x: number) => TfNumber.of(x);
const type = objectOf({
  id: StringType,
  name: StringType,
  size: NumberType,
  tags: setOf(StringType),
  ports: listOf(NumberType),
});
const planned = (over: ValueObject = {}): ValueObject => ({
  id: UNKNOWN,
  name: "a",
  size: n(1),
  tags: null,
  ports: null,
  ...over,
});

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("mergeApplied", () => {
  test("fills unknowns from the result and keeps known planned values", () => {
    const { state, report } = mergeApplied(planned(), { id: "x1", name: "a", size: 2 }, type);
    expect(state).toEqual({ id: "x1", name: "a", size: n(1), tags: null, ports: null });
    expect(report.missing).toEqual([]);
    expect(report.overridden.map(String)).toEqual(["size"]);
  });

  test("an unknown the result leaves out becomes null and is reported missing", () => {
    const { state, report } = mergeApplied(planned(), { name: "a" }, type);
    expect(state.id).toBeNull();
    expect(report.missing.map(String)).toEqual(["id"]);
  });

  test("a result that is itself partly unknown is nulled there and reported", () => {
    const { state, report } = mergeApplied(planned({ tags: UNKNOWN }), { id: "x1", tags: ["p", UNKNOWN] }, type);
    expect(state.tags).toEqual(["p", null]);
    expect(report.missing.map(String)).toEqual(["tags"]);
  });

  test("a set with unknown elements takes the result whole, or nulls its unknowns when none came", () => {
    const tags = ["p", UNKNOWN];
    expect(mergeApplied(planned({ id: "x1", tags }), { tags: ["p", "q"] }, type).state.tags).toEqual(["p", "q"]);
    const { state, report } = mergeApplied(planned({ id: "x1", tags }), {}, type);
    expect(state.tags).toEqual(["p", null]);
    expect(report.missing.map(String)).toEqual(["tags"]);
  });

  test("an attribute the schema does not have is an error naming it", () => {
    const e = thrown(() => mergeApplied(planned(), { id: "x1", colour: "red" }, type));
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).message).toBe("Invalid value for colour: no such attribute in the schema");
    expect(String((e as ProviderError).path)).toBe("colour");
  });
});

describe("objectFromInput", () => {
  test("omitted attributes come from the fallback", () => {
    const fallback = { id: "old", name: "keep", size: n(3), tags: null, ports: [n(80)] };
    expect(objectFromInput({ id: "new", size: 4 }, type, fallback)).toEqual({
      id: "new",
      name: "keep",
      size: n(4),
      tags: null,
      ports: [n(80)],
    });
  });

  test("an attribute the schema does not have is an error naming it", () => {
    const e = thrown(() => objectFromInput({ id: "x", colour: "red" }, type, {}));
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).message).toBe("Invalid value for colour: no such attribute in the schema");
    expect(String((e as ProviderError).path)).toBe("colour");
  });
});
