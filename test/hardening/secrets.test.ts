// Guarantee 5 (docs/reliability.md): the SIP password, the write-only password, the service
// account's private key and every JWT stay out of everything a user or a CI log can see.
//
// A full lifecycle under TF_LOG=trace (Terraform's and the provider's logs on stderr): plan, apply
// (create), a password change (update) for both the stored and the write-only password, an API
// error whose server text echoes the password, a malformed inline credentials document, and the
// `review` subcommand over the JSON plan. Everything printed is scanned for the secret values;
// the state is scanned where write-only is used. A failing scan names the secret and the offset,
// never the value.
import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startStack, readWorkFile, type Stack, type TfResult } from "../support";
import { JWT_PATTERN, leaks, pemBodyLines } from "./helpers";

let stack: Stack;
let secrets: Record<string, string>;
let privateKey: string;
/** every piece of output of this file, scanned in the last test as well as step by step */
const seen: Array<{ what: string; text: string }> = [];

const token = (prefix: string): string => `${prefix}${randomBytes(9).toString("base64url")}`;
const PW1 = token("Pw1-");
const PW2 = token("Pw2-");
const WO1 = token("Wo1-");
const WO2 = token("Wo2-");

beforeAll(async () => {
  stack = await startStack({ seed: true });
  privateKey = (JSON.parse(readFileSync(stack.emulator.credentialsPath, "utf8")) as { private_key: string })
    .private_key;
  secrets = { password_v1: PW1, password_v2: PW2, password_wo_v1: WO1, password_wo_v2: WO2 };
  pemBodyLines(privateKey).forEach((line, i) => (secrets[`private_key_line_${i}`] = line));
});

afterAll(() => stack.close());

const TRACE = { TF_LOG: "trace" };

function record(what: string, r: TfResult | string): string {
  const text = typeof r === "string" ? r : `${r.stdout}\n${r.stderr}`;
  seen.push({ what, text });
  return text;
}

function expectClean(what: string, text: string): void {
  expect({ what, leaks: leaks(text, secrets), jwt: JWT_PATTERN.test(text) }).toEqual({ what, leaks: [], jwt: false });
}

function mainTf(version: number): string {
  return `
variable "pw" {
  type      = string
  sensitive = true
}
variable "wo" {
  type      = string
  sensitive = true
  ephemeral = true
}
resource "voximplant_sip_registration" "stored" {
  sip_username   = "sec-stored"
  proxy          = "sip.example.com"
  password       = var.pw
  application_id = 1
}
resource "voximplant_sip_registration" "write_only" {
  sip_username        = "sec-wo"
  proxy               = "sip.example.com"
  password_wo         = var.wo
  password_wo_version = ${version}
}
data "voximplant_application" "a" {
  name = "demo-app"
}
`;
}

function vars(pw: string, wo: string): NodeJS.ProcessEnv {
  return { ...TRACE, TF_VAR_pw: pw, TF_VAR_wo: wo };
}

function runReview(planJsonPath: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      stack.installation.install.executablePath,
      ["review", planJsonPath],
      { env: { PATH: process.env.PATH } },
      (err, stdout, stderr) => {
        const code =
          err === null ? 0 : typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : -1;
        resolve({ code, out: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe("secrets under TF_LOG=trace", () => {
  let dir: string;

  it("create: plan, apply, state (write-only absent), logs", async () => {
    dir = stack.workdir({
      "main.tf": mainTf(1),
      // the private key reaches the provider inside its configuration (a sensitive argument)
      "provider.tf": 'provider "voximplant" {\n  credentials = file("creds.json")\n}\n',
      "creds.json": readFileSync(stack.emulator.credentialsPath, "utf8"),
    });
    const plan = await stack.plan(dir, [], { env: vars(PW1, WO1) });
    stack.expectOk(plan);
    expect(plan.stdout).toMatch(/password\s+= \(sensitive value\)/);
    expect(plan.stdout).toMatch(/password_wo\s+= \(write-only attribute\)/);
    // the provider did log at trace level: the scan below looks at real log lines
    expect(plan.stderr).toMatch(/provider\.terraform-provider-voximplant.*Received PlanResourceChange/);
    expectClean("plan", record("plan", plan));

    const apply = await stack.apply(dir, [], { env: vars(PW1, WO1) });
    stack.expectOk(apply);
    expectClean("apply", record("apply", apply));
    // the API really got both passwords (the emulator keeps them; its dump only says whether one is set)
    const regs = (await stack.emulatorState()).registrations;
    expect(regs.map((r) => [r.sip_username, r.password_set]).sort()).toEqual([
      ["sec-stored", true],
      ["sec-wo", true],
    ]);

    const state = readWorkFile(dir, "terraform.tfstate");
    record("state (write-only scan)", state.replaceAll(PW1, ""));
    // the stored password is in state by design (sensitive); nothing else secret is
    expect({ leaks: leaks(state, { password_wo_v1: WO1, ...onlyKeyLines() }), jwt: JWT_PATTERN.test(state) }).toEqual({
      leaks: [],
      jwt: false,
    });
  });

  it("update: both passwords change; plan, JSON-plan review and apply stay clean", async () => {
    stack.writeFiles(dir, { "main.tf": mainTf(2) });
    const plan = await stack.tf(["plan", "-input=false", "-out=tfplan.bin"], { cwd: dir, env: vars(PW2, WO2) });
    stack.expectOk(plan);
    expect(plan.stdout).toMatch(/~ password\s+= \(sensitive value\)/);
    expectClean("update plan", record("update plan", plan));
    const shown = stack.expectOk(await stack.tf(["show", "-json", "tfplan.bin"], { cwd: dir }));
    writeFileSync(join(dir, "plan.json"), shown.stdout);
    // Terraform's JSON plan carries sensitive values in clear text: the review must not repeat them
    expect(shown.stdout).toContain(PW2);
    const review = await runReview(join(dir, "plan.json"));
    expect(review.code).toBe(0);
    expect(review.out).toMatch(/sec-stored/);
    expectClean("review", record("review", review.out));

    const apply = await stack.tf(["apply", "-input=false", "tfplan.bin"], { cwd: dir, env: vars(PW2, WO2) });
    stack.expectOk(apply);
    expectClean("update apply", record("update apply", apply));
    const state = readWorkFile(dir, "terraform.tfstate");
    expect({
      leaks: leaks(state, { password_wo_v1: WO1, password_wo_v2: WO2, password_v1: PW1, ...onlyKeyLines() }),
      jwt: JWT_PATTERN.test(state),
    }).toEqual({
      leaks: [],
      jwt: false,
    });
  });

  it("an API error whose text echoes the password is scrubbed before it reaches the diagnostic", async () => {
    const third = stack.workdir({
      "main.tf":
        `resource "voximplant_sip_registration" "echo" {\n  sip_username = "sec-echo"\n  proxy = ` +
        `"sip.example.com"\n  password = "${PW1}"\n}\n`,
    });
    await stack.faults({
      method: "CreateSipRegistration",
      fault: "api_error",
      code: 257,
      msg: `password ${PW1} is too weak`,
      count: 1,
    });
    const r = await stack.apply(third, [], { env: TRACE });
    await stack.clearFaults();
    expect(r.code).toBe(1);
    expect(stack.text(r).replace(/\s+/g, " ")).toMatch(/error 257/);
    // the config itself holds the password in main.tf; terraform's output must not
    expectClean("api error echo", record("api error echo", r));
  });

  it("a malformed inline credentials document is reported without its content", async () => {
    const broken = `${readFileSync(stack.emulator.credentialsPath, "utf8").trim()} trailing`;
    const fourth = stack.workdir({
      "main.tf":
        'resource "voximplant_sip_registration" "x" {\n  sip_username = "sec-x"\n  proxy = "sip.example.com"\n}\n',
      "provider.tf": 'provider "voximplant" {\n  credentials = file("broken.json")\n}\n',
      "broken.json": broken,
    });
    const r = await stack.plan(fourth, [], { env: TRACE });
    expect(r.code).toBe(1);
    expect(stack.text(r).replace(/\s+/g, " ")).toMatch(/Invalid Voximplant credentials/);
    expectClean("malformed credentials", record("malformed credentials", r));
  });

  it("destroy stays clean, and nothing seen in this file carried a secret", async () => {
    const r = await stack.destroy(dir, [], { env: vars(PW2, WO2) });
    stack.expectOk(r);
    record("destroy", r);
    const all = seen.map((s) => s.text).join("\n");
    // the trace logs were real and big: the scans covered the provider's requests and responses
    expect(all.length).toBeGreaterThan(100_000);
    for (const s of seen) expectClean(s.what, s.text);
    // ...including the provider's own API call lines, where the password parameter is masked
    const createLines = all
      .split("\n")
      .filter((l) => l.includes("voximplant api call") && l.includes("method=CreateSipRegistration"));
    expect(createLines.length).toBeGreaterThanOrEqual(2);
    expect(createLines.every((l) => /password:\(sensitive\)/.test(l))).toBe(true);
  });
});

function onlyKeyLines(): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets).filter(([k]) => k.startsWith("private_key")));
}
