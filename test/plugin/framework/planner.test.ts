import { TfNumber, UNKNOWN, Unknown, type Value, type ValueObject } from "../../../src/plugin/cty/value";
import { Diagnostics } from "../../../src/plugin/framework/diagnostics";
import { attr } from "../../../src/plugin/framework/path";
import { checkPlannedState } from "../../../src/plugin/framework/plan-check";
import { requiresReplaceIf } from "../../../src/plugin/framework/plan-modifiers";
import { finishRequiresReplace, planAttributes } from "../../../src/plugin/framework/planner";
import type { SchemaDef } from "../../../src/plugin/framework/api";
import { NumberType, StringType } from "../../../src/plugin/cty/types";
import { schemaDefToModel } from "../../../src/plugin/framework/schema-def";
import { impliedType } from "../../../src/plugin/schema/implied-type";
import { proposedNew, thingConfig, thingSchema, thingType } from "./fixture-schema";

const n = (x: number | string) => TfNumber.of(x);

function plan(prior: ValueObject | null, config: ValueObject, schema: SchemaDef = thingSchema) {
  const type = schema === thingSchema ? thingType : impliedType(schemaDefToModel(schema).block);
  const proposed = proposedNew(schema.block, prior, config) as ValueObject;
  const diagnostics = new Diagnostics();
  const res = planAttributes({ schema, type, prior, proposed, config, diagnostics });
  const violations = checkPlannedState(schema.block, prior, config, res.planned);
  return {
    planned: res.planned as ValueObject,
    replace: finishRequiresReplace(res.requiresReplace, prior === null).map((p) => p.toString()),
    violations: violations.map((v) => `${v.path.toString()}: ${v.message}`),
    diagnostics,
  };
}

const applied: ValueObject = {
  id: "i-1",
  name: "alpha",
  zone: "eu",
  size: n(10),
  secret_wo: null,
  secret_wo_version: n(1),
  status: "ready",
  tags: ["a"],
  rule: [{ host: "h1", port: n(5060) }],
};
const appliedConfig = thingConfig({
  zone: "eu",
  secret_wo: "s3cret",
  secret_wo_version: n(1),
  tags: ["a"],
  rule: [{ host: "h1", port: null }],
});

describe("planner: create", () => {
  const r = plan(null, thingConfig({ secret_wo: "s3cret", rule: [{ host: "h1", port: null }] }));
  it("marks computed attributes without config or default as unknown", () => {
    expect(r.planned.id).toBeInstanceOf(Unknown);
    expect(r.planned.status).toBeInstanceOf(Unknown);
    expect((r.planned.rule as ValueObject[])[0]!.port).toBeInstanceOf(Unknown);
  });
  it("applies defaults, keeps configured values, nulls write-only", () => {
    expect(r.planned.size).toEqual(n(10));
    expect(r.planned.name).toBe("alpha");
    expect(r.planned.tags).toBeNull();
    expect(r.planned.secret_wo).toBeNull();
    expect((r.planned.rule as ValueObject[])[0]!.host).toBe("h1");
  });
  it("never asks for replacement on create and satisfies the rule table", () => {
    expect(r.replace).toEqual([]);
    expect(r.violations).toEqual([]);
  });
});

describe("planner: update", () => {
  it("a no-op stays a no-op: planned equals prior (write-only config ignored)", () => {
    const r = plan(applied, appliedConfig);
    expect(r.planned).toEqual(applied);
    expect(r.replace).toEqual([]);
    expect(r.violations).toEqual([]);
  });

  it("a change marks computed values unknown, except UseStateForUnknown ones", () => {
    const r = plan(applied, { ...appliedConfig, name: "beta" });
    expect(r.planned.name).toBe("beta");
    expect(r.planned.id).toBe("i-1");
    expect(r.planned.status).toBeInstanceOf(Unknown);
    expect((r.planned.rule as ValueObject[])[0]!.port).toBeInstanceOf(Unknown);
    expect(r.planned.size).toEqual(n(10));
    expect(r.replace).toEqual([]);
    expect(r.violations).toEqual([]);
  });

  it("RequiresReplace reports the changed attribute's path", () => {
    const r = plan(applied, { ...appliedConfig, zone: "us" });
    expect(r.replace).toEqual(["zone"]);
    expect(r.violations).toEqual([]);
    expect(plan(applied, { ...appliedConfig, zone: null }).replace).toEqual(["zone"]);
    expect(plan(applied, { ...appliedConfig, name: "beta" }).replace).toEqual([]);
  });

  it("unknown configuration values flow through untouched", () => {
    const r = plan(applied, { ...appliedConfig, name: UNKNOWN, zone: UNKNOWN });
    expect(r.planned.name).toBeInstanceOf(Unknown);
    expect(r.planned.zone).toBeInstanceOf(Unknown);
    expect(r.planned.id).toBe("i-1");
    expect(r.replace).toEqual(["zone"]);
    expect(r.violations).toEqual([]);
  });

  it("a default is planned again when the attribute is removed from config, a configured value wins", () => {
    const prior = { ...applied, size: n(20) };
    const removed = plan(prior, appliedConfig);
    expect(removed.planned.size).toEqual(n(10));
    expect(removed.violations).toEqual([]);
    const set = plan(prior, { ...appliedConfig, size: n("20.5") });
    expect(set.planned.size).toEqual(n("20.5"));
    expect(set.violations).toEqual([]);
  });

  it("a changed write-only version is a normal update and the secret stays null", () => {
    const r = plan(applied, { ...appliedConfig, secret_wo: "new", secret_wo_version: n(2) });
    expect(r.planned.secret_wo).toBeNull();
    expect(r.planned.secret_wo_version).toEqual(n(2));
    expect(r.replace).toEqual([]);
  });

  it("is deterministic", () => {
    const a = plan(applied, { ...appliedConfig, name: "beta" });
    const b = plan(applied, { ...appliedConfig, name: "beta" });
    expect(a.planned).toEqual(b.planned);
  });
});

describe("planner: modifiers", () => {
  it("requiresReplaceIf consults the predicate only for real changes", () => {
    const seen: Value[] = [];
    const schema: SchemaDef = {
      version: 0,
      block: {
        attributes: {
          id: { type: StringType, computed: true },
          port: {
            type: NumberType,
            optional: true,
            planModifiers: [
              requiresReplaceIf((req) => {
                seen.push(req.plannedValue);
                return (req.plannedValue as TfNumber).toNumber() < (req.priorValue as TfNumber).toNumber();
              }, "lowering the port forces replacement"),
            ],
          },
        },
      },
    };
    const prior = { id: "x", port: n(10) };
    expect(plan(prior, { id: null, port: n(10) }, schema).replace).toEqual([]);
    expect(seen).toEqual([]);
    expect(plan(prior, { id: null, port: n(20) }, schema).replace).toEqual([]);
    expect(plan(prior, { id: null, port: n(5) }, schema).replace).toEqual(["port"]);
  });
});

describe("plan rule table check", () => {
  const config = thingConfig({ rule: [{ host: "h1", port: null }] });
  const good = plan(null, config).planned;
  const check = (planned: ValueObject, prior: ValueObject | null = null, cfg: ValueObject = config) =>
    checkPlannedState(thingSchema.block, prior, cfg, planned).map((v) => `${v.path.toString()}: ${v.message}`);

  it("accepts the planner's own plan", () => {
    expect(check(good)).toEqual([]);
  });
  it("rejects a changed non-computed value", () => {
    expect(check({ ...good, name: "other" })).toEqual(["name: planned value does not match config value"]);
    expect(check({ ...applied, name: "other" }, applied, appliedConfig)).toEqual([
      "name: planned value does not match config value nor prior value",
    ]);
  });
  it("rejects a value for a non-computed attribute missing from config", () => {
    expect(check({ ...good, zone: "eu" })).toEqual([
      "zone: planned a value for a non-computed attribute that is not set in configuration",
    ]);
  });
  it("accepts the prior value for an attribute when prior and config are both non-null (normalisation)", () => {
    expect(check({ ...applied, name: "ALPHA" }, { ...applied, name: "ALPHA" }, appliedConfig)).toEqual([]);
  });
  it("rejects a non-null write-only value even when it equals config", () => {
    const cfg = { ...config, secret_wo: "s" };
    expect(check({ ...good, secret_wo: "s" }, null, cfg)).toEqual([
      "secret_wo: write-only attribute must be planned as null",
    ]);
  });
  it("rejects block count changes, unknown block elements and null block lists", () => {
    expect(check({ ...good, rule: [] })).toEqual(["rule: block count in plan (0) disagrees with count in config (1)"]);
    expect(check({ ...good, rule: [UNKNOWN] })).toEqual(["rule[0]: a nested block element must not be unknown itself"]);
    expect(check({ ...good, rule: null })).toEqual([
      "rule: a list of nested blocks must be an empty list, not null, to mean no blocks",
    ]);
    expect(check({ ...good, rule: [{ host: "h2", port: UNKNOWN }] })).toEqual([
      "rule[0].host: planned value does not match config value",
    ]);
  });
  it("accepts anything for computed values, and requires null for destroy", () => {
    expect(check({ ...good, id: "x", status: null, size: n(3) })).toEqual([]);
    expect(checkPlannedState(thingSchema.block, applied, null, null)).toEqual([]);
    expect(checkPlannedState(thingSchema.block, applied, null, applied).map((v) => v.message)).toEqual([
      "planned a non-null value for a destroy",
    ]);
  });
  it("names paths inside blocks", () => {
    const v = checkPlannedState(thingSchema.block, null, config, { ...good, rule: [{ host: "x", port: UNKNOWN }] });
    expect(v[0]!.path.equals(attr("rule").index(0).attr("host"))).toBe(true);
  });
});
