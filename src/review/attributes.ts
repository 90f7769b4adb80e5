// Attribute-level findings of one plan entry, shared by the registration and the setup-object
// reviews: changed fields (without bindings, secrets and bookkeeping) and notes about secrets that
// never include their values.

import type { ResourceChange } from "./plan";
import {
  attributeChanged,
  attributeNames,
  isWriteOnlyAttribute,
  shownValue,
  valueAt,
  type AttributeHints,
  type Shown,
} from "./values";

export const REGISTRATION_TYPE = "voximplant_sip_registration";

/** A registration's bindings (`<target>_id` / `<target>_name`): reported as bindings, not as fields. */
const BINDING_ATTRIBUTES: ReadonlySet<string> = new Set(
  ["application", "rule", "user"].flatMap((t) => [`${t}_id`, `${t}_name`]),
);

/** Ids: set by the provider, never a change of their own. */
const STATUS_ATTRIBUTES: ReadonlySet<string> = new Set(["id", "sip_registration_id"]);
/** Bookkeeping the API updates by itself (every change, every month): noise in a review. */
const BOOKKEEPING_ATTRIBUTES: ReadonlySet<string> = new Set(["last_updated", "next_subscription_renewal"]);

export interface FieldChange {
  attribute: string;
  before: Shown;
  after: Shown;
}

export function secretNotes(rc: ResourceChange, hints: AttributeHints, creating: boolean): string[] {
  const notes: string[] = [];
  for (const name of attributeNames(rc)) {
    if (BINDING_ATTRIBUTES.has(name)) continue;
    const after = shownValue(rc, "after", name, hints);
    const before = shownValue(rc, "before", name, hints);
    if (after.kind !== "secret" && before.kind !== "secret") continue;
    if (creating) {
      if (after.kind === "secret") notes.push(`\`${name}\` is set (sensitive, stored in state; value not shown)`);
    } else if (attributeChanged(rc, name)) {
      if (after.kind === "null") notes.push(`\`${name}\` is removed (sensitive; value not shown)`);
      else if (before.kind === "null") notes.push(`\`${name}\` is set (sensitive; value not shown)`);
      else notes.push(`\`${name}\` changes (sensitive; values not shown)`);
    }
  }
  // Write-only arguments are null in every plan; their version counters tell when they are sent.
  for (const name of attributeNames(rc)) {
    const match = /^(.*_wo)_version$/.exec(name);
    if (!match) continue;
    const after = valueAt(rc.after, [name]);
    const before = valueAt(rc.before, [name]);
    if (creating) {
      if (after !== undefined && after !== null)
        notes.push(`\`${match[1]}\` is sent once (write-only, never stored; version ${JSON.stringify(after)})`);
    } else if (attributeChanged(rc, name) && after !== null && after !== undefined) {
      notes.push(
        `\`${match[1]}\` is sent again (write-only, never stored; version ${JSON.stringify(before ?? null)} → ` +
          `${JSON.stringify(after)})`,
      );
    }
  }
  return notes;
}

/**
 * Changed attributes other than bindings and secrets. Computed-only attributes the provider
 * re-reads after every apply (status, subscription) turn unknown in each update: routine, left out.
 */
export function fieldChanges(rc: ResourceChange, hints: AttributeHints): FieldChange[] {
  const fields: FieldChange[] = [];
  const computedOnly = hints.computedOnly.get(rc.type);
  for (const name of attributeNames(rc)) {
    if (BINDING_ATTRIBUTES.has(name) || isWriteOnlyAttribute(hints, rc.type, name) || /_wo_version$/.test(name))
      continue;
    if (rc.type === REGISTRATION_TYPE && BOOKKEEPING_ATTRIBUTES.has(name)) continue;
    if (!attributeChanged(rc, name)) continue;
    const before = shownValue(rc, "before", name, hints);
    const after = shownValue(rc, "after", name, hints);
    if (before.kind === "secret" || after.kind === "secret") continue; // reported by secretNotes
    if (after.kind === "unknown" && (computedOnly?.has(name) === true || STATUS_ATTRIBUTES.has(name))) continue;
    fields.push({ attribute: name, before, after });
  }
  return fields;
}
