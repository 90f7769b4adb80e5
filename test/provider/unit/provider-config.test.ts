// The provider block: plan-time validation, and configure() turning credentials / URL / limits
// into a client — with ONE clear diagnostic for missing or broken credentials that never quotes
// the key. Credentials come from a real emulator (key generation only; no request is made).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { ProviderTester } from "../../../src/plugin/testing";
import { voximplantProvider } from "../../../src/provider/provider";
import { parseDuration, parsePositiveDuration } from "../../../src/provider/duration";
import { errorsOf, type Plain } from "./sip-registration-harness";

const ENV_KEYS = ["VOXIMPLANT_CREDENTIALS", "VOXIMPLANT_API_URL"] as const;
const savedEnv: Record<string, string | undefined> = {};
let emu: RunningEmulator;
let dir: string;
let privateKey: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: false });
  dir = mkdtempSync(join(tmpdir(), "vox-provider-config-"));
  privateKey = (JSON.parse(readFileSync(emu.credentialsPath, "utf8")) as { private_key: string }).private_key;
});

afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  for (const k of ENV_KEYS) {
    savedEnv[k] = process.env[k];
    delete process.env[k];
  }
});

afterEach(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

function validate(config: Plain) {
  return new ProviderTester(voximplantProvider).validateProvider(config);
}

function configure(config: Plain) {
  return new ProviderTester(voximplantProvider).configure(config);
}

describe("validation", () => {
  it("accepts a full configuration", async () => {
    expect(
      await validate({
        credentials_file: "/x/credentials.json",
        api_url: "http://127.0.0.1:1/platform_api",
        requests_per_second: 2.5,
        max_retries: 0,
        request_timeout: "45s",
        read_mode: "per_resource",
      }),
    ).toEqual([]);
  });

  it.each<[string, Plain, string, RegExp]>([
    [
      "both credential sources",
      { credentials: "{}", credentials_file: "/x" },
      "credentials",
      /either credentials .* or credentials_file/,
    ],
    ["empty credentials_file", { credentials_file: "" }, "credentials_file", /must not be empty/],
    ["api_url not a URL", { api_url: "not a url" }, "api_url", /not a valid URL/],
    ["api_url with a query", { api_url: "https://h.example/api?x=1" }, "api_url", /query string/],
    ["api_url ftp", { api_url: "ftp://h.example/api" }, "api_url", /http:\/\/ or https:\/\//],
    ["request_timeout garbage", { request_timeout: "fast" }, "request_timeout", /not a duration/],
    ["request_timeout zero", { request_timeout: "0s" }, "request_timeout", /longer than zero/],
    ["requests_per_second zero", { requests_per_second: 0 }, "requests_per_second", /greater than 0/],
    ["max_retries fractional", { max_retries: 1.5 }, "max_retries", /whole number/],
    ["max_retries too many", { max_retries: 100 }, "max_retries", /from 0 to 20/],
    ["read_mode unknown", { read_mode: "lazy" }, "read_mode", /batched.*per_resource/],
    [
      "api_url plain http to another host",
      { api_url: "http://api.example.com/platform_api" },
      "api_url",
      /plain http:\/\/ to api\.example\.com, which is not a loopback address.*allow_insecure_http = true/,
    ],
    [
      "api_url plain http to a LAN address",
      { api_url: "http://10.0.0.5:8080/platform_api" },
      "api_url",
      /plain http:\/\/ to 10\.0\.0\.5/,
    ],
    [
      "api_url plain http, opt-in false",
      { api_url: "http://api.example.com/x", allow_insecure_http: false },
      "api_url",
      /allow_insecure_http/,
    ],
  ])("%s", async (_name, config, path, message) => {
    const errs = errorsOf(await validate(config));
    expect(errs).toHaveLength(1);
    expect(errs[0]!.path).toBe(path);
    expect(`${errs[0]!.summary} ${errs[0]!.detail}`).toMatch(message);
  });
});

describe("plain http", () => {
  it.each([
    "http://127.0.0.1:8080/platform_api",
    "http://127.9.9.9/platform_api",
    "http://localhost:3000/platform_api",
    "http://[::1]:3000/platform_api",
    "https://api.example.com/platform_api",
  ])("is fine for loopback or https: %s", async (api_url) => {
    expect(errorsOf(await validate({ api_url }))).toEqual([]);
  });

  it("to another host only with allow_insecure_http = true", async () => {
    expect(
      errorsOf(await validate({ api_url: "http://api.example.com/platform_api", allow_insecure_http: true })),
    ).toEqual([]);
  });

  it("from VOXIMPLANT_API_URL is refused when configuring, naming the variable, before any call", async () => {
    process.env.VOXIMPLANT_API_URL = "http://api.example.com/platform_api";
    const ds = await configure({ credentials_file: emu.credentialsPath });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.detail).toMatch(/^VOXIMPLANT_API_URL uses plain http:\/\/ to api\.example\.com/);
    expect(await configure({ credentials_file: emu.credentialsPath, allow_insecure_http: true })).toEqual([]);
  });
});

describe("configure", () => {
  it("works with credentials_file and api_url", async () => {
    expect(await configure({ credentials_file: emu.credentialsPath, api_url: emu.url })).toEqual([]);
  });

  it("works with inline credentials", async () => {
    expect(await configure({ credentials: readFileSync(emu.credentialsPath, "utf8"), api_url: emu.url })).toEqual([]);
  });

  it("falls back to VOXIMPLANT_CREDENTIALS and VOXIMPLANT_API_URL", async () => {
    process.env.VOXIMPLANT_CREDENTIALS = emu.credentialsPath;
    process.env.VOXIMPLANT_API_URL = emu.url;
    expect(await configure({})).toEqual([]);
  });

  it("missing credentials: one error that lists every way to supply them", async () => {
    const ds = await configure({});
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: "error", summary: "Missing Voximplant credentials" });
    for (const way of ["credentials_file", "credentials =", "VOXIMPLANT_CREDENTIALS"])
      expect(ds[0]!.detail).toContain(way);
  });

  it("a missing file: one error naming credentials_file and the path", async () => {
    const ds = await configure({ credentials_file: join(dir, "nope.json") });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ summary: "Invalid Voximplant credentials", path: "credentials_file" });
    expect(ds[0]!.detail).toMatch(/nope\.json.*file not found/);
    expect(ds[0]!.detail).toContain("VOXIMPLANT_CREDENTIALS");
  });

  it("broken inline JSON containing a key: one error that does not echo the key", async () => {
    const text = readFileSync(emu.credentialsPath, "utf8").replace("{", "{,");
    const ds = await configure({ credentials: text });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ summary: "Invalid Voximplant credentials", path: "credentials" });
    expect(ds[0]!.detail).toMatch(/not valid JSON/);
    const keyBody = privateKey.split("\n")[1]!;
    expect(JSON.stringify(ds)).not.toContain(keyBody);
  });

  it("a file with a bad key: names the field, never the key", async () => {
    const creds = JSON.parse(readFileSync(emu.credentialsPath, "utf8")) as Record<string, unknown>;
    const broken = privateKey.replace(/[A-Za-z]{20}/, "AAAAAAAAAAAAAAAAAAAA");
    const file = join(dir, "bad-key.json");
    writeFileSync(file, JSON.stringify({ ...creds, private_key: broken, key_id: "" }));
    const ds = await configure({ credentials_file: file });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.detail).toMatch(/key_id/);
    expect(ds[0]!.detail).toMatch(/private_key/);
    for (const line of broken.split("\n").filter((l) => l.length > 30)) expect(JSON.stringify(ds)).not.toContain(line);
  });

  it("a broken VOXIMPLANT_CREDENTIALS file is reported as coming from the environment", async () => {
    process.env.VOXIMPLANT_CREDENTIALS = join(dir, "missing.json");
    const ds = await configure({});
    expect(ds).toHaveLength(1);
    expect(ds[0]!.detail).toMatch(/VOXIMPLANT_CREDENTIALS environment variable/);
    expect(ds[0]!.path).toBeUndefined();
  });

  it("a bad VOXIMPLANT_API_URL is reported", async () => {
    process.env.VOXIMPLANT_API_URL = "ftp://nope";
    const ds = await configure({ credentials_file: emu.credentialsPath });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.detail).toMatch(/VOXIMPLANT_API_URL/);
  });
});

describe("durations", () => {
  it.each<[string, number]>([
    ["30s", 30_000],
    ["2m", 120_000],
    ["1h30m", 5_400_000],
    ["1.5s", 1500],
    ["500ms", 500],
    [" 90s ", 90_000],
    // both micro signs Go accepts: U+00B5 MICRO SIGN and U+03BC GREEK SMALL LETTER MU
    ["1500\u00b5s", 1.5],
    ["1500\u03bcs", 1.5],
    ["1500us", 1.5],
  ])("%s = %d ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each(["", "5", "s", "1d", "-1s", "1s2", "1 s"])("rejects %j", (text) => {
    expect(parsePositiveDuration(text)).toHaveProperty("error");
  });
});
