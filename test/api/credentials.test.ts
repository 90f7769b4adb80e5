import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CredentialsError,
  loadCredentialsFile,
  parseCredentialsJson,
  resolveCredentials,
  validateCredentials,
} from "../../src/api";
import { makeKey, testCredentials, testKey } from "./helpers";

/** The base64 body lines of a PEM: none of them may ever show up in a message. */
function keyFragments(pem: string): string[] {
  return pem.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
}

function errorOf(fn: () => unknown): CredentialsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CredentialsError) return e;
    throw e;
  }
  throw new Error("expected a CredentialsError");
}

function expectNoKeyMaterial(message: string, pem: string): void {
  for (const frag of keyFragments(pem)) expect(message).not.toContain(frag.slice(0, 16));
  expect(message).not.toContain("MII");
}

describe("validateCredentials", () => {
  const good = testCredentials();

  it("accepts a complete document and normalises account_id", () => {
    expect(validateCredentials(good)).toEqual(good);
    expect(validateCredentials({ ...good, account_id: "4242" }).account_id).toBe(4242);
    const { account_email: _e, ...noEmail } = good;
    expect(validateCredentials(noEmail).account_email).toBeUndefined();
  });

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["missing account_id", { account_id: undefined }, "account_id", /missing/],
    ["account_id not integer", { account_id: 1.5 }, "account_id", /positive integer/],
    ["account_id negative", { account_id: -3 }, "account_id", /positive integer/],
    ["account_id non-numeric string", { account_id: "12ab" }, "account_id", /positive integer/],
    ["account_id boolean", { account_id: true }, "account_id", /got boolean/],
    ["account_email not string", { account_email: 7 }, "account_email", /must be a string/],
    ["account_email malformed", { account_email: "not-an-email" }, "account_email", /e-mail/],
    ["missing key_id", { key_id: undefined }, "key_id", /missing/],
    ["empty key_id", { key_id: "  " }, "key_id", /empty/],
    ["key_id number", { key_id: 5 }, "key_id", /must be a string/],
    ["missing private_key", { private_key: undefined }, "private_key", /missing/],
    ["private_key not string", { private_key: { k: 1 } }, "private_key", /must be a string/],
    ["private_key empty", { private_key: "" }, "private_key", /empty/],
    ["private_key not PEM", { private_key: "hello" }, "private_key", /PKCS#8/],
  ];
  it.each(cases)("%s → error naming the field", (_name, patch, field, re) => {
    const doc: Record<string, unknown> = { ...good, ...patch };
    for (const k of Object.keys(patch)) if (patch[k] === undefined) delete doc[k];
    const err = errorOf(() => validateCredentials(doc));
    expect(err.fields).toEqual([field]);
    expect(err.message).toContain(field);
    expect(err.message).toMatch(re);
    expectNoKeyMaterial(err.message, good.private_key);
  });

  it("reports every bad field at once", () => {
    const err = errorOf(() => validateCredentials({ account_id: "x", key_id: 1 }));
    expect(err.fields.sort()).toEqual(["account_id", "key_id", "private_key"]);
  });

  it("rejects non-objects", () => {
    expect(errorOf(() => validateCredentials([])).message).toMatch(/JSON object, got array/);
    expect(errorOf(() => validateCredentials(null)).message).toMatch(/got null/);
  });

  it("rejects a PKCS#1 key without echoing it", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const err = errorOf(() => validateCredentials({ ...good, private_key: pkcs1 }));
    expect(err.fields).toEqual(["private_key"]);
    expect(err.message).toMatch(/PKCS#8/);
    expectNoKeyMaterial(err.message, pkcs1);
  });

  it("rejects a corrupted PKCS#8 body without echoing it", () => {
    // Drop the middle of the DER body: the ASN.1 structure no longer parses.
    const lines = good.private_key.trim().split("\n");
    const broken = [...lines.slice(0, 6), ...lines.slice(-4)].join("\n") + "\n";
    const err = errorOf(() => validateCredentials({ ...good, private_key: broken }));
    expect(err.fields).toEqual(["private_key"]);
    expectNoKeyMaterial(err.message, broken);
  });

  it("rejects an EC key and a short RSA key", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ec = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(errorOf(() => validateCredentials({ ...good, private_key: ec })).message).toMatch(/RSA key, got ec/);
    const small = makeKey(1024).privatePem;
    const err = errorOf(() => validateCredentials({ ...good, private_key: small }));
    expect(err.message).toMatch(/at least 2048 bits/);
    expectNoKeyMaterial(err.message, small);
  });
});

describe("parseCredentialsJson / loadCredentialsFile / resolveCredentials", () => {
  const dir = mkdtempSync(join(tmpdir(), "vox-creds-"));
  const good = testCredentials();
  const goodPath = join(dir, "credentials.json");
  writeFileSync(goodPath, JSON.stringify(good));

  it("loads a file and inline JSON", () => {
    expect(loadCredentialsFile(goodPath)).toEqual(good);
    expect(parseCredentialsJson(JSON.stringify(good))).toEqual(good);
  });

  it("invalid JSON names the path and never quotes the content", () => {
    const p = join(dir, "broken.json");
    // Truncated document: the key material precedes the syntax error.
    const text = JSON.stringify(good).slice(0, 400);
    writeFileSync(p, text);
    const err = errorOf(() => loadCredentialsFile(p));
    expect(err.message).toContain(p);
    expect(err.message).toMatch(/not valid JSON/);
    expectNoKeyMaterial(err.message, good.private_key);
    expect(err.message).not.toContain("BEGIN PRIVATE KEY");
  });

  it("invalid inline JSON does not quote the content", () => {
    const text = `{"private_key": "${keyFragments(good.private_key)[0]}", oops}`;
    const err = errorOf(() => parseCredentialsJson(text));
    expect(err.message).toMatch(/inline JSON.*not valid JSON/);
    expectNoKeyMaterial(err.message, good.private_key);
  });

  it("unreadable files name the path and the reason", () => {
    const missing = join(dir, "nope.json");
    expect(errorOf(() => loadCredentialsFile(missing)).message).toMatch(
      new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}.*file not found`),
    );
    const sub = join(dir, "a-directory");
    mkdirSync(sub);
    expect(errorOf(() => loadCredentialsFile(sub)).message).toMatch(/is a directory/);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, "locked.json");
      writeFileSync(locked, "{}");
      chmodSync(locked, 0);
      expect(errorOf(() => loadCredentialsFile(locked)).message).toMatch(/permission denied/);
    }
  });

  it("a private key given where the path belongs is not repeated in the error", () => {
    for (const err of [
      errorOf(() => loadCredentialsFile(good.private_key)),
      errorOf(() => resolveCredentials({ path: good.private_key })),
      errorOf(() => resolveCredentials({ env: { VOXIMPLANT_CREDENTIALS: good.private_key } })),
    ]) {
      // ENOENT, or ENAMETOOLONG when a line of the random key forms a path component over 255 bytes
      expect(err.message).toMatch(/file not found|cannot be read \(ENAMETOOLONG\)/);
      expect(err.message).not.toContain("BEGIN PRIVATE KEY");
      expectNoKeyMaterial(err.message, good.private_key);
      expectNoKeyMaterial(err.source, good.private_key);
    }
  });

  it("resolves object > json > path > env, path may hold inline JSON", () => {
    const other = { ...good, account_id: 7 };
    expect(resolveCredentials({ credentials: other, json: JSON.stringify(good) }).account_id).toBe(7);
    expect(resolveCredentials({ json: JSON.stringify(other), path: goodPath }).account_id).toBe(7);
    expect(resolveCredentials({ path: goodPath, env: {} }).account_id).toBe(4242);
    expect(resolveCredentials({ path: JSON.stringify(other) }).account_id).toBe(7);
    expect(resolveCredentials({ env: { VOXIMPLANT_CREDENTIALS: goodPath } }).account_id).toBe(4242);
  });

  it("no source at all is a clear error mentioning the env var", () => {
    const err = errorOf(() => resolveCredentials({ env: {} }));
    expect(err.message).toMatch(/VOXIMPLANT_CREDENTIALS/);
  });

  it("a broken file named by the env var names that path", () => {
    const p = join(dir, "env-broken.json");
    writeFileSync(p, JSON.stringify({ ...good, key_id: undefined }));
    const err = errorOf(() => resolveCredentials({ env: { VOXIMPLANT_CREDENTIALS: p } }));
    expect(err.source).toBe(p);
    expect(err.fields).toEqual(["key_id"]);
  });

  it("uses a real key (sanity)", () => {
    expect(testKey().privatePem).toMatch(/BEGIN PRIVATE KEY/);
  });
});
