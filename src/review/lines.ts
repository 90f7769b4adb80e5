// The review's duplicate checks, on the plan alone: two resources that end up on the same line
// (sip_username at a registrar, normalised as the provider does: host without case, 5060 when no
// port), and a create_before_destroy replacement that keeps its line — which the provider must
// refuse at apply, because both paid registrations would have to exist at once.

import { lineKey, type RegistrationLine } from "../provider/sip-registration/line";
import type { JsonValue, ResourceChange } from "./plan";
import { valueAt } from "./values";

export interface DuplicateLine {
  /** `user@proxy` as the first resource writes it */
  line: string;
  addresses: string[];
}

function lineAt(value: JsonValue | undefined): RegistrationLine | null {
  const sipUsername = valueAt(value, ["sip_username"]);
  const proxy = valueAt(value, ["proxy"]);
  return typeof sipUsername === "string" && typeof proxy === "string" ? { sip_username: sipUsername, proxy } : null;
}

/** Lines that more than one registration resource of the plan ends up on (creates, updates, no-ops). */
export function duplicateLines(changes: readonly ResourceChange[], registrationType: string): DuplicateLine[] {
  const byLine = new Map<string, DuplicateLine>();
  for (const rc of changes) {
    if (rc.mode !== "managed" || rc.type !== registrationType || !rc.actions.some((a) => a !== "delete")) continue;
    const line = lineAt(rc.after);
    if (line === null) continue;
    const key = lineKey(line);
    const entry = byLine.get(key) ?? { line: `${line.sip_username}@${line.proxy}`, addresses: [] };
    entry.addresses.push(rc.address);
    byLine.set(key, entry);
  }
  return [...byLine.values()].filter((d) => d.addresses.length > 1);
}

/** A create_before_destroy replacement whose new registration keeps the old one's line. */
export function createBeforeDestroyKeepsLine(rc: ResourceChange): boolean {
  if (rc.actions[0] !== "create" || !rc.actions.includes("delete")) return false;
  const before = lineAt(rc.before);
  const after = lineAt(rc.after);
  return before !== null && after !== null && lineKey(before) === lineKey(after);
}
