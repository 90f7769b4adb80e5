// Service-account credentials (the `credentials.json` a Voximplant key download produces;
// docs/design/voximplant-api.md, "Credentials and tokens").
//
// Sources, in the order `resolveCredentials` tries them: an object already in memory, inline JSON
// text, a file path, then the VOXIMPLANT_CREDENTIALS environment variable (a path, as in the
// official SDKs). Validation reports every bad field at once, each by name. The private key is a
// secret: no message ever contains any part of it — not the value, not a prefix, not the text of
// a JSON.parse error (V8 quotes the offending source in those).

import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { redactText } from "./redact";

export const CREDENTIALS_ENV_VAR = "VOXIMPLANT_CREDENTIALS";

export interface ServiceAccountCredentials {
  /** Account the key belongs to; becomes the JWT `iss`. */
  account_id: number;
  /** Informational only. */
  account_email?: string;
  /** Key identifier; becomes the JWT header `kid`. */
  key_id: string;
  /** RSA private key, PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). Secret. */
  private_key: string;
}

export interface CredentialsProblem {
  /** The field at fault ("account_id", …), or "credentials" for the document as a whole. */
  field: string;
  message: string;
}

export class CredentialsError extends Error {
  readonly problems: readonly CredentialsProblem[];
  /** Where the credentials came from: a file path, "inline JSON" or "credentials object". */
  readonly source: string;

  constructor(source: string, problems: readonly CredentialsProblem[]) {
    const list = problems.map((p) => (p.field === "credentials" ? p.message : `${p.field}: ${p.message}`));
    super(`invalid Voximplant credentials (${source}): ${list.join("; ")}`);
    this.name = "CredentialsError";
    this.source = source;
    this.problems = problems;
  }

  /** Names of the fields at fault. */
  get fields(): string[] {
    return this.problems.map((p) => p.field);
  }

  /** Credentials errors are never worth retrying. */
  get isCredentialsError(): true {
    return true;
  }
}

const PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
const PKCS8_END = "-----END PRIVATE KEY-----";
const MIN_RSA_BITS = 2048; // RS256 with jose refuses smaller moduli

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function checkPrivateKey(v: unknown): string | undefined {
  if (v === undefined || v === null) return "is missing";
  if (typeof v !== "string") return `must be a string, got ${typeName(v)}`;
  if (v.trim() === "") return "is empty";
  if (/-----BEGIN (RSA|EC|ENCRYPTED) PRIVATE KEY-----/.test(v)) {
    return `must be an unencrypted PKCS#8 PEM key (${PKCS8_BEGIN}); got another PEM framing`;
  }
  if (!v.includes(PKCS8_BEGIN) || !v.includes(PKCS8_END)) {
    return `must be a PKCS#8 PEM key between ${PKCS8_BEGIN} and ${PKCS8_END}`;
  }
  let key;
  try {
    key = createPrivateKey({ key: v, format: "pem" });
  } catch {
    // The crypto error text is not needed and we do not want it anywhere near the key material.
    return "is not a readable PKCS#8 private key";
  }
  if (key.asymmetricKeyType !== "rsa") return `must be an RSA key, got ${key.asymmetricKeyType ?? "unknown"} key`;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < MIN_RSA_BITS) return `RSA key must be at least ${MIN_RSA_BITS} bits, got ${bits}`;
  return undefined;
}

function parseAccountId(v: unknown): { value?: number; problem?: string } {
  if (v === undefined || v === null) return { problem: "is missing" };
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v <= 0) return { problem: "must be a positive integer" };
    return { value: v };
  }
  if (typeof v === "string") {
    // The Java/.NET SDKs treat the id as text; accept a numeric string.
    if (!/^\s*\d+\s*$/.test(v)) return { problem: "must be a positive integer (or a string of digits)" };
    const n = Number(v.trim());
    if (!Number.isSafeInteger(n) || n <= 0) return { problem: "must be a positive integer" };
    return { value: n };
  }
  return { problem: `must be a positive integer, got ${typeName(v)}` };
}

/**
 * Validates a parsed credentials document. `source` labels messages (a path, "inline JSON", …).
 * Throws CredentialsError listing every problem.
 */
export function validateCredentials(doc: unknown, source = "credentials object"): ServiceAccountCredentials {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new CredentialsError(source, [
      { field: "credentials", message: `must be a JSON object, got ${typeName(doc)}` },
    ]);
  }
  const o = doc as Record<string, unknown>;
  const problems: CredentialsProblem[] = [];

  const accountId = parseAccountId(o.account_id);
  if (accountId.problem) problems.push({ field: "account_id", message: accountId.problem });

  const email = o.account_email;
  if (email !== undefined && email !== null) {
    if (typeof email !== "string")
      problems.push({ field: "account_email", message: `must be a string, got ${typeName(email)}` });
    else if (!/^[^\s@]+@[^\s@]+$/.test(email))
      problems.push({ field: "account_email", message: "is not an e-mail address" });
  }

  const keyId = o.key_id;
  if (keyId === undefined || keyId === null) problems.push({ field: "key_id", message: "is missing" });
  else if (typeof keyId !== "string")
    problems.push({ field: "key_id", message: `must be a string, got ${typeName(keyId)}` });
  else if (keyId.trim() === "") problems.push({ field: "key_id", message: "is empty" });

  const keyProblem = checkPrivateKey(o.private_key);
  if (keyProblem) problems.push({ field: "private_key", message: keyProblem });

  if (problems.length > 0) throw new CredentialsError(source, problems);
  const creds: ServiceAccountCredentials = {
    account_id: accountId.value as number,
    key_id: (keyId as string).trim(),
    private_key: o.private_key as string,
  };
  if (typeof email === "string") creds.account_email = email;
  return creds;
}

/** Parses credentials JSON text. `source` names where the text came from (never its content). */
export function parseCredentialsJson(text: string, source = "inline JSON"): ServiceAccountCredentials {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // Keep only the position: V8's message quotes a slice of the input, which may be key material.
    const pos = e instanceof Error ? /position (\d+)/.exec(e.message)?.[1] : undefined;
    throw new CredentialsError(source, [
      {
        field: "credentials",
        message: `is not valid JSON${pos !== undefined ? ` (syntax error at position ${pos})` : ""}`,
      },
    ]);
  }
  return validateCredentials(doc, source);
}

/**
 * Reads and validates a credentials.json file. Errors name the path, never the content. The path
 * itself is scrubbed like server text: a private key pasted where the path belongs (the
 * environment variable or credentials_file set to the key) must not come back in the error.
 */
export function loadCredentialsFile(path: string): ServiceAccountCredentials {
  const label = redactText(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "file not found"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "is a directory"
            : `cannot be read${code ? ` (${code})` : ""}`;
    throw new CredentialsError(label, [{ field: "credentials", message: `credentials file ${why}` }]);
  }
  return parseCredentialsJson(text, label);
}

export interface CredentialsSource {
  /** Credentials already parsed (validated again here). */
  credentials?: unknown;
  /** Inline JSON text of a credentials.json document. */
  json?: string;
  /** Path of a credentials.json file. */
  path?: string;
  /** Environment to read VOXIMPLANT_CREDENTIALS from; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Loads credentials from the first source given: object, inline JSON, path, then the
 * VOXIMPLANT_CREDENTIALS environment variable. A `path` value that looks like a JSON object (starts
 * with "{") is treated as inline JSON, so a single user-facing setting can take either form.
 */
export function resolveCredentials(src: CredentialsSource): ServiceAccountCredentials {
  if (src.credentials !== undefined) return validateCredentials(src.credentials);
  if (src.json !== undefined && src.json.trim() !== "") return parseCredentialsJson(src.json);
  if (src.path !== undefined && src.path.trim() !== "") {
    if (src.path.trimStart().startsWith("{")) return parseCredentialsJson(src.path);
    return loadCredentialsFile(src.path);
  }
  const env = src.env ?? process.env;
  const fromEnv = env[CREDENTIALS_ENV_VAR];
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    if (fromEnv.trimStart().startsWith("{"))
      return parseCredentialsJson(fromEnv, `${CREDENTIALS_ENV_VAR} (inline JSON)`);
    return loadCredentialsFile(fromEnv);
  }
  throw new CredentialsError("no source", [
    {
      field: "credentials",
      message:
        `no credentials given: pass a credentials.json path or its JSON text, or set ${CREDENTIALS_ENV_VAR} ` +
        `to the file's path`,
    },
  ]);
}

/**
 * Where resolveCredentials would take the credentials from, for error messages: the file path,
 * "inline JSON", or the environment variable with its path. Undefined for an object in memory.
 * Never any part of the content (a key pasted where a path belongs is redacted).
 */
export function defaultCredentialsSource(src: CredentialsSource): string | undefined {
  if (src.credentials !== undefined) return undefined;
  if (src.json !== undefined && src.json.trim() !== "") return "inline JSON";
  const env = src.env ?? process.env;
  const path = src.path !== undefined && src.path.trim() !== "" ? src.path : undefined;
  const fromEnv = path === undefined ? env[CREDENTIALS_ENV_VAR] : undefined;
  const given = path ?? fromEnv;
  if (given === undefined || given.trim() === "") return undefined;
  const what = given.trimStart().startsWith("{") ? "inline JSON" : `file "${redactText(given)}"`;
  return path !== undefined ? what : `${CREDENTIALS_ENV_VAR} (${what})`;
}
