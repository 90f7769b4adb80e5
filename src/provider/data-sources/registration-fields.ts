// The read-only fields of a SIP registration as the data sources report them (docs/design/voximplant-api.md),
// shared by voximplant_sip_registration (top-level attributes) and voximplant_sip_registrations
// (attributes of each element of `registrations`). The password is write-only in the API and
// never part of any of them.

import type { SipRegistration } from "../../api";
import { BoolType, NumberType, StringType, type CtyType } from "../../plugin/cty/types";
import type { AttributeDef, InputObject } from "../../plugin";

function computed(type: CtyType, description: string): AttributeDef {
  return { type, computed: true, markdownDescription: description };
}

/** Descriptions of the fields that identify a registration (inputs of the singular data source). */
export const REGISTRATION_KEY_DESCRIPTIONS = {
  sip_registration_id: "Id of the SIP registration.",
  sip_username: "SIP user name Voximplant registers as at the registrar.",
  proxy: "Registrar (SIP proxy) host Voximplant registers at, e.g. `sip.example.com`.",
} as const;

/** Every other field, all computed. */
export function registrationDetailAttributes(): Record<string, AttributeDef> {
  return {
    auth_user: computed(
      StringType,
      "Authentication user name, when it differs from `sip_username`; null when not set.",
    ),
    outbound_proxy: computed(StringType, "Outbound proxy the registration is sent through; null when not set."),
    is_persistent: computed(
      BoolType,
      "Whether the registration is persistent (stays registered until deleted) or non-persistent (registered only " +
        "while the bound user is logged in through a Voximplant SDK).",
    ),
    application_id: computed(NumberType, "Id of the application the registration is bound to; null when unbound."),
    application_name: computed(
      StringType,
      "Name of the bound application as the API reports it (usually the full `name.account.voximplant.com` form); " +
        "null when unbound.",
    ),
    rule_id: computed(NumberType, "Id of the bound rule; null when none."),
    rule_name: computed(StringType, "Name of the bound rule; null when none."),
    user_id: computed(NumberType, "Id of the bound user; null when none."),
    user_name: computed(StringType, "Name of the bound user; null when none."),
    successful: computed(
      BoolType,
      "Whether the last registration attempt succeeded; null while no attempt has finished.",
    ),
    status_code: computed(
      NumberType,
      "Last SIP response code from the registrar (e.g. 200, 401, 403, 408); null while no attempt has finished.",
    ),
    error_message: computed(StringType, "Last error text from the registrar side; null when there is none."),
    in_progress: computed(
      BoolType,
      "Whether a registration attempt is under way; null when the API does not report it (it is not a documented " +
        "response field).",
    ),
    deactivated: computed(BoolType, "Whether the subscription is frozen (for example unpaid)."),
    purchase_date: computed(StringType, "When the registration was bought, `YYYY-MM-DD HH:mm:ss` in UTC."),
    next_subscription_renewal: computed(StringType, "Date of the next monthly charge, `YYYY-MM-DD`."),
    subscription_price: computed(
      StringType,
      "Monthly price of the registration as the API reports it (decimal text, in the account currency).",
    ),
    last_updated: computed(
      NumberType,
      "Time of the registration's last update as the API reports it (an opaque number: the unit is not documented).",
    ),
  };
}

/** All attributes of one registration, every one computed (the element type of `registrations`). */
export function registrationAttributes(): Record<string, AttributeDef> {
  return {
    sip_registration_id: computed(NumberType, REGISTRATION_KEY_DESCRIPTIONS.sip_registration_id),
    sip_username: computed(StringType, REGISTRATION_KEY_DESCRIPTIONS.sip_username),
    proxy: computed(StringType, REGISTRATION_KEY_DESCRIPTIONS.proxy),
    ...registrationDetailAttributes(),
  };
}

function orNull<T>(v: T | undefined): T | null {
  return v === undefined ? null : v;
}

/** The attribute values of one registration; absent optional API fields become null. */
export function registrationValues(r: SipRegistration): InputObject {
  return {
    sip_registration_id: r.sip_registration_id,
    sip_username: r.sip_username,
    proxy: r.proxy,
    auth_user: orNull(r.auth_user),
    outbound_proxy: orNull(r.outbound_proxy),
    is_persistent: orNull(r.is_persistent),
    application_id: orNull(r.application_id),
    application_name: orNull(r.application_name),
    rule_id: orNull(r.rule_id),
    rule_name: orNull(r.rule_name),
    user_id: orNull(r.user_id),
    user_name: orNull(r.user_name),
    successful: orNull(r.successful),
    status_code: orNull(r.status_code),
    error_message: orNull(r.error_message),
    in_progress: orNull(r.in_progress),
    deactivated: orNull(r.deactivated),
    purchase_date: orNull(r.purchase_date),
    next_subscription_renewal: orNull(r.next_subscription_renewal),
    subscription_price: orNull(r.subscription_price),
    last_updated: orNull(r.last_updated),
  };
}
