// Guarantee 4 (docs/reliability.md): credentials the API refuses — a private key that does not
// belong to the key id, an unknown key id, a revoked key, a clock skewed beyond the token's
// lifetime — end in one clear diagnostic (the API's reason plus what to check), after one API call:
// authentication failures are never retried, and after the first refusal the provider process
// sends no further call, so a refresh of many registrations costs one or two refused calls, not one
// per resource. Calls are counted in the emulator's call log.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { startStack, type Stack } from "../support";
import { errorBlocks, formatSummary, summarizeCalls } from "./helpers";

interface Creds {
  account_id: number;
  account_email?: string;
  key_id: string;
  private_key: string;
}

let stack: Stack;
let good: Creds;
let revoked: Creds;
const report: string[] = [];

async function admin<T>(route: string, body: unknown): Promise<T> {
  const r = await fetch(`${stack.emulator.adminUrl}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${route}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

beforeAll(async () => {
  stack = await startStack({ seed: true });
  good = JSON.parse(readFileSync(stack.emulator.credentialsPath, "utf8")) as Creds;
  const added = await admin<Creds>("/keys", { roles: ["Owner"] });
  revoked = { account_id: added.account_id, key_id: added.key_id, private_key: added.private_key };
  await admin("/keys/revoke", { key_id: added.key_id });
});

afterAll(async () => {
  console.log(report.join("\n"));
  await stack.close();
});

function otherPrivateKey(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
}

const HOUR_MS = 3_600_000;

interface Case {
  name: string;
  creds: () => Creds;
  /** emulator switches for the case (reset afterwards) */
  config?: Record<string, unknown>;
  /** the API's reason, which the diagnostic must carry */
  reason: RegExp;
}

const CASES: Case[] = [
  {
    name: "a private key that does not belong to the key id",
    creds: () => ({ ...good, private_key: otherPrivateKey() }),
    reason: /error 100: authorization failed/,
  },
  { name: "an unknown key id", creds: () => ({ ...good, key_id: randomUUID() }), reason: /error 433: key id invalid/ },
  { name: "a revoked key", creds: () => revoked, reason: /error 433: key id invalid/ },
  {
    name: "a local clock 2 h behind the server's (token expired on arrival)",
    creds: () => good,
    config: { clockOffsetMs: 2 * HOUR_MS },
    reason: /error 456: token expired/,
  },
  {
    name: "a local clock 2 h ahead of the server's (token issued in the future)",
    creds: () => good,
    config: { clockOffsetMs: -2 * HOUR_MS },
    reason: /error 455: token issued in the future/,
  },
  {
    name: "a wrong key on a server that collapses every auth error into 100",
    creds: () => ({ ...good, key_id: randomUUID() }),
    config: { collapseAuthErrors: true },
    reason: /error 100:/,
  },
];

const HINT = /check the service account credentials and the system clock/;

function workdir(creds: Creds, count: number, prefix: string): string {
  return stack.workdir({
    "creds.json": JSON.stringify(creds),
    "provider.tf": 'provider "voximplant" {\n  credentials_file    = "creds.json"\n  requests_per_second = 1000\n}\n',
    "main.tf":
      `resource "voximplant_sip_registration" "r" {\n  count        = ${count}\n  sip_username = ` +
      `"${prefix}-\${count.index}"\n  proxy        = "sip.example.com"\n}\n`,
  });
}

describe("refused credentials", () => {
  afterEach(async () => {
    await stack.configure({ clockOffsetMs: 0, collapseAuthErrors: false });
  });

  it.each(CASES.map((c) => [c.name, c] as const))(
    "%s: one diagnostic with the reason and a hint, one API call, nothing created",
    async (_n, c) => {
      const dir = workdir(c.creds(), 1, "cred");
      if (c.config) await stack.configure(c.config);
      await stack.resetCalls();
      const r = await stack.apply(dir);
      const log = await stack.callLog();
      const s = summarizeCalls(log);
      report.push(formatSummary(`apply of 1 registration with ${c.name}`, s, { exit: r.code }));
      expect(r.code).toBe(1);
      const errors = errorBlocks(stack.text(r)).map((b) => b.replace(/\s+/g, " "));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(c.reason);
      expect(errors[0]).toMatch(HINT);
      // exactly one request: the first refusal is final
      expect(s.total).toBe(1);
      expect(s.byMethod.CreateSipRegistration).toBeUndefined();
      // the diagnostic never carries the key or a token
      const creds = c.creds();
      expect(stack.text(r)).not.toContain(creds.private_key.split("\n")[1] as string);
      expect(stack.text(r)).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\./);
    },
  );

  // After the first refusal the provider process sends nothing more: the calls that were waiting
  // for the first answer, and every later one, fail with the same diagnostic without a request.
  const REFRESH_CASES: Array<{
    name: string;
    broken: () => Creds;
    config?: Record<string, unknown>;
    reason: RegExp;
    mode: string;
  }> = [
    {
      name: "a wrong private key",
      broken: () => ({ ...good, private_key: otherPrivateKey() }),
      reason: /error 100: authorization failed/,
      mode: "batched",
    },
    {
      name: "a wrong private key, per-resource reads",
      broken: () => ({ ...good, private_key: otherPrivateKey() }),
      reason: /error 100:/,
      mode: "per_resource",
    },
    {
      name: "a clock 2 h behind the server's",
      broken: () => good,
      config: { clockOffsetMs: 2 * HOUR_MS },
      reason: /error 456: token expired/,
      mode: "per_resource",
    },
  ];

  it.each(REFRESH_CASES.map((c) => [c.name, c] as const))(
    "refresh of 20 registrations with %s: at most 2 API calls, one diagnostic per resource naming the credentials file",
    async (_n, c) => {
      const dir = workdir(good, 20, `many-${c.mode}`);
      stack.writeFiles(dir, {
        "provider.tf":
          `provider "voximplant" {\n  credentials_file    = "creds.json"\n  requests_per_second = ` +
          `1000\n  read_mode           = "${c.mode}"\n}\n`,
      });
      stack.expectOk(await stack.apply(dir, ["-parallelism=10"]));
      const broken = c.broken();
      stack.writeFiles(dir, { "creds.json": JSON.stringify(broken) });
      if (c.config) await stack.configure(c.config);
      await stack.resetCalls();
      const r = await stack.plan(dir, ["-parallelism=10"]);
      const s = summarizeCalls(await stack.callLog());
      report.push(formatSummary(`refresh of 20 registrations (${c.mode}) with ${c.name}`, s, { exit: r.code }));
      expect(r.code).toBe(1);
      expect(s.total).toBeLessThanOrEqual(2);
      const blocks = errorBlocks(stack.text(r)).map((b) => b.replace(/\s+/g, " "));
      expect(blocks.length).toBeGreaterThanOrEqual(1);
      expect(blocks.length).toBeLessThanOrEqual(20);
      const distinct = new Set(
        blocks.map((b) =>
          b.replace(/voximplant_sip_registration\.r\[\d+\]/g, "R").replace(/registration \d+/g, "registration N"),
        ),
      );
      expect(distinct.size).toBe(1);
      const text = [...distinct][0]!;
      expect(text).toMatch(c.reason);
      expect(text).toMatch(HINT);
      expect(text).toContain(`credentials_file "creds.json", key id ${broken.key_id} of account ${broken.account_id}`);
      expect(text).toMatch(/sends no further API calls/);
      expect(stack.text(r)).not.toContain(broken.private_key.split("\n")[1] as string);
      // with good credentials (and clock) again, nothing was lost
      await stack.configure({ clockOffsetMs: 0 });
      stack.writeFiles(dir, { "creds.json": JSON.stringify(good) });
      const plan = await stack.plan(dir, ["-detailed-exitcode"]);
      expect(plan.code).toBe(0);
      stack.expectOk(await stack.destroy(dir));
    },
    // an apply and a destroy of 20 registrations plus three plans: minutes on a loaded machine
    10 * 60_000,
  );

  it.each([
    [
      "the VOXIMPLANT_CREDENTIALS environment variable",
      "env",
      /the VOXIMPLANT_CREDENTIALS environment variable \("[^"]*creds\.json"\)/,
    ],
    ["the inline credentials argument", "inline", /the provider's credentials argument \(inline JSON\)/],
  ] as const)("a refusal names %s as the source", async (_n, how, source) => {
    const creds = { ...good, key_id: randomUUID() };
    const dir = stack.workdir({
      "creds.json": JSON.stringify(creds),
      "provider.tf":
        how === "inline"
          ? 'provider "voximplant" {\n  credentials = file("creds.json")\n}\n'
          : 'provider "voximplant" {}\n',
      "main.tf": 'data "voximplant_application" "a" {\n  name = "demo-app"\n}\n',
    });
    const r = await stack.plan(dir, [], how === "env" ? { env: { VOXIMPLANT_CREDENTIALS: `${dir}/creds.json` } } : {});
    expect(r.code).toBe(1);
    const text = stack.text(r).replace(/\s+/g, " ");
    expect(text).toMatch(source);
    expect(text).toContain(`key id ${creds.key_id}`);
    expect(text).not.toContain(creds.private_key.split("\n")[1] as string);
  });
});

describe("refused credentials in a data source", () => {
  it("one diagnostic carrying the API's reason, one API call", async () => {
    const dir = stack.workdir({
      "creds.json": JSON.stringify({ ...good, key_id: randomUUID() }),
      "provider.tf": 'provider "voximplant" {\n  credentials_file = "creds.json"\n}\n',
      "main.tf": 'data "voximplant_application" "a" {\n  name = "demo-app"\n}\n',
    });
    await stack.resetCalls();
    const r = await stack.plan(dir);
    const s = summarizeCalls(await stack.callLog());
    report.push(formatSummary("plan of a data source with an unknown key id", s, { exit: r.code }));
    expect(r.code).toBe(1);
    const errors = errorBlocks(stack.text(r)).map((b) => b.replace(/\s+/g, " "));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/error 433: key id invalid/);
    expect(s.total).toBe(1);
  });

  // Regression test: data sources used to let API failures through unwrapped, so a refused key
  // surfaced as the framework's generic "Unexpected error in Read" without a hint of what to check.
  it("the data source's diagnostic says what to check", async () => {
    const dir = stack.workdir({
      "creds.json": JSON.stringify({ ...good, key_id: randomUUID() }),
      "provider.tf": 'provider "voximplant" {\n  credentials_file = "creds.json"\n}\n',
      "main.tf": 'data "voximplant_application" "a" {\n  name = "demo-app"\n}\n',
    });
    const r = await stack.plan(dir);
    const text = stack.text(r).replace(/\s+/g, " ");
    expect(text).not.toMatch(/Unexpected error/);
    expect(text).toMatch(HINT);
  });
});
