// Guarantee 3 (docs/reliability.md): an invalid configuration is refused before any API call,
// with a diagnostic that names the attribute and says how to fix it.
//
// One working dir; each case rewrites main.tf (and, for provider cases, provider.tf) and runs a
// real `terraform plan -json` — plan, not just validate, so the provider is also configured when
// validation passes and any API call it made would show up in the emulator's call log, which must
// stay empty. The table is (configuration, attribute the diagnostic must name, fix hint it must give).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startStack, type Stack } from "../support";
import { jsonDiagnostics, type TfDiagnostic } from "./helpers";

interface Case {
  name: string;
  /** body of `resource "voximplant_sip_registration" "r"` (default: a valid minimal one) */
  resource?: string;
  /** body of `provider "voximplant"` (default: requests_per_second only) */
  provider?: string;
  /** extra files of the working dir */
  files?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  attribute: string;
  hint: RegExp;
}

const VALID = { sip_username: '"u1"', proxy: '"sip.example.com"' };

/** A resource body: the valid minimal attributes, overridden/extended by `attrs` (undefined removes one). */
function reg(attrs: Record<string, string | undefined>): string {
  const merged: Record<string, string | undefined> = { ...VALID, ...attrs };
  return Object.entries(merged)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `  ${k} = ${v}`)
    .join("\n");
}

const EMPTY_HINT = /must not be empty.*Omit the argument/s;
const HOST_PORT_HINT = /must be host\[:port\], e\.g\. "sip\.example\.com"/;
const EITHER = (a: string, b: string): RegExp =>
  new RegExp(`either ${a}( \\([a-z-]+\\))? or ${b}( \\([a-z-]+\\))?, not both`);
const NEEDS_APP = /requires application_id or application_name/;
const CREDENTIALS_HINT = /Supply the credentials\.json of a Voximplant service account key/;

const CASES: Case[] = [
  // ---- empty strings (the API reads "" as "not given") ----
  { name: "empty sip_username", resource: reg({ sip_username: '""' }), attribute: "sip_username", hint: EMPTY_HINT },
  { name: "empty proxy", resource: reg({ proxy: '""' }), attribute: "proxy", hint: EMPTY_HINT },
  {
    name: "blank auth_user",
    resource: reg({ auth_user: '"   "' }),
    attribute: "auth_user",
    hint: /auth_user consists of whitespace only/,
  },
  {
    name: "whitespace-only sip_username",
    resource: reg({ sip_username: '"   "' }),
    attribute: "sip_username",
    hint: /sip_username consists of whitespace only \(" {3}"\): give a real value/,
  },
  // ---- required arguments set to null (Terraform lets them through) ----
  {
    name: "sip_username = null",
    resource: reg({ sip_username: "null" }),
    attribute: "sip_username",
    hint: /"sip_username" is required, but it is set to null/,
  },
  {
    name: "proxy from a null variable",
    resource: reg({ proxy: "var.nothing" }),
    files: { "vars.tf": 'variable "nothing" {\n  type    = string\n  default = null\n}\n' },
    attribute: "proxy",
    hint: /"proxy" is required, but it is set to null/,
  },
  // ---- lengths (checked before any API call) ----
  {
    name: "sip_username of 256 characters",
    resource: reg({ sip_username: `"${"u".repeat(256)}"` }),
    attribute: "sip_username",
    hint: /256 characters long; the provider sends at most 255/,
  },
  {
    name: "password of 300 characters",
    resource: reg({ password: `"${"p".repeat(300)}"` }),
    attribute: "password",
    hint: /password is 300 characters long/,
  },
  { name: "empty password", resource: reg({ password: '""' }), attribute: "password", hint: EMPTY_HINT },
  {
    name: "empty application_name",
    resource: reg({ application_name: '""' }),
    attribute: "application_name",
    hint: EMPTY_HINT,
  },
  // ---- malformed values ----
  {
    name: "whitespace in sip_username",
    resource: reg({ sip_username: '"a b"' }),
    attribute: "sip_username",
    hint: /must not contain whitespace/,
  },
  {
    name: "proxy port out of range",
    resource: reg({ proxy: '"sip.example.com:99999"' }),
    attribute: "proxy",
    hint: HOST_PORT_HINT,
  },
  {
    name: "proxy with a space",
    resource: reg({ proxy: '"sip example.com"' }),
    attribute: "proxy",
    hint: HOST_PORT_HINT,
  },
  {
    name: "proxy IPv6 without brackets",
    resource: reg({ proxy: '"2001:db8::1"' }),
    attribute: "proxy",
    hint: /write it in brackets/,
  },
  {
    name: "proxy with a URL scheme",
    resource: reg({ proxy: '"sip:pbx.example.com"' }),
    attribute: "proxy",
    hint: HOST_PORT_HINT,
  },
  {
    name: "outbound_proxy unclosed bracket",
    resource: reg({ outbound_proxy: '"[2001:db8::1"' }),
    attribute: "outbound_proxy",
    hint: HOST_PORT_HINT,
  },
  {
    name: "registration_timeout not a duration",
    resource: reg({ wait_for_registration: "true", registration_timeout: '"soon"' }),
    attribute: "registration_timeout",
    hint: /e\.g\. "90s"/,
  },
  {
    name: "registration_timeout without wait_for_registration",
    resource: reg({ registration_timeout: '"90s"' }),
    attribute: "registration_timeout",
    hint: /only applies while waiting.*set wait_for_registration = true/s,
  },
  {
    name: "application_id = 1e20",
    resource: reg({ application_id: "1e20" }),
    attribute: "application_id",
    hint: /too large to be an id: Voximplant ids are at most 9007199254740991/,
  },
  {
    name: "application_id not whole",
    resource: reg({ application_id: "1.5" }),
    attribute: "application_id",
    hint: /must be a whole number/,
  },
  {
    name: "application_id zero",
    resource: reg({ application_id: "0" }),
    attribute: "application_id",
    hint: /must be a positive id/,
  },
  // ---- conflicting or incomplete combinations ----
  {
    name: "password and password_wo together",
    resource: reg({ password: '"p1"', password_wo: '"p2"', password_wo_version: "1" }),
    attribute: "password_wo",
    hint: EITHER("password", "password_wo"),
  },
  {
    name: "password_wo without a version",
    resource: reg({ password_wo: '"p2"' }),
    attribute: "password_wo",
    hint: /Add e\.g\. password_wo_version = 1/,
  },
  {
    name: "password_wo_version without password_wo",
    resource: reg({ password_wo_version: "3" }),
    attribute: "password_wo_version",
    hint: /Set password_wo too, or remove password_wo_version/,
  },
  {
    name: "application id and name",
    resource: reg({ application_id: "1", application_name: '"demo-app"' }),
    attribute: "application_name",
    hint: EITHER("application_id", "application_name"),
  },
  {
    name: "rule id and name",
    resource: reg({ application_id: "1", rule_id: "1", rule_name: '"demo-rule"' }),
    attribute: "rule_name",
    hint: EITHER("rule_id", "rule_name"),
  },
  {
    name: "user id and name",
    resource: reg({ application_id: "1", user_id: "1", user_name: '"demo-user"' }),
    attribute: "user_name",
    hint: EITHER("user_id", "user_name"),
  },
  { name: "rule_id without application", resource: reg({ rule_id: "1" }), attribute: "rule_id", hint: NEEDS_APP },
  {
    name: "rule_name without application",
    resource: reg({ rule_name: '"demo-rule"' }),
    attribute: "rule_name",
    hint: NEEDS_APP,
  },
  {
    name: "user_name without application",
    resource: reg({ user_name: '"demo-user"' }),
    attribute: "user_name",
    hint: NEEDS_APP,
  },
  // ---- wrong types and shapes (Terraform's own checks against the provider's schema) ----
  {
    name: "application_id of wrong type",
    resource: reg({ application_id: '"abc"' }),
    attribute: "application_id",
    hint: /a number is required/,
  },
  {
    name: "is_persistent of wrong type",
    resource: reg({ is_persistent: '"maybe"' }),
    attribute: "is_persistent",
    hint: /a bool is required/,
  },
  {
    name: "sip_username of wrong type",
    resource: reg({ sip_username: '["a"]' }),
    attribute: "sip_username",
    hint: /string required/,
  },
  {
    name: "missing proxy",
    resource: reg({ proxy: undefined }),
    attribute: "proxy",
    hint: /is required, but no definition was found/,
  },
  {
    name: "misspelt argument",
    resource: reg({ passwrd: '"x"' }),
    attribute: "passwrd",
    hint: /Did you mean "password"\?/,
  },
  // (these two were accepted before the hardening suite: see read-only-attributes.test.ts)
  {
    name: "read-only sip_registration_id set",
    resource: reg({ sip_registration_id: "5" }),
    attribute: "sip_registration_id",
    hint: /Remove the configuration line setting the value/,
  },
  {
    name: "read-only id set",
    resource: reg({ id: '"77"' }),
    attribute: "id",
    hint: /Remove the configuration line setting the value/,
  },
  // ---- provider configuration ----
  {
    name: "credentials and credentials_file together",
    provider: 'credentials = "{}"\n  credentials_file = "c.json"',
    attribute: "credentials",
    hint: /Set either credentials .* or credentials_file .*not both/,
  },
  { name: "empty api_url", provider: 'api_url = ""', attribute: "api_url", hint: /omit it to use the default/ },
  {
    name: "api_url with a bad scheme",
    provider: 'api_url = "ftp://api.example.com/platform_api"',
    attribute: "api_url",
    hint: /must be an http:\/\/ or https:\/\/ URL/,
  },
  {
    name: "api_url with plain http to another host",
    provider: 'api_url = "http://api.example.com/platform_api"',
    attribute: "api_url",
    hint: /not a loopback address.*allow_insecure_http = true/s,
  },
  {
    name: "api_url with a query string",
    provider: 'api_url = "https://api.example.com/platform_api?x=1"',
    attribute: "api_url",
    hint: /must not contain a query string/,
  },
  {
    name: "request_timeout not a duration",
    provider: 'request_timeout = "forever"',
    attribute: "request_timeout",
    hint: /request_timeout/,
  },
  {
    name: "requests_per_second zero",
    provider: "requests_per_second = 0",
    attribute: "requests_per_second",
    hint: /must be greater than 0/,
  },
  {
    name: "max_retries not whole",
    provider: "max_retries = 2.5",
    attribute: "max_retries",
    hint: /must be a whole number from 0/,
  },
  { name: "unknown read_mode", provider: 'read_mode = "eager"', attribute: "read_mode", hint: /batched/ },
  // ---- credentials that cannot be used (found when the provider is configured) ----
  {
    name: "credentials_file that does not exist",
    provider: 'credentials_file = "missing-credentials.json"',
    attribute: "credentials_file",
    hint: CREDENTIALS_HINT,
  },
  {
    name: "credentials_file that is a directory (unreadable)",
    provider: 'credentials_file = "creds-dir"',
    attribute: "credentials_file",
    hint: CREDENTIALS_HINT,
  },
  {
    name: "credentials_file with malformed JSON",
    provider: 'credentials_file = "broken.json"',
    files: { "broken.json": '{"account_id": 1, "key_id": ' },
    attribute: "credentials_file",
    hint: CREDENTIALS_HINT,
  },
  {
    name: "inline credentials with malformed JSON",
    provider: 'credentials = "{not json"',
    attribute: "credentials",
    hint: CREDENTIALS_HINT,
  },
  {
    name: "inline credentials missing fields",
    provider: 'credentials = jsonencode({ account_id = "x1", key_id = "" })',
    attribute: "credentials",
    hint: /private_key/,
  },
  {
    name: "VOXIMPLANT_CREDENTIALS pointing at malformed JSON",
    provider: "",
    files: { "env-broken.json": "[1, 2" },
    env: { VOXIMPLANT_CREDENTIALS: "env-broken.json" },
    attribute: "VOXIMPLANT_CREDENTIALS",
    hint: CREDENTIALS_HINT,
  },
];

let stack: Stack;
let dir: string;

beforeAll(async () => {
  stack = await startStack({ seed: true });
  dir = stack.workdir({ "main.tf": `resource "voximplant_sip_registration" "r" {\n${reg({})}\n}\n` });
  mkdirSync(join(dir, "creds-dir"), { recursive: true });
});

afterAll(() => stack.close());

function errorsOf(diags: TfDiagnostic[]): TfDiagnostic[] {
  return diags.filter((d) => d.severity === "error");
}

describe("invalid configurations", () => {
  it("has at least 30 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it("a valid configuration plans cleanly without any API call (the control case)", async () => {
    await stack.resetCalls();
    const r = await stack.plan(dir, ["-json"]);
    expect(errorsOf(jsonDiagnostics(r))).toEqual([]);
    expect(r.code).toBe(0);
    expect((await stack.calls()).total).toBe(0);
  });

  it.each(CASES.map((c) => [c.name, c] as const))(
    "%s: names the attribute, says how to fix it, calls nothing",
    async (_name, c) => {
      stack.writeFiles(dir, {
        "main.tf": `resource "voximplant_sip_registration" "r" {\n${c.resource ?? reg({})}\n}\n`,
        "provider.tf": `provider "voximplant" {\n  ${c.provider ?? ""}\n}\n`,
        ...(c.files ?? {}),
      });
      await stack.resetCalls();
      const r = await stack.plan(dir, ["-json"], { env: c.env });
      const errors = errorsOf(jsonDiagnostics(r));
      const shown = errors.map((d) => ({ summary: d.summary, detail: d.detail, code: d.snippet?.code }));
      expect(r.code).toBe(1);
      // exactly one error, and it is the one this case is about
      expect(shown).toHaveLength(1);
      const d = errors[0] as TfDiagnostic;
      const text = `${d.summary}\n${d.detail}\n${d.snippet?.code ?? ""}`;
      expect({ case: c.name, namesAttribute: text.includes(c.attribute) }).toEqual({
        case: c.name,
        namesAttribute: true,
      });
      expect(d.detail).toMatch(c.hint);
      // never an API call for a configuration that cannot work
      expect(await stack.calls()).toEqual({ total: 0, byMethod: {} });
    },
  );
});
