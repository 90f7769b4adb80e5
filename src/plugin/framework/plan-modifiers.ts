// Built-in attribute plan modifiers (the planner runs them in declaration order, after defaults
// and "(known after apply)" marking — docs/design/plugin-protocol.md, "Plans").

import { Unknown } from "../cty/value";
import { valuesEqual } from "../cty/equality";
import type { AttributePlanRequest, PlanModifier } from "./api";

/**
 * Changing this attribute destroys and re-creates the resource. A planned unknown counts as a
 * change (Terraform cannot know it will stay the same).
 */
export function requiresReplace(): PlanModifier {
  return requiresReplaceIf(() => true, "changing the value forces replacement");
}

/** Like requiresReplace, but only when `predicate` agrees (it sees the old and new values). */
export function requiresReplaceIf(
  predicate: (req: AttributePlanRequest) => boolean,
  description: string,
): PlanModifier {
  return {
    description,
    modify(req) {
      if (req.isCreate) return;
      if (!(req.plannedValue instanceof Unknown) && valuesEqual(req.plannedValue, req.priorValue, req.type)) return;
      if (predicate(req)) return { requiresReplace: true };
    },
  };
}

/**
 * Keep the prior value instead of "(known after apply)" on updates: for computed values that
 * never change once the object exists (IDs, creation timestamps).
 */
export function useStateForUnknown(): PlanModifier {
  return {
    description: "the value does not change after creation",
    modify(req) {
      if (req.isCreate) return;
      if (!(req.plannedValue instanceof Unknown)) return;
      // an unknown configured value is the user's, not ours to replace
      if (req.configValue instanceof Unknown) return;
      if (req.priorValue === null) return;
      return { plannedValue: req.priorValue };
    },
  };
}
