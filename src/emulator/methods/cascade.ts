// What deleting an application, scenario, rule or user does to the objects that refer to it. The
// service's behaviour is not documented in full; the emulator clears references rather than
// blocking the delete, for all four (see docs/design/setup-objects.md):
//   application → its rules, its scenarios, users left in no application, and every registration
//                 binding to it (application, rule and user ids);
//   rule        → registrations' rule binding;  user → registrations' user binding;
//   scenario    → its place in every rule's scenario list.

import type { EmulatorState } from "../model";
import { formatTimestamp, unixSeconds } from "../time";

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

export function deleteScenario(s: EmulatorState, scenarioId: number, nowMs: number): void {
  s.scenarios.delete(scenarioId);
  for (const rule of s.rules.values()) {
    if (!rule.scenario_ids.includes(scenarioId)) continue;
    rule.scenario_ids = rule.scenario_ids.filter((id) => id !== scenarioId);
    rule.modified = formatTimestamp(nowMs);
  }
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
  for (const sc of [...s.scenarios.values()]) if (sc.application_id === appId) deleteScenario(s, sc.scenario_id, nowMs);
  for (const u of [...s.users.values()]) {
    if (!u.application_ids.includes(appId)) continue;
    u.application_ids = u.application_ids.filter((id) => id !== appId);
    // Users live inside applications on the real platform; one left in none is gone.
    if (u.application_ids.length === 0) deleteUser(s, u.user_id, nowMs);
  }
}
