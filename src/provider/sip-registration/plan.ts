// Planning of the binding pairs (application / rule / user, each by id or by name).
//
// Both members of a pair are optional+computed so that both can be referenced, but only one may
// be configured. The rules, per pair:
//   - neither configured → plan BOTH null, so a binding removed from the configuration (or added
//     outside Terraform) is really unbound;
//   - one configured and equal to the prior value → keep the prior partner value;
//   - one configured and changed (or unknown, or a create) → the partner is "(known after apply)".
// An application name counts as unchanged when it names the same application in the other form
// (short "demo-app" vs. full "demo-app.acct.voximplant.com"); the prior spelling is then kept,
// which Terraform allows for a configured value when prior and config are both set.

import { TfNumber, UNKNOWN, Unknown, type Value } from "../../plugin/cty/value";
import type { PlanWriter, ValuesReader } from "../../plugin";
import { sameApplicationName } from "../lookups";
import { BINDING_PAIRS, sipRegistrationSchema } from "./schema";

/** Equality of the primitive values this resource has (strings, numbers, booleans, null). */
function samePrimitive(a: Value, b: Value): boolean {
  if (a instanceof TfNumber && b instanceof TfNumber) return a.equals(b);
  if (a instanceof Unknown || b instanceof Unknown) return false;
  return a === b;
}

/**
 * Terraform marks every computed value "(known after apply)" as soon as the proposal differs from
 * the prior state. When the only difference was one the binding rules above resolve (the short
 * spelling of the prior application name), nothing will change: restore a true no-op.
 */
export function restoreNoOp(prior: ValuesReader | null, plan: PlanWriter): void {
  if (prior === null) return;
  const attributes = sipRegistrationSchema.block.attributes;
  for (const [name, def] of Object.entries(attributes)) {
    if (def.computed && !def.optional) continue;
    if (!samePrimitive(plan.get(name), prior.get(name))) return;
  }
  for (const [name, def] of Object.entries(attributes)) {
    if (def.computed && !def.optional) plan.set(name, prior.get(name));
  }
}

function sameValue(kind: string, byId: boolean, configured: Value, prior: Value): boolean {
  if (configured === null || prior === null || configured instanceof Unknown || prior instanceof Unknown) return false;
  if (byId) return configured instanceof TfNumber && prior instanceof TfNumber && configured.equals(prior);
  if (typeof configured !== "string" || typeof prior !== "string") return false;
  return kind === "application" ? sameApplicationName(configured, prior) : configured === prior;
}

export function planBindings(config: ValuesReader, prior: ValuesReader | null, plan: PlanWriter): void {
  let applicationChanged = false;
  for (const pair of BINDING_PAIRS) {
    const configuredId = config.get(pair.id);
    const configuredName = config.get(pair.name);
    if (configuredId === null && configuredName === null) {
      plan.set(pair.id, null);
      plan.set(pair.name, null);
      if (pair.kind === "application") applicationChanged = prior !== null && prior.get(pair.id) !== null;
      continue;
    }
    const byId = configuredId !== null;
    const member = byId ? pair.id : pair.name;
    const partner = byId ? pair.name : pair.id;
    const configured = byId ? configuredId : configuredName;
    const priorValue = prior === null ? null : prior.get(member);
    let unchanged = sameValue(pair.kind, byId, configured, priorValue);
    if (unchanged && !byId && pair.kind === "application") plan.set(member, priorValue);
    // a rule name is resolved within the application: another application, maybe another rule id
    if (pair.kind === "rule" && !byId && applicationChanged) unchanged = false;
    if (pair.kind === "application") applicationChanged = !unchanged;
    plan.set(partner, unchanged && prior !== null ? prior.get(partner) : UNKNOWN);
  }
}
