// Local parameter checks that need no server: the id and the name of one object are never both
// given, and each method's required parameters are present. A failed check is a
// ClientValidationError and no request is sent.

import { ClientValidationError } from "./errors";
import type { ApiMethod } from "./types";

/** Pairs of parameters naming the same object; at most one of each pair may be given. */
const EXCLUSIVE_PAIRS: readonly (readonly [string, string])[] = [
  ["application_id", "application_name"],
  ["rule_id", "rule_name"],
  ["user_id", "user_name"],
  ["scenario_id", "scenario_name"],
];

/** Required parameters per method: a name, or a group of alternatives of which one is needed. */
const REQUIRED: Partial<Record<ApiMethod, readonly (string | readonly string[])[]>> = {
  CreateSipRegistration: ["sip_username", "proxy"],
  UpdateSipRegistration: ["sip_registration_id"],
  DeleteSipRegistration: ["sip_registration_id"],
  AddApplication: ["application_name"],
  DelApplication: [["application_id", "application_name"]],
  GetRules: [["application_id", "application_name"]],
  AddRule: [["application_id", "application_name"], "rule_name", "rule_pattern"],
  DelRule: [["rule_id", "rule_name"]],
  GetUsers: [["application_id", "application_name"]],
  AddUser: ["user_name", "user_display_name", "user_password", ["application_id", "application_name"]],
  DelUser: [["user_id", "user_name"]],
};

export function isGiven(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "";
}

/** Local checks that need no server: id+name of one object together, required parameters. */
export function checkParams(method: ApiMethod, params: Record<string, unknown>): void {
  for (const [a, b] of EXCLUSIVE_PAIRS) {
    if (params[a] !== undefined && params[b] !== undefined) {
      throw new ClientValidationError(method, [a, b], `give either ${a} or ${b}, not both`);
    }
  }
  const required = [...(REQUIRED[method] ?? [])];
  if (method === "BindSipRegistration" && params.bind !== false) required.push("sip_registration_id");
  for (const r of required) {
    if (typeof r === "string") {
      if (!isGiven(params[r])) throw new ClientValidationError(method, [r], `${r} is required`);
    } else if (!r.some((n) => isGiven(params[n]))) {
      throw new ClientValidationError(method, [...r], `one of ${r.join(" or ")} is required`);
    }
  }
}
