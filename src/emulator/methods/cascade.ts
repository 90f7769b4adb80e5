// What deleting an application, rule or user does to registrations bound to it. Reference §6.3
// leaves "clear or block" open for applications; the emulator clears, for all three.

import type { EmulatorState } from "../model";
import { unixSeconds } from "../time";

/** Drops the rule or user `id` from every registration bound to it; each one counts as changed. */
function unbindEverywhere(s: EmulatorState, field: "rule_id" | "user_id", id: number, nowMs: number): void {
  for (const r of s.registrations.values()) {
    if (r[field] === id) {
      delete r[field];
      r.last_updated = unixSeconds(nowMs);
    }
  }
}

export function deleteUser(s: EmulatorState, userId: number, nowMs: number): void {
  s.users.delete(userId);
  unbindEverywhere(s, "user_id", userId, nowMs);
}

export function deleteRule(s: EmulatorState, ruleId: number, nowMs: number): void {
  s.rules.delete(ruleId);
  unbindEverywhere(s, "rule_id", ruleId, nowMs);
}

/** Removes the application, its rules, its registration bindings, and users left in no application. */
export function deleteApplication(s: EmulatorState, appId: number, nowMs: number): void {
  s.applications.delete(appId);
  for (const r of s.registrations.values()) {
    if (r.application_id === appId) {
      delete r.application_id;
      delete r.rule_id;
      delete r.user_id;
      r.last_updated = unixSeconds(nowMs);
    }
  }
  for (const rule of [...s.rules.values()]) if (rule.application_id === appId) s.rules.delete(rule.rule_id);
  for (const u of [...s.users.values()]) {
    if (!u.application_ids.includes(appId)) continue;
    u.application_ids = u.application_ids.filter((id) => id !== appId);
    // Users live inside applications on the real platform; one left in none is gone.
    if (u.application_ids.length === 0) deleteUser(s, u.user_id, nowMs);
  }
}
