// Shared test schema and helpers for the framework tests (not a test file itself).
import { NumberType, StringType, listOf, type CtyType } from "../../../src/plugin/cty/types";
import { Unknown, isKnownObject, type Value, type ValueObject } from "../../../src/plugin/cty/value";
import type { BlockDef, SchemaDef } from "../../../src/plugin/framework/api";
import { requiresReplace, useStateForUnknown } from "../../../src/plugin/framework/plan-modifiers";
import { schemaDefToModel } from "../../../src/plugin/framework/schema-def";
import { impliedType } from "../../../src/plugin/schema/implied-type";

export const thingSchema: SchemaDef = {
  version: 1,
  block: {
    attributes: {
      id: { type: StringType, computed: true, planModifiers: [useStateForUnknown()] },
      name: { type: StringType, required: true },
      zone: { type: StringType, optional: true, planModifiers: [requiresReplace()] },
      size: { type: NumberType, optional: true, computed: true, default: 10 },
      secret_wo: { type: StringType, optional: true, writeOnly: true, sensitive: true },
      secret_wo_version: { type: NumberType, optional: true },
      status: { type: StringType, computed: true },
      tags: { type: listOf(StringType), optional: true },
    },
    blockTypes: {
      rule: {
        nesting: "list",
        block: {
          attributes: {
            host: { type: StringType, required: true },
            port: { type: NumberType, optional: true, computed: true },
          },
        },
      },
    },
  },
};

export const thingType: CtyType = impliedType(schemaDefToModel(thingSchema).block);

/**
 * Terraform's ProposedNew, simplified to what the test schema needs: a computed attribute that
 * is null in config takes the prior value; everything else takes config; list blocks by index.
 */
export function proposedNew(block: BlockDef, prior: Value, config: Value): Value {
  if (config === null || config instanceof Unknown || !isKnownObject(config)) return config;
  const p = isKnownObject(prior) ? prior : null;
  const out: ValueObject = {};
  for (const [name, a] of Object.entries(block.attributes)) {
    const c = config[name] ?? null;
    out[name] = a.computed && c === null ? (p ? (p[name] ?? null) : null) : c;
  }
  for (const [name, nb] of Object.entries(block.blockTypes ?? {})) {
    const c = config[name] ?? null;
    const pv = p ? (p[name] ?? null) : null;
    if (nb.nesting === "list" && Array.isArray(c)) {
      out[name] = c.map((e, i) => proposedNew(nb.block, Array.isArray(pv) ? (pv[i] ?? null) : null, e));
    } else {
      out[name] = c;
    }
  }
  return out;
}

export function thingConfig(overrides: Partial<Record<string, Value>> = {}): ValueObject {
  return {
    id: null,
    name: "alpha",
    zone: null,
    size: null,
    secret_wo: null,
    secret_wo_version: null,
    status: null,
    tags: null,
    rule: [],
    ...overrides,
  } as ValueObject;
}
