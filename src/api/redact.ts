// Redaction of secrets from anything the client logs or puts into an error message.
//
// Three layers, because each catches what the others cannot:
//  1. parameters: values of secret-named parameters (password, user_password, …) are replaced
//     before a parameter set is ever logged;
//  2. known values: the exact secret values of the current call are scrubbed from free text the
//     server sends back (an error `msg` could echo a rejected password);
//  3. patterns: anything shaped like a JWT, a Bearer credential or a PEM private key is scrubbed
//     from every message, whatever its origin.

export const REDACTED = "[REDACTED]";

/**
 * Parameter/field names whose values are secret, compared case-insensitively; names ending in
 * _password, _secret or _token are secret too. The one list: the client redacts these from the
 * parameters it logs, and the provider hands the same list to its logger for every API record.
 */
export const SECRET_PARAMETER_NAMES: readonly string[] = [
  "password",
  "user_password",
  "account_password",
  "admin_user_password",
  "api_key",
  "admin_user_api_key",
  "private_key",
  "authorization",
  "token",
  "access_token",
  "refresh_token",
  "secret",
  "session_id",
];
const SECRET_NAMES: ReadonlySet<string> = new Set(SECRET_PARAMETER_NAMES);

export function isSecretParameterName(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_NAMES.has(n) || n.endsWith("_password") || n.endsWith("_secret") || n.endsWith("_token");
}

// base64url header starting with {"  →  "eyJ"; three dot-separated segments (signature may be empty).
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const BEARER_PATTERN = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
// A PEM private key block (any flavour); an unterminated block is redacted to the end of the text.
const PEM_PATTERN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/**
 * Scrubs secret-shaped substrings and the given known secret values from a piece of text.
 * Longer secrets are replaced first so that a secret containing another is fully removed.
 */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  const secrets = knownSecrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  for (const s of secrets) out = out.split(s).join(REDACTED);
  out = out.replace(PEM_PATTERN, "[REDACTED PRIVATE KEY]");
  out = out.replace(BEARER_PATTERN, `$1 ${REDACTED}`);
  out = out.replace(JWT_PATTERN, "[REDACTED JWT]");
  return out;
}

/**
 * A copy of a parameter object safe to log: secret-named values replaced, other strings scrubbed
 * with redactText, nested objects and arrays handled recursively.
 */
export function redactParams(params: object, knownSecrets: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    out[k] = isSecretParameterName(k) ? REDACTED : redactValue(v, knownSecrets);
  }
  return out;
}

function redactValue(v: unknown, knownSecrets: readonly string[]): unknown {
  if (typeof v === "string") return redactText(v, knownSecrets);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, knownSecrets));
  if (typeof v === "object" && v !== null) return redactParams(v, knownSecrets);
  return v;
}

/** The values of secret-named string parameters of a call, for layer 2 above. */
export function secretValuesOf(params: object): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === "string" && v !== "" && isSecretParameterName(k)) out.push(v);
  }
  return out;
}
