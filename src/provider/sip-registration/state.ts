// Between the API's view of a registration (SipRegistration, wire field names) and the resource's
// state. The API never returns the password and reports application names in their full form, so
// the state is built from the API answer plus a reference object (the prior state on refresh, the
// plan after a write) that supplies what the API cannot.

import type { SipRegistration } from "../../api";
import { TfNumber, type Value } from "../../plugin/cty/value";
import type { StateInput, ValuesReader } from "../../plugin";
import { sameApplicationName } from "../lookups";
import type { BindingIds, RegistrationSnapshot } from "./calls";
import { DEFAULT_REGISTRATION_TIMEOUT } from "./schema";

function numberText(r: ValuesReader, name: string): string | null {
  const v: Value = r.get(name);
  return v instanceof TfNumber ? v.text : null;
}

/** The registration id recorded in a state: sip_registration_id, or the string id after import. */
export function registrationIdOf(r: ValuesReader): number | null {
  const n = r.knownNumber("sip_registration_id");
  if (n !== null) return n;
  const s = r.knownString("id");
  return s !== null && /^\d+$/.test(s) ? Number(s) : null;
}

/** The snapshot of a prior state or plan (unknown values read as null). */
export function snapshotOf(r: ValuesReader): RegistrationSnapshot {
  return {
    sip_username: r.knownString("sip_username") ?? "",
    proxy: r.knownString("proxy") ?? "",
    auth_user: r.knownString("auth_user"),
    outbound_proxy: r.knownString("outbound_proxy"),
    password: r.knownString("password"),
    password_wo_version: numberText(r, "password_wo_version"),
    ...bindingIdsOf(r),
  };
}

function bindingIdsOf(r: ValuesReader): BindingIds {
  return {
    application_id: r.knownNumber("application_id"),
    rule_id: r.knownNumber("rule_id"),
    user_id: r.knownNumber("user_id"),
  };
}

function text(v: unknown): string | null {
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

function int(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  // tolerate numbers sent as text (the API's callbacks send status codes that way)
  if (typeof v === "string" && /^-?\d{1,15}$/.test(v)) return Number(v);
  return null;
}

/**
 * Host names are case-insensitive: when the API reports the reference's host in another case,
 * keep the reference's spelling so the next plan stays empty.
 */
function hostFor(apiValue: string | null, reference: ValuesReader | null, name: string): string | null {
  if (apiValue === null || reference === null) return apiValue;
  const ref = reference.knownString(name);
  return ref !== null && ref.toLowerCase() === apiValue.toLowerCase() ? ref : apiValue;
}

function bool(v: unknown): boolean | null {
  return typeof v === "boolean" ? v : null;
}

/**
 * The application name to record: the reference's own spelling when it names the same
 * application as the API's answer (e.g. "demo-app" for "demo-app.acct.voximplant.com"), so a
 * configuration using the short name plans clean; otherwise the API's.
 */
function applicationNameFor(reg: SipRegistration, reference: ValuesReader | null): string | null {
  const apiName = text(reg.application_name);
  if (apiName === null || reference === null) return apiName;
  const refName = reference.knownString("application_name");
  if (refName === null || !sameApplicationName(refName, apiName)) return apiName;
  const refId = reference.knownNumber("application_id");
  if (refId !== null && refId !== reg.application_id) return apiName;
  return refName;
}

export interface StateOptions {
  /**
   * Record only the id member of each binding pair (right after import). Terraform's
   * `-generate-config-out` writes every optional attribute from the state, and a configuration
   * with both application_id and application_name would be rejected; with ids only it plans clean.
   */
  idsOnly?: boolean;
}

/** The full resource state for an API answer; `reference` supplies what the API never returns. */
export function stateFromApi(
  reg: SipRegistration,
  reference: ValuesReader | null,
  options: StateOptions = {},
): StateInput {
  const idsOnly = options.idsOnly === true;
  const pwVersion = reference?.get("password_wo_version") ?? null;
  const applicationId = int(reg.application_id);
  const ruleId = applicationId === null ? null : int(reg.rule_id);
  const userId = applicationId === null ? null : int(reg.user_id);
  const isPersistent =
    bool(reg.is_persistent) ?? (reference === null ? null : reference.knownBool("is_persistent")) ?? true;
  // A non-persistent registration is online only while its user is logged in through an SDK: its
  // live status follows those sessions, not the configuration, so it is not kept in the state (a
  // log-off would otherwise show as drift in every refresh-only check).
  const live = isPersistent;
  return {
    id: String(reg.sip_registration_id),
    sip_registration_id: reg.sip_registration_id,
    sip_username: reg.sip_username,
    proxy: hostFor(reg.proxy, reference, "proxy"),
    auth_user: text(reg.auth_user),
    outbound_proxy: hostFor(text(reg.outbound_proxy), reference, "outbound_proxy"),
    password: reference === null ? null : reference.knownString("password"),
    password_wo_version: pwVersion instanceof TfNumber ? pwVersion : null,
    is_persistent: isPersistent,
    application_id: applicationId,
    application_name: idsOnly || applicationId === null ? null : applicationNameFor(reg, reference),
    rule_id: ruleId,
    rule_name: idsOnly || ruleId === null ? null : text(reg.rule_name),
    user_id: userId,
    user_name: idsOnly || userId === null ? null : text(reg.user_name),
    wait_for_registration: (reference === null ? null : reference.knownBool("wait_for_registration")) ?? false,
    registration_timeout:
      (reference === null ? null : reference.knownString("registration_timeout")) ?? DEFAULT_REGISTRATION_TIMEOUT,
    successful: live ? bool(reg.successful) : null,
    status_code: live ? int(reg.status_code) : null,
    error_message: live ? text(reg.error_message) : null,
    deactivated: bool(reg.deactivated),
    last_updated: int(reg.last_updated),
    purchase_date: text(reg.purchase_date),
    next_subscription_renewal: text(reg.next_subscription_renewal),
    subscription_price: text(reg.subscription_price),
  };
}

/**
 * A state for a registration that exists but could not be read back after a write: everything
 * known from the plan, the id, and null for the rest. Returned with an error, so Terraform keeps
 * (and on create, taints) the object instead of forgetting it.
 */
export function fallbackState(id: number, plan: ValuesReader): StateInput {
  const out: Record<string, Value> = {};
  for (const [name, v] of Object.entries(plan.value)) out[name] = isKnownLeaf(v) ? v : null;
  out.id = String(id);
  out.sip_registration_id = TfNumber.of(id);
  return out;
}

function isKnownLeaf(v: Value): boolean {
  return v === null || typeof v === "string" || typeof v === "boolean" || v instanceof TfNumber;
}
