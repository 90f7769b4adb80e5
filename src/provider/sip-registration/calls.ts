// The heart of update: which Management API calls turn the registration as it is (prior state)
// into the registration as configured. Pure functions of plain data, so the mapping can be tested
// call by call without a server:
//
//   - connection fields that changed (and only those) → ONE UpdateSipRegistration
//   - bindings that were removed → BindSipRegistration bind=false (removing the application takes
//     its rule and user with it: neither can stay bound without it)
//   - bindings that were added or changed → ONE BindSipRegistration bind=true naming the
//     application (the API needs it with a rule or user) plus the rule / user that changed
//   - nothing changed → no call at all
//
// Order: Update first, then unbinds, then the bind — old links are removed before new ones are
// added (docs/design/voximplant-api.md, "SIP registration methods").

import type { BindSipRegistrationParams, UpdateSipRegistrationParams } from "../../api";

/** What the provider knows about a registration, in API field names. */
export interface RegistrationSnapshot {
  sip_username: string;
  proxy: string;
  auth_user: string | null;
  outbound_proxy: string | null;
  /** the `password` attribute (stored in state) */
  password: string | null;
  /** canonical decimal text of password_wo_version */
  password_wo_version: string | null;
  application_id: number | null;
  rule_id: number | null;
  user_id: number | null;
}

export type BindingIds = Pick<RegistrationSnapshot, "application_id" | "rule_id" | "user_id">;

/** Connection fields UpdateSipRegistration can change in place. */
const CONNECTION_FIELDS = ["sip_username", "proxy", "auth_user", "outbound_proxy"] as const;

export type ApiCall =
  | { readonly method: "UpdateSipRegistration"; readonly params: UpdateSipRegistrationParams }
  | { readonly method: "BindSipRegistration"; readonly params: BindSipRegistrationParams };

/**
 * The UpdateSipRegistration parameters for the connection changes, or null when nothing changed.
 * A field that became null is not sent: the API cannot clear it (the plan replaces the
 * registration instead). `passwordWo` is the write-only password from the apply-time
 * configuration; it is sent when password_wo_version changed.
 */
export function connectionUpdate(
  id: number,
  prior: RegistrationSnapshot,
  desired: RegistrationSnapshot,
  passwordWo: string | null,
): UpdateSipRegistrationParams | null {
  const params: UpdateSipRegistrationParams = { sip_registration_id: id };
  let changed = false;
  for (const f of CONNECTION_FIELDS) {
    const next = desired[f];
    if (next !== null && next !== prior[f]) {
      params[f] = next;
      changed = true;
    }
  }
  if (desired.password !== null && desired.password !== prior.password) {
    params.password = desired.password;
    changed = true;
  } else if (
    passwordWo !== null &&
    desired.password_wo_version !== null &&
    desired.password_wo_version !== prior.password_wo_version
  ) {
    params.password = passwordWo;
    changed = true;
  }
  return changed ? params : null;
}

/** The BindSipRegistration calls that turn `current` bindings into `desired` ones. */
export function bindingCalls(id: number, current: BindingIds, desired: BindingIds): ApiCall[] {
  const calls: ApiCall[] = [];
  const unbind = (params: Omit<BindSipRegistrationParams, "sip_registration_id" | "bind">): void => {
    calls.push({ method: "BindSipRegistration", params: { sip_registration_id: id, ...params, bind: false } });
  };

  if (current.application_id !== null && desired.application_id === null) {
    unbind({ application_id: current.application_id });
    return calls;
  }
  if (current.rule_id !== null && desired.rule_id === null) unbind({ rule_id: current.rule_id });
  if (current.user_id !== null && desired.user_id === null) unbind({ user_id: current.user_id });

  if (desired.application_id === null) return calls;
  const appChanged = desired.application_id !== current.application_id;
  // Moving to another application may drop the rule and user, so they are named again then.
  const ruleChanged = desired.rule_id !== null && (appChanged || desired.rule_id !== current.rule_id);
  const userChanged = desired.user_id !== null && (appChanged || desired.user_id !== current.user_id);
  if (appChanged || ruleChanged || userChanged) {
    const params: BindSipRegistrationParams = { sip_registration_id: id, application_id: desired.application_id };
    if (ruleChanged) params.rule_id = desired.rule_id as number;
    if (userChanged) params.user_id = desired.user_id as number;
    params.bind = true;
    calls.push({ method: "BindSipRegistration", params });
  }
  return calls;
}

/** Every call of an update, in the order they must run. */
export function updateCalls(
  id: number,
  prior: RegistrationSnapshot,
  desired: RegistrationSnapshot,
  passwordWo: string | null,
): ApiCall[] {
  const calls: ApiCall[] = [];
  const update = connectionUpdate(id, prior, desired, passwordWo);
  if (update !== null) calls.push({ method: "UpdateSipRegistration", params: update });
  calls.push(...bindingCalls(id, prior, desired));
  return calls;
}
