import { NumberType, StringType } from "../../../src/plugin/cty/types";
import { TfNumber, UNKNOWN, Unknown, type Value, type ValueObject } from "../../../src/plugin/cty/value";
import type { BlockDef, SchemaDef } from "../../../src/plugin/framework/api";
import { Diagnostics } from "../../../src/plugin/framework/diagnostics";
import { checkPlannedState } from "../../../src/plugin/framework/plan-check";
import { requiresReplace, useStateForUnknown } from "../../../src/plugin/framework/plan-modifiers";
import { finishRequiresReplace, planAttributes } from "../../../src/plugin/framework/planner";
import { schemaDefToModel } from "../../../src/plugin/framework/schema-def";
import { impliedType } from "../../../src/plugin/schema/implied-type";

const n = (x: number) => TfNumber.of(x);

// nested attributes (list + single) and a set block, each with computed parts
const schema: SchemaDef = {
  version: 0,
  block: {
    attributes: {
      id: { type: StringType, computed: true, planModifiers: [useStateForUnknown()] },
      endpoints: {
        optional: true,
        nestedType: {
          nesting: "list",
          attributes: {
            host: { type: StringType, required: true, planModifiers: [requiresReplace()] },
            weight: { type: NumberType, optional: true, computed: true, default: 1 },
            resolved: { type: StringType, computed: true, planModifiers: [useStateForUnknown()] },
          },
        },
      },
      settings: {
        optional: true,
        computed: true,
        nestedType: {
          nesting: "single",
          attributes: {
            mode: { type: StringType, optional: true },
            secret: { type: StringType, optional: true, writeOnly: true },
          },
        },
      },
    },
    blockTypes: {
      filter: {
        nesting: "set",
        block: {
          attributes: { key: { type: StringType, required: true }, matched: { type: NumberType, computed: true } },
        },
      },
    },
  },
};
const type = impliedType(schemaDefToModel(schema).block);

/**
 * ProposedNew for this schema: computed+null-config → prior; nested list by index; sets: config elements with prior
 * computed values when an element with the same key exists.
 */
function proposed(prior: ValueObject | null, config: ValueObject): ValueObject {
  const p = prior ?? {};
  const endpoints = Array.isArray(config.endpoints)
    ? config.endpoints.map((e, i) => {
        const c = e as ValueObject;
        const pe = Array.isArray(p.endpoints) ? ((p.endpoints[i] as ValueObject | undefined) ?? null) : null;
        return {
          host: c.host!,
          weight: c.weight === null && pe ? pe.weight! : c.weight!,
          resolved: c.resolved === null && pe ? pe.resolved! : c.resolved!,
        };
      })
    : config.endpoints!;
  const filter = (config.filter as ValueObject[]).map((f) => {
    const pf = Array.isArray(p.filter) ? (p.filter as ValueObject[]).find((x) => x.key === f.key) : undefined;
    return { key: f.key!, matched: pf ? pf.matched! : null };
  });
  return {
    id: p.id ?? null,
    endpoints,
    settings: config.settings === null ? ((p.settings as Value) ?? null) : config.settings!,
    filter,
  };
}

function plan(prior: ValueObject | null, config: ValueObject) {
  const res = planAttributes({
    schema,
    type,
    prior,
    proposed: proposed(prior, config),
    config,
    diagnostics: new Diagnostics(),
  });
  return {
    planned: res.planned as ValueObject,
    replace: finishRequiresReplace(res.requiresReplace, prior === null).map((x) => x.toString()),
    violations: checkPlannedState(schema.block as BlockDef, prior, config, res.planned).map(
      (v) => `${v.path.toString()}: ${v.message}`,
    ),
  };
}

const config: ValueObject = {
  id: null,
  endpoints: [{ host: "a", weight: null, resolved: null }],
  settings: { mode: "fast", secret: "s" },
  filter: [{ key: "k1", matched: null }],
};
const state: ValueObject = {
  id: "x",
  endpoints: [{ host: "a", weight: n(1), resolved: "10.0.0.1" }],
  settings: { mode: "fast", secret: null },
  filter: [{ key: "k1", matched: n(3) }],
};

describe("planner with nested attributes and set blocks", () => {
  it("create: inner defaults and unknowns, write-only nulled inside nested objects", () => {
    const r = plan(null, config);
    expect(r.violations).toEqual([]);
    const ep = (r.planned.endpoints as ValueObject[])[0]!;
    expect(ep.weight).toEqual(n(1));
    expect(ep.resolved).toBeInstanceOf(Unknown);
    expect(r.planned.settings).toEqual({ mode: "fast", secret: null });
    expect((r.planned.filter as ValueObject[])[0]!.matched).toBeInstanceOf(Unknown);
  });

  it("no-op stays a no-op", () => {
    const r = plan(state, config);
    expect(r.planned).toEqual(state);
    expect(r.violations).toEqual([]);
  });

  it("update: UseStateForUnknown works per list element; RequiresReplace reports the element path", () => {
    const changed = { ...config, endpoints: [{ host: "b", weight: null, resolved: null }] };
    const r = plan(state, changed);
    expect(r.violations).toEqual([]);
    expect((r.planned.endpoints as ValueObject[])[0]!.resolved).toBe("10.0.0.1");
    expect(r.replace).toEqual(["endpoints[0].host"]);
  });

  it("an optional+computed nested attribute left out of config becomes unknown on change, prior on no-op", () => {
    const noSettings = { ...config, settings: null };
    expect(plan(state, noSettings).planned.settings).toEqual(state.settings);
    const r = plan(state, { ...noSettings, filter: [{ key: "k2", matched: null }] });
    expect(r.planned.settings).toBeInstanceOf(Unknown);
    expect(r.violations).toEqual([]);
    expect((r.planned.filter as ValueObject[])[0]).toEqual({ key: "k2", matched: UNKNOWN });
  });
});
