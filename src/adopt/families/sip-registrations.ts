// SIP registrations → voximplant_sip_registration. One paged GetSipRegistrations walk; the
// application filter goes to the API, the proxy filter is applied here (the API has no exact
// proxy filter).

import type { SipRegistration, VoximplantClient } from "../../api";
import type { AdoptedObject, Adopter, AdoptFilters } from "../adopter";

const SIP_REGISTRATION_TYPE = "voximplant_sip_registration";

/** "sip.example.com:5060" → "sip.example.com"; lower case. */
function hostOf(proxy: string): string {
  const trimmed = proxy.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  const colon = trimmed.lastIndexOf(":");
  return colon > 0 && trimmed.indexOf(":") === colon ? trimmed.slice(0, colon) : trimmed;
}

/** The filter matches the registrar exactly (host:port) or, given without a port, any port. */
function proxyMatches(proxy: string, filter: string): boolean {
  const p = proxy.trim().toLowerCase();
  const f = filter.trim().toLowerCase();
  return p === f || (hostOf(f) === f && hostOf(p) === f);
}

function describe(reg: SipRegistration): string {
  const parts = [`SIP registration ${reg.sip_registration_id}: ${JSON.stringify(reg.sip_username)} at ${reg.proxy}`];
  if (reg.is_persistent === false) parts.push("not persistent");
  const bound: string[] = [];
  const named = (kind: string, id: number, name: string | undefined): string =>
    name ? `${kind} ${name} (${id})` : `${kind} ${id}`;
  if (reg.application_id !== undefined) bound.push(named("application", reg.application_id, reg.application_name));
  if (reg.rule_id !== undefined) bound.push(named("rule", reg.rule_id, reg.rule_name));
  if (reg.user_id !== undefined) bound.push(named("user", reg.user_id, reg.user_name));
  parts.push(bound.length > 0 ? `bound to ${bound.join(", ")}` : "unbound");
  if (reg.deactivated === true) parts.push("deactivated");
  return parts.join("; ");
}

export const sipRegistrationAdopter: Adopter = {
  resourceType: SIP_REGISTRATION_TYPE,
  label: "SIP registrations",
  labelOne: "SIP registration",
  fallbackName: "sip_registration",
  namePrefix: "sip",

  async list(client: VoximplantClient, filters: AdoptFilters, signal?: AbortSignal): Promise<AdoptedObject[]> {
    const out: AdoptedObject[] = [];
    const apiFilters = filters.applicationId === null ? {} : { application_id: [filters.applicationId] };
    for await (const reg of client.listSipRegistrations(apiFilters, signal === undefined ? {} : { signal })) {
      // The API filter is trusted only as far as it narrows; check the binding here too.
      if (filters.applicationId !== null && reg.application_id !== filters.applicationId) continue;
      if (filters.proxy !== null && !proxyMatches(reg.proxy, filters.proxy)) continue;
      out.push({
        resourceType: SIP_REGISTRATION_TYPE,
        id: reg.sip_registration_id,
        importId: String(reg.sip_registration_id),
        nameBase: reg.sip_username,
        nameQualifier: reg.proxy,
        description: describe(reg),
      });
    }
    return out;
  },

  secretsNote(names: readonly string[]): string | undefined {
    if (names.length === 0) return undefined;
    const example = names[0];
    return [
      "Passwords: Voximplant never returns a registration's password, so the generated configuration has",
      "none and plans without changes as it is; the registrars keep the passwords they have. To manage a",
      "password from Terraform (e.g. to rotate it), add to that registration's resource block:",
      "",
      `    password_wo         = var.${example}_password`,
      "    password_wo_version = 1",
      "",
      "password_wo is write-only (Terraform 1.11+): it is never stored in the plan or the state;",
      "change password_wo_version to send the password again. Define",
      `variable "${example}_password" { sensitive = true } and set TF_VAR_${example}_password; the next`,
      "apply sends the password (an in-place update). Do not use `password`: it is stored in the state.",
    ].join("\n");
  },
};
