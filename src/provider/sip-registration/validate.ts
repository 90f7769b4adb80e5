// Plan-time checks of a voximplant_sip_registration configuration. No API calls, no provider
// configuration needed, and unknown values (references to things not created yet) are skipped:
// a check runs only when every value it looks at is known.

import { isIP, isIPv4, isIPv6 } from "node:net";
import { TfNumber, Unknown, type Value } from "../../plugin/cty/value";
import { configValidators, type ConfigValidator, type Diagnostics, type ValuesReader } from "../../plugin";
import { parsePositiveDuration } from "../duration";
import { APPLICATION_PAIR, BINDING_PAIRS, DEFAULT_REGISTRATION_TIMEOUT, RULE_PAIR, USER_PAIR } from "./schema";

const MAX_REGISTRATION_TIMEOUT_MS = 3_600_000;
const defaultTimeout = parsePositiveDuration(DEFAULT_REGISTRATION_TIMEOUT);
const DEFAULT_REGISTRATION_TIMEOUT_MS = "ms" in defaultTimeout ? defaultTimeout.ms : -1;

/** Attributes the API would read an empty string for as "not given". */
const NON_EMPTY = [
  "sip_username",
  "proxy",
  "auth_user",
  "outbound_proxy",
  "password",
  "password_wo",
  "application_name",
  "rule_name",
  "user_name",
  "registration_timeout",
] as const;

const SUMMARY = "Invalid SIP registration configuration";

/** Arguments the API needs: Terraform lets `= null` through, so the check is made here. */
const REQUIRED = ["sip_username", "proxy"] as const;

/**
 * Longest value the provider sends for a text argument. Voximplant publishes no limit; 255 is
 * the conservative choice (docs/design/voximplant-api.md), checked here so that an over-long
 * value fails at plan time instead of at apply after a duplicate-check call.
 */
const MAX_TEXT_LENGTH = 255;
const LENGTH_LIMITED = ["sip_username", "proxy", "auth_user", "outbound_proxy", "password", "password_wo"] as const;
const WRITE_ONLY_OR_SECRET = new Set(["password", "password_wo"]);

/** Known and not null. */
function given(v: Value): boolean {
  return v !== null && !(v instanceof Unknown);
}

/** Known to be null (an unknown value may still turn out to be set). */
function absent(v: Value): boolean {
  return v === null;
}

/**
 * Why `value` is not `host[:port]` (host name, IPv4 address or bracketed IPv6 address; port
 * 1–65535), or null when it is.
 */
export function hostPortProblem(value: string): string | null {
  let host: string;
  let port: string | undefined;
  if (/^sips?:(?!\d+$)/i.test(value)) return "starts with a sip: scheme; give only the host and port";
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    if (end < 0) return "has an unclosed [ (write IPv6 addresses as [2001:db8::1] or [2001:db8::1]:5060)";
    host = value.slice(1, end);
    const rest = value.slice(end + 1);
    if (rest !== "" && !rest.startsWith(":")) return "has unexpected text after the ] of the IPv6 address";
    if (rest !== "") port = rest.slice(1);
    if (!isIPv6(host)) return `has ${JSON.stringify(host)} in brackets, which is not an IPv6 address`;
  } else {
    const parts = value.split(":");
    if (parts.length > 2) {
      return isIP(value) === 6
        ? "is an IPv6 address: write it in brackets, e.g. [2001:db8::1]"
        : "has more than one ':' (expected host[:port])";
    }
    host = parts[0] ?? "";
    port = parts[1];
    if (host === "") return "has no host name before the port";
    const hostProblem = hostNameProblem(host);
    if (hostProblem !== null) return hostProblem;
  }
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port)) return `has port ${JSON.stringify(port)}, which is not a number`;
    const n = Number(port);
    if (n < 1 || n > 65535) return `has port ${n}, outside 1-65535`;
  }
  return null;
}

function hostNameProblem(host: string): string | null {
  if (/[\s\u0000-\u001f\u007f]/.test(host)) return "contains whitespace or control characters";
  const labels = host.split(".");
  // all-numeric dotted names are IPv4 addresses or nothing (no top-level domain is numeric)
  if (labels.every((l) => /^\d+$/.test(l))) {
    return isIPv4(host) ? null : `has ${JSON.stringify(host)}, which is not a valid IPv4 address`;
  }
  if (host.length > 253) return "has a host name longer than 253 characters";
  for (const l of labels) {
    if (l === "") return `has an empty label in the host name ${JSON.stringify(host)}`;
    if (l.length > 63) return "has a host name label longer than 63 characters";
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l)) {
      return (
        `has ${JSON.stringify(host)}, which is not a valid host name (letters, digits and inner ` + `hyphens per label)`
      );
    }
  }
  return null;
}

function positiveIdProblem(v: Value): string | null {
  if (!(v instanceof TfNumber)) return null;
  if (!v.isInteger()) return `must be a whole number, got ${v.text}`;
  const n = Number(v.text);
  if (!(n >= 1)) return `must be a positive id (1 or more), got ${v.text}`;
  if (!Number.isSafeInteger(n))
    return `is too large to be an id: Voximplant ids are at most ${Number.MAX_SAFE_INTEGER}, got ${v.text}`;
  return null;
}

/** The rules over several attributes, declared to the framework (it reports them with paths). */
export const registrationConfigValidators: readonly ConfigValidator[] = [
  configValidators.conflicting(["password", "password_wo"], {
    summary: SUMMARY,
    detail: "Set either password or password_wo (write-only), not both.",
  }),
  configValidators.alsoRequires("password_wo_version", ["password_wo"], {
    summary: SUMMARY,
    detail:
      "password_wo_version is only meaningful with password_wo: changing it sends password_wo to the API. " +
      "Set password_wo too, or remove password_wo_version.",
  }),
  configValidators.alsoRequires("password_wo", ["password_wo_version"], {
    summary: SUMMARY,
    detail:
      "password_wo needs password_wo_version: Terraform does not store write-only values, so the version is how a " +
      "new password is noticed. Add e.g. password_wo_version = 1 and increase it whenever the password changes.",
  }),
  ...BINDING_PAIRS.map((pair) =>
    configValidators.conflicting([pair.id, pair.name], {
      summary: SUMMARY,
      detail: `Set either ${pair.id} or ${pair.name}, not both: they name the same ${pair.kind}.`,
    }),
  ),
];

export function validateRegistrationConfig(c: ValuesReader, d: Diagnostics): void {
  for (const name of REQUIRED) {
    if (c.get(name) === null) {
      d.addError(
        "Missing required argument",
        `The argument "${name}" is required, but it is set to null. Give it a value (a null from a variable or an ` +
          `expression counts as not set).`,
        name,
      );
    }
  }

  for (const name of NON_EMPTY) {
    const v = c.knownString(name);
    if (v === "") {
      d.addError(
        SUMMARY,
        `${name} must not be empty: the Voximplant API reads an empty value as "not given". Omit the argument instead.`,
        name,
      );
    } else if (v !== null && v.trim() === "") {
      const what = WRITE_ONLY_OR_SECRET.has(name) ? "" : ` (${JSON.stringify(v)})`;
      d.addError(SUMMARY, `${name} consists of whitespace only${what}: give a real value, or omit the argument.`, name);
    }
  }

  for (const name of LENGTH_LIMITED) {
    const v = c.knownString(name);
    if (v !== null && v.length > MAX_TEXT_LENGTH) {
      d.addError(
        SUMMARY,
        `${name} is ${v.length} characters long; the provider sends at most ${MAX_TEXT_LENGTH}.`,
        name,
      );
    }
  }

  for (const name of ["sip_username", "auth_user"] as const) {
    const v = c.knownString(name);
    if (v !== null && v.trim() !== "" && /[\s\u0000-\u001f\u007f]/.test(v)) {
      d.addError(SUMMARY, `${name} must not contain whitespace or control characters.`, name);
    }
  }

  for (const name of ["proxy", "outbound_proxy"] as const) {
    const v = c.knownString(name);
    if (v === null || v.trim() === "" || v.length > MAX_TEXT_LENGTH) continue; // the length was reported
    const problem = hostPortProblem(v);
    if (problem !== null) {
      d.addError(
        SUMMARY,
        `${name} must be host[:port], e.g. "sip.example.com" or "192.0.2.10:5060"; ${JSON.stringify(v)} ${problem}.`,
        name,
      );
    }
  }

  // passwords
  // password combinations: registrationConfigValidators

  // bindings
  for (const pair of BINDING_PAIRS) {
    const problem = positiveIdProblem(c.get(pair.id));
    if (problem !== null) d.addError(SUMMARY, `${pair.id} ${problem}.`, pair.id);
  }
  const appAbsent = absent(c.get(APPLICATION_PAIR.id)) && absent(c.get(APPLICATION_PAIR.name));
  if (appAbsent) {
    for (const pair of [RULE_PAIR, USER_PAIR]) {
      for (const member of [pair.id, pair.name]) {
        if (given(c.get(member))) {
          d.addError(
            SUMMARY,
            `${member} requires application_id or application_name: the Voximplant API binds a ${pair.kind} only ` +
              `together with its application.`,
            member,
          );
        }
      }
    }
  }

  // waiting
  const timeout = c.knownString("registration_timeout");
  let timeoutIsDefault = false;
  if (timeout !== null && timeout.trim() !== "") {
    const r = parsePositiveDuration(timeout, MAX_REGISTRATION_TIMEOUT_MS);
    if ("error" in r)
      d.addError(SUMMARY, `registration_timeout ${r.error} (e.g. "90s", "2m").`, "registration_timeout");
    else timeoutIsDefault = r.ms === DEFAULT_REGISTRATION_TIMEOUT_MS;
  }
  const wait = c.get("wait_for_registration");
  // The default value is exempt: `terraform plan -generate-config-out` (and so `adopt`) writes every
  // attribute from the imported state, including registration_timeout at its default next to
  // wait_for_registration = false; that configuration must plan clean, and it changes nothing.
  if (given(c.get("registration_timeout")) && !timeoutIsDefault && (wait === null || wait === false)) {
    d.addError(
      SUMMARY,
      "registration_timeout only applies while waiting for the registration: set wait_for_registration = true, or " +
        "remove registration_timeout.",
      "registration_timeout",
    );
  }
  if (wait === true && c.get("is_persistent") === false) {
    d.addWarning(
      "Waiting for a non-persistent registration",
      "A non-persistent registration registers only while its user is logged in through a Voximplant SDK, " +
        "which no apply can bring about, so wait_for_registration does not wait for it and its live status " +
        "(successful, status_code, error_message) is not kept in the state: read it with the " +
        "voximplant_sip_registrations data source.",
      "wait_for_registration",
    );
  }
}
