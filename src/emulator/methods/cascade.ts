// What deleting an application, rule or user does to registrations bound to it. Reference §6.3
// leaves "clear or block" open for applications; the emulator clears, for all three.

import type { EmulatorState } from "../model";
import { unixSeconds } from "../time";

export function deleteUser(s: EmulatorState, userId: number, nowMs: number): void {
  s.users.delete(userId);
  for (const r of s.registrations.values()) {
    if (r.user_id === userId) {
      delete r.user_id;
      r.last_updated = unixSeconds(nowMs);
    }
  }
}

export function deleteRule(s: EmulatorState, ruleId: number, nowMs: number): void {
  s.rules.delete(ruleId);
  for (const r of s.registrations.values()) {
    if (r.rule_id === ruleId) {
      delete r.rule_id;
      r.last_updated = unixSeconds(nowMs);
    }
  }
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
