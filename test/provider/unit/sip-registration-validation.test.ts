// Plan-time validation of voximplant_sip_registration: every documented constraint gives an error
// naming the attribute, with no API call (the provider is not even configured), and unknown
// values are never judged.
import type { ProviderMeta } from "../../../src/provider";
import { hostPortProblem } from "../../../src/provider/sip-registration/validate";
import { ResourceHarness, UNKNOWN, errorsOf, type Plain } from "./sip-registration-harness";

/** A meta whose every property access fails the test: validation must never reach it. */
let metaTouched = 0;
const forbiddenMeta = (): ProviderMeta => {
  metaTouched++;
  return new Proxy({} as ProviderMeta, {
    get() {
      throw new Error("validation touched the provider meta (an API call)");
    },
  });
};

const h = new ResourceHarness({ meta: forbiddenMeta });
const BASE: Plain = { sip_username: "1001", proxy: "sip.example.com" };

async function errors(config: Plain): Promise<Array<{ path: string | undefined; text: string }>> {
  const ds = errorsOf(await h.validate({ ...BASE, ...config }));
  return ds.map((d) => ({ path: d.path, text: `${d.summary}: ${d.detail}` }));
}

afterAll(() => {
  expect(metaTouched).toBe(0);
});

describe("valid configurations", () => {
  it.each<[string, Plain]>([
    ["minimal", {}],
    [
      "everything by id",
      {
        auth_user: "a",
        outbound_proxy: "edge.example.com:5061",
        password: "p",
        application_id: 1,
        rule_id: 2,
        user_id: 3,
        is_persistent: false,
      },
    ],
    ["everything by name", { application_name: "app", rule_name: "rule", user_name: "user" }],
    ["write-only password", { password_wo: "s", password_wo_version: 1 }],
    ["IPv4 proxy with port", { proxy: "192.0.2.10:5060" }],
    ["IPv6 proxy with port", { proxy: "[2001:db8::1]:5060" }],
    ["IPv6 proxy without port", { proxy: "[2001:db8::1]" }],
    ["waiting", { wait_for_registration: true, registration_timeout: "1m30s" }],
    ["255 characters", { sip_username: "u".repeat(255), auth_user: "a".repeat(255), password: "p".repeat(255) }],
  ])("%s", async (_name, config) => {
    expect(await errors(config)).toEqual([]);
  });
});

describe("each bad input gives one error naming the attribute", () => {
  it.each<[string, Plain, string, RegExp]>([
    [
      "both application members",
      { application_id: 1, application_name: "app" },
      "application_name",
      /either application_id or application_name/,
    ],
    [
      "both rule members",
      { application_id: 1, rule_id: 1, rule_name: "r" },
      "rule_name",
      /either rule_id or rule_name/,
    ],
    [
      "both user members",
      { application_id: 1, user_id: 1, user_name: "u" },
      "user_name",
      /either user_id or user_name/,
    ],
    ["rule id without application", { rule_id: 2 }, "rule_id", /rule_id requires application_id or application_name/],
    ["rule name without application", { rule_name: "r" }, "rule_name", /rule_name requires application/],
    ["user id without application", { user_id: 3 }, "user_id", /user_id requires application/],
    ["user name without application", { user_name: "u" }, "user_name", /user_name requires application/],
    ["empty sip_username", { sip_username: "" }, "sip_username", /must not be empty/],
    ["empty proxy", { proxy: "" }, "proxy", /must not be empty/],
    ["empty auth_user", { auth_user: "" }, "auth_user", /must not be empty/],
    ["empty outbound_proxy", { outbound_proxy: "" }, "outbound_proxy", /must not be empty/],
    ["empty password", { password: "" }, "password", /must not be empty/],
    ["empty application_name", { application_name: "" }, "application_name", /must not be empty/],
    ["empty rule_name", { application_id: 1, rule_name: "" }, "rule_name", /must not be empty/],
    ["empty user_name", { application_id: 1, user_name: "" }, "user_name", /must not be empty/],
    ["space in sip_username", { sip_username: "10 01" }, "sip_username", /whitespace/],
    ["proxy with a scheme", { proxy: "sip:sip.example.com" }, "proxy", /host\[:port\]/],
    ["proxy port 0", { proxy: "sip.example.com:0" }, "proxy", /outside 1-65535/],
    ["proxy port 65536", { proxy: "sip.example.com:65536" }, "proxy", /outside 1-65535/],
    ["proxy port not a number", { proxy: "sip.example.com:http" }, "proxy", /not a number/],
    ["proxy bad IPv4", { proxy: "300.1.2.3" }, "proxy", /not a valid IPv4/],
    ["proxy bare IPv6", { proxy: "2001:db8::1" }, "proxy", /brackets/],
    ["proxy bad host label", { proxy: "-bad.example.com" }, "proxy", /not a valid host name/],
    ["outbound_proxy bad", { outbound_proxy: "edge..example.com" }, "outbound_proxy", /empty label/],
    [
      "password and password_wo",
      { password: "p", password_wo: "w", password_wo_version: 1 },
      "password_wo",
      /either password or password_wo/,
    ],
    [
      "password_wo_version alone",
      { password_wo_version: 1 },
      "password_wo_version",
      /only meaningful with password_wo/,
    ],
    ["password_wo without version", { password_wo: "w" }, "password_wo", /needs password_wo_version/],
    ["application_id zero", { application_id: 0 }, "application_id", /positive id/],
    ["rule_id negative", { application_id: 1, rule_id: -4 }, "rule_id", /positive id/],
    ["user_id fractional", { application_id: 1, user_id: 1.5 }, "user_id", /whole number/],
    [
      "registration_timeout garbage",
      { wait_for_registration: true, registration_timeout: "soon" },
      "registration_timeout",
      /not a duration/,
    ],
    [
      "registration_timeout zero",
      { wait_for_registration: true, registration_timeout: "0s" },
      "registration_timeout",
      /longer than zero/,
    ],
    [
      "registration_timeout too long",
      { wait_for_registration: true, registration_timeout: "2h" },
      "registration_timeout",
      /at most 1h/,
    ],
    [
      "registration_timeout without waiting",
      { registration_timeout: "90s" },
      "registration_timeout",
      /only applies while waiting.*wait_for_registration = true/,
    ],
    [
      "registration_timeout with waiting off",
      { wait_for_registration: false, registration_timeout: "90s" },
      "registration_timeout",
      /set wait_for_registration = true/,
    ],
    [
      "sip_username null",
      { sip_username: null },
      "sip_username",
      /^Missing required argument: The argument "sip_username" is required, but it is set to null/,
    ],
    ["proxy null", { proxy: null }, "proxy", /^Missing required argument: The argument "proxy" is required/],
    [
      "whitespace-only sip_username",
      { sip_username: "   " },
      "sip_username",
      /sip_username consists of whitespace only \(" {3}"\)/,
    ],
    [
      "whitespace-only application_name",
      { application_name: " \t" },
      "application_name",
      /application_name consists of whitespace only/,
    ],
    [
      "application_id beyond any id",
      { application_id: 1e20 },
      "application_id",
      /is too large to be an id: Voximplant ids are at most 9007199254740991, got 1e\+?20|100000000000000000000/,
    ],
    [
      "sip_username of 256 characters",
      { sip_username: "u".repeat(256) },
      "sip_username",
      /sip_username is 256 characters long; the provider sends at most 255/,
    ],
    ["auth_user of 300 characters", { auth_user: "a".repeat(300) }, "auth_user", /auth_user is 300 characters long/],
    ["outbound_proxy of 256 characters", { outbound_proxy: `${"a.".repeat(127)}ab` }, "outbound_proxy", /at most 255/],
    ["password of 256 characters", { password: "p".repeat(256) }, "password", /password is 256 characters long/],
    [
      "password_wo of 256 characters",
      { password_wo: "p".repeat(256), password_wo_version: 1 },
      "password_wo",
      /password_wo is 256 characters long/,
    ],
  ])("%s", async (_name, config, path, message) => {
    const errs = await errors(config);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.path).toBe(path);
    expect(errs[0]!.text).toMatch(message);
  });

  it("never quotes a password in a message, not even a whitespace-only or over-long one", async () => {
    for (const password of ["  \t ", `hunter2-secret${"x".repeat(300)}`]) {
      const ds = await h.validate({ ...BASE, password });
      expect(errorsOf(ds)).toHaveLength(1);
      expect(JSON.stringify(ds)).not.toContain(JSON.stringify(password).slice(1, -1));
    }
  });

  it("never quotes a password in a message", async () => {
    const ds = await h.validate({
      ...BASE,
      password: "hunter2-secret",
      password_wo: "wo-secret-9",
      password_wo_version: 1,
    });
    expect(JSON.stringify(ds)).not.toMatch(/hunter2-secret|wo-secret-9/);
    expect(errorsOf(ds)).toHaveLength(1);
  });

  it("rejects write-only values from clients that would store them (before Terraform 1.11)", async () => {
    const ds = errorsOf(await h.validate({ ...BASE, password_wo: "w", password_wo_version: 1 }, false));
    expect(ds.map((d) => d.path)).toEqual(["password_wo"]);
  });

  it.each<[string, Plain]>([
    ["the default as written", { registration_timeout: "2m" }],
    ["the default in seconds, waiting off", { wait_for_registration: false, registration_timeout: "120s" }],
  ])(
    "accepts registration_timeout at its default without waiting (generated configuration): %s",
    async (_n, config) => {
      expect(await h.validate({ ...BASE, ...config })).toEqual([]);
    },
  );

  it("warns that waiting for a non-persistent registration will usually time out", async () => {
    const ds = await h.validate({ ...BASE, wait_for_registration: true, is_persistent: false });
    expect(ds).toEqual([expect.objectContaining({ severity: "warning", path: "wait_for_registration" })]);
  });
});

describe("unknown values plan cleanly", () => {
  it.each<[string, Plain]>([
    ["unknown application id next to a name", { application_id: UNKNOWN, application_name: "app" }],
    ["rule with an unknown application", { application_id: UNKNOWN, rule_id: 2 }],
    ["unknown rule without application", { rule_id: UNKNOWN }],
    ["unknown proxy", { proxy: UNKNOWN }],
    ["unknown password_wo with version", { password_wo: UNKNOWN, password_wo_version: 1 }],
    ["unknown password_wo_version", { password_wo: "w", password_wo_version: UNKNOWN }],
    ["unknown password next to password_wo", { password: UNKNOWN, password_wo: "w", password_wo_version: 1 }],
    ["unknown timeout", { wait_for_registration: true, registration_timeout: UNKNOWN }],
    [
      "everything unknown",
      { sip_username: UNKNOWN, proxy: UNKNOWN, application_name: UNKNOWN, rule_name: UNKNOWN, user_id: UNKNOWN },
    ],
  ])("%s", async (_name, config) => {
    expect(await errors(config)).toEqual([]);
  });
});

describe("hostPortProblem", () => {
  it.each([
    "sip.example.com",
    "localhost",
    "a-b.c-d.example",
    "sip.example.com:5060",
    "10.0.0.1",
    "10.0.0.1:1",
    "[::1]:65535",
    "xn--bcher-kva.example",
  ])("accepts %s", (v) => expect(hostPortProblem(v)).toBeNull());
  it.each([
    ":5060",
    "host:",
    "a_b.example.com",
    "1.2.3",
    "[::1",
    "[::1]x",
    "[not-ip]:1",
    "h:1:2",
    `${"a".repeat(64)}.com`,
    "exa mple.com",
  ])("rejects %s", (v) => expect(hostPortProblem(v)).not.toBeNull());
});
