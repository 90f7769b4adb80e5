// SIP registrations → voximplant_sip_registration, import id `<sip_registration_id>`. One paged
// GetSipRegistrations walk; the application filter goes to the API, the proxy filter is applied
// here (the API has no exact proxy filter). A bound registration refers to its application, rule
// and user, so `adopt` writes its resource block with references to them.

import type { SipRegistration } from "../../api";
import { referenceTo, type AdoptedObject, type Adopter, type BlockValue, type ListContext } from "../adopter";
import { hclString } from "../hcl";
import { passwordNote } from "../passwords";
import { APPLICATION_TYPE } from "./applications";
import { RULE_TYPE } from "./rules";
import { USER_TYPE } from "./users";

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

/** The block's arguments: what the import reads back that a configuration sets (ids only for bindings). */
function argumentsOf(reg: SipRegistration): Array<readonly [string, BlockValue]> {
  const text = (v: string | undefined): BlockValue | null =>
    v === undefined || v === "" ? null : { kind: "hcl", text: hclString(v) };
  const args: Array<readonly [string, BlockValue]> = [
    ["sip_username", { kind: "hcl", text: hclString(reg.sip_username) }],
  ];
  args.push(["proxy", { kind: "hcl", text: hclString(reg.proxy) }]);
  const authUser = text(reg.auth_user);
  if (authUser !== null) args.push(["auth_user", authUser]);
  const outboundProxy = text(reg.outbound_proxy);
  if (outboundProxy !== null) args.push(["outbound_proxy", outboundProxy]);
  if (reg.is_persistent === false) args.push(["is_persistent", { kind: "hcl", text: "false" }]);
  if (reg.application_id === undefined) return args; // unbound: nothing to refer to
  args.push(["application_id", referenceTo(APPLICATION_TYPE, reg.application_id, "application_id")]);
  if (reg.rule_id !== undefined) args.push(["rule_id", referenceTo(RULE_TYPE, reg.rule_id, "rule_id")]);
  if (reg.user_id !== undefined) args.push(["user_id", referenceTo(USER_TYPE, reg.user_id, "user_id")]);
  return args;
}

export const sipRegistrationAdopter: Adopter = {
  resourceType: SIP_REGISTRATION_TYPE,
  label: "SIP registrations",
  labelOne: "SIP registration",
  fallbackName: "sip_registration",
  namePrefix: "sip",

  async list({ client, filters, signal }: ListContext): Promise<AdoptedObject[]> {
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
        arguments: argumentsOf(reg),
      });
    }
    return out;
  },

  secretsNote: (names) => passwordNote("SIP registration", names),
};
