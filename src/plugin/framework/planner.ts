// PlanResourceChange semantics, following terraform-plugin-framework's order of operations
// so that every plan satisfies the rules Terraform checks (docs/design/plugin-protocol.md, "Plans"):
//
//   1. destroy (proposed null) → planned null
//   2. planned := proposed
//   3. defaults where the configuration is null
//   4. write-only attributes → null
//   5. if planned differs from prior: computed attributes with null config and no default →
//      unknown ("known after apply"); skipped when nothing changed, so a no-op stays a no-op
//   6. attribute plan modifiers (UseStateForUnknown, RequiresReplace, ...)
//   7. the resource's own modifyPlan
//   8. de-duplicated requires_replace; then the rule table is checked (plan-check.ts) so a
//      broken plan becomes a clear error here rather than a "provider bug" report from Terraform
//
// Everything is a pure function of its inputs: Terraform re-plans at apply time and requires the
// same answer for everything that was known.

import type { CtyType } from "../cty/types";
import { UNKNOWN, Unknown, isKnownObject, type Value, type ValueObject } from "../cty/value";
import { valuesEqual } from "../cty/equality";
import type { AttributePlanRequest, SchemaDef, ValuesReader } from "./api";
import type { Diagnostics } from "./diagnostics";
import { AttributePath } from "./path";
import { walkBlock } from "./schema-walk";
import { fromInput, readerFor } from "./values";

export interface PlanInputs {
  readonly schema: SchemaDef;
  /** implied type of the schema's block */
  readonly type: CtyType;
  readonly prior: ValueObject | null;
  readonly proposed: ValueObject | null;
  readonly config: ValueObject | null;
  readonly diagnostics: Diagnostics;
}

export interface AttributePlanResultState {
  planned: ValueObject | null;
  requiresReplace: AttributePath[];
}

/** Steps 1–6. Step 7 (modifyPlan) is run by the server between this and finishPlan. */
export function planAttributes(inp: PlanInputs): AttributePlanResultState {
  if (inp.proposed === null) return { planned: null, requiresReplace: [] };
  const block = inp.schema.block;
  const root = AttributePath.ROOT;
  const config: Value = inp.config;
  const prior: Value = inp.prior;

  // 3 + 4: defaults and write-only nulling
  let planned = walkBlock(
    block,
    inp.proposed,
    config,
    prior,
    root,
    false,
    ({ attribute, type, path, planned: n, config: c, inSet }) => {
      if (attribute.writeOnly) return null;
      if (attribute.default !== undefined && c === null && (!inSet || n === null)) {
        return fromInput(attribute.default, type, path);
      }
      return n;
    },
  );

  // 5: computed values the provider will decide become unknown, but only on a real change
  if (inp.prior === null || !valuesEqual(planned, inp.prior, inp.type)) {
    planned = walkBlock(block, planned, config, prior, root, false, ({ attribute, planned: n, config: c }) => {
      if (attribute.computed && attribute.default === undefined && c === null)
        return n instanceof Unknown ? n : UNKNOWN;
      return n;
    });
  }

  // 6: attribute plan modifiers
  const requiresReplace: AttributePath[] = [];
  const configReader: ValuesReader = readerFor(inp.config ?? {}, inp.type);
  const priorReader: ValuesReader | null = inp.prior === null ? null : readerFor(inp.prior, inp.type);
  const plannedBefore = planned;
  const planReader = isKnownObject(plannedBefore) ? readerFor(plannedBefore, inp.type) : configReader;
  planned = walkBlock(
    block,
    planned,
    config,
    prior,
    root,
    false,
    ({ attribute, type, path, planned: n, config: c, prior: p }) => {
      const mods = attribute.planModifiers ?? [];
      let current = n;
      for (const m of mods) {
        const req: AttributePlanRequest = {
          path,
          type,
          configValue: c,
          priorValue: inp.prior === null ? null : p,
          plannedValue: current,
          isCreate: inp.prior === null,
          config: configReader,
          prior: priorReader,
          plan: planReader,
          diagnostics: inp.diagnostics,
        };
        const res = m.modify(req);
        if (res === undefined) continue;
        if (res.plannedValue !== undefined) current = res.plannedValue;
        if (res.requiresReplace) requiresReplace.push(path);
      }
      return current;
    },
  );

  if (!isKnownObject(planned)) throw new Error("planner produced a non-object plan");
  return { planned, requiresReplace };
}

/** Step 8: requires_replace only on updates, without duplicates, in a stable order. */
export function finishRequiresReplace(paths: readonly AttributePath[], isCreate: boolean): AttributePath[] {
  if (isCreate) return [];
  const out: AttributePath[] = [];
  for (const p of paths) if (!out.some((q) => q.equals(p))) out.push(p);
  return out.sort((a, b) => (a.toString() < b.toString() ? -1 : a.toString() > b.toString() ? 1 : 0));
}
