// Looking up the objects a request names (applications, rules, users) and the existence errors of
// docs/design/voximplant-api.md, "Emulator validation order". Shared by every method that takes application/rule/user
// parameters.

import type { EmulatorConfig } from "./config";
import { ApiErrorReply, Code } from "./errors";
import type { Application, EmulatorState, Rule, User } from "./model";

export function findApplicationByName(s: EmulatorState, name: string): Application | undefined {
  // Short vs. full names is not documented; accepting both is the forgiving choice.
  const n = name.toLowerCase();
  for (const a of s.applications.values()) if (a.short_name === n || a.full_name === n) return a;
  return undefined;
}

/**
 * The application given by id or by name, or the API's existence error for it (116 / 558). Given
 * both (only methods that allow it get here), the name must be the same application's, else 458.
 */
export function requireApplication(
  s: EmulatorState,
  p: { application_id?: number; application_name?: string },
): Application {
  if (p.application_id !== undefined) {
    const a = s.applications.get(p.application_id);
    if (!a)
      throw new ApiErrorReply(
        Code.APPLICATION_ID_INVALID,
        `application_id ${p.application_id} not found`,
        "application_id",
      );
    if (p.application_name !== undefined && findApplicationByName(s, p.application_name) !== a) {
      throw new ApiErrorReply(
        Code.ONLY_ONE_OF,
        "application_id and application_name name different applications",
        "application_name",
      );
    }
    return a;
  }
  const a = findApplicationByName(s, p.application_name as string);
  if (!a) throw new ApiErrorReply(Code.APPLICATION_NOT_FOUND, "application not found", "application_name");
  return a;
}

export function findRuleByName(s: EmulatorState, applicationId: number | undefined, name: string): Rule | undefined {
  for (const r of s.rules.values()) {
    if (r.rule_name === name && (applicationId === undefined || r.application_id === applicationId)) return r;
  }
  return undefined;
}

/**
 * The rule given by id (inside `applicationId` when one is given) or by name (which needs the
 * application), or its existence error (147 / 156).
 */
export function requireRuleIn(
  s: EmulatorState,
  applicationId: number | undefined,
  p: { rule_id?: number; rule_name?: string },
): Rule {
  if (p.rule_id !== undefined) {
    const r = s.rules.get(p.rule_id);
    if (!r || (applicationId !== undefined && r.application_id !== applicationId)) {
      throw new ApiErrorReply(Code.RULE_ID_INVALID, `rule_id ${p.rule_id} not found`, "rule_id");
    }
    return r;
  }
  const r = findRuleByName(s, applicationId, p.rule_name as string);
  if (!r) throw new ApiErrorReply(Code.RULE_NAME_INVALID, "rule_name not found in the application", "rule_name");
  return r;
}

export function findUserByName(s: EmulatorState, name: string): User | undefined {
  for (const u of s.users.values()) if (u.user_name === name) return u;
  return undefined;
}

export interface BindingRefs {
  application_id?: number;
  application_name?: string;
  rule_id?: number;
  rule_name?: string;
  user_id?: number;
  user_name?: string;
}

export interface ResolvedBindings {
  application?: Application;
  rule?: Rule;
  user?: User;
}

/**
 * Resolves application → rule → user in that order, so the first missing object is the one
 * reported. A rule must belong to the application (147/156); a user must be bound to it (393).
 */
export function resolveBindings(s: EmulatorState, p: BindingRefs): ResolvedBindings {
  const out: ResolvedBindings = {};
  if (p.application_id !== undefined || p.application_name !== undefined) out.application = requireApplication(s, p);
  const appId = out.application?.application_id;
  if (p.rule_id !== undefined) {
    const r = s.rules.get(p.rule_id);
    if (!r) throw new ApiErrorReply(Code.RULE_ID_INVALID, `rule_id ${p.rule_id} not found`, "rule_id");
    if (appId !== undefined && r.application_id !== appId) {
      throw new ApiErrorReply(
        Code.RULE_ID_INVALID,
        `rule_id ${p.rule_id} does not belong to the application`,
        "rule_id",
      );
    }
    out.rule = r;
  } else if (p.rule_name !== undefined) {
    const r = findRuleByName(s, appId, p.rule_name);
    if (!r) throw new ApiErrorReply(Code.RULE_NAME_INVALID, "rule_name not found in the application", "rule_name");
    out.rule = r;
  }
  if (p.user_id !== undefined || p.user_name !== undefined) {
    const field = p.user_id !== undefined ? "user_id" : "user_name";
    const u = p.user_id !== undefined ? s.users.get(p.user_id) : findUserByName(s, p.user_name as string);
    if (!u) throw new ApiErrorReply(Code.USER_ID_INVALID, `${field} not found`, field);
    if (appId !== undefined && !u.application_ids.includes(appId)) {
      throw new ApiErrorReply(Code.USER_NOT_BOUND_TO_APPLICATION, "the user is not bound to the application", field);
    }
    out.user = u;
  }
  return out;
}

/**
 * The answer of GetApplications / GetRules / GetUsers: the page of `rows` that count/offset
 * select, each shown through `view`, and how many rows matched in all.
 */
export function listAnswer<T>(
  rows: T[],
  p: { count?: number; offset?: number },
  config: Pick<EmulatorConfig, "defaultPageSize" | "maxPageSize">,
  view: (row: T) => Record<string, unknown>,
): Record<string, unknown> {
  const pageRows = page(rows, p.count, p.offset, config.defaultPageSize, config.maxPageSize);
  return { result: pageRows.map(view), total_count: rows.length, count: pageRows.length };
}

/** Rows `offset .. offset+count`, with `count` defaulted and silently clamped to the maximum. */
export function page<T>(
  rows: T[],
  count: number | undefined,
  offset: number | undefined,
  defaultCount: number,
  maxCount: number,
): T[] {
  const n = Math.min(count ?? defaultCount, maxCount);
  const from = offset ?? 0;
  return rows.slice(from, from + n);
}
