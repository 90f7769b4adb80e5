// The registration's API failures: the provider-wide wording (api-failure.ts) pointed at this
// resource's attributes when the API names the offending parameter.

import type { ProviderError, ValuesReader } from "../../plugin";
import { apiFailure, type AttributeOfField } from "../api-failure";

const DIRECT_FIELDS = new Set(["sip_username", "proxy", "auth_user", "outbound_proxy", "is_persistent"]);

const PAIRED: Record<string, readonly [string, string]> = {
  application_id: ["application_id", "application_name"],
  application_name: ["application_id", "application_name"],
  rule_id: ["rule_id", "rule_name"],
  rule_name: ["rule_id", "rule_name"],
  user_id: ["user_id", "user_name"],
  user_name: ["user_id", "user_name"],
};

/**
 * The attribute an API `field_name` refers to. The provider sends ids for bindings configured by
 * name, so the configured member of the pair is the one to point at.
 */
function registrationAttributeOf(config: ValuesReader | null): AttributeOfField {
  return (fieldName) => {
    if (DIRECT_FIELDS.has(fieldName)) return fieldName;
    if (fieldName === "password") {
      return config !== null && config.get("password_wo") !== null ? "password_wo" : "password";
    }
    const pair = PAIRED[fieldName];
    if (pair !== undefined) {
      if (config === null) return fieldName;
      const configured = pair.find((p) => config.get(p) !== null);
      return configured ?? fieldName;
    }
    return undefined;
  };
}

/** A ProviderError for a failed API call of the registration resource ("Could not `action`"). */
export function registrationFailure(action: string, err: unknown, config: ValuesReader | null): ProviderError {
  return apiFailure(action, err, registrationAttributeOf(config));
}
