// Replacement of the setup objects, per attribute that forces it (the schemas' requiresReplace):
// a rule's or user's application_id (objects cannot move between applications), and removing a
// rule's rule_pattern_exclude or a user's custom_data (the API cannot clear them). Each with the
// real terraform against the emulator: the plan says which attribute forces it, the apply makes
// exactly the Del* and then the Add* call of that object and nothing else, and the next plan is
// empty. Applications and scenarios change everything in place (setup-stack.test.ts). The SIP
// registration's own replacements (is_persistent, outbound_proxy: resource-lifecycle.test.ts) are
// completed here by auth_user and the two password forms being removed.

import type { CallLogEntry } from "../../../src/emulator/calllog";
import { startStack, type Stack } from "../../support";

jest.setTimeout(300_000);

interface Knobs {
  ruleApp?: "a" | "b";
  exclude?: string | null;
  userApp?: "a" | "b";
  customData?: string | null;
}

function hcl(k: Knobs = {}): string {
  const exclude = k.exclude === undefined ? "^1000$" : k.exclude;
  const customData = k.customData === undefined ? "desk 4" : k.customData;
  return `
resource "voximplant_application" "a" { name = "replace-a" }
resource "voximplant_application" "b" { name = "replace-b" }

resource "voximplant_scenario" "s" {
  name   = "replace-s"
  script = "// answers"
}

resource "voximplant_rule" "r" {
  application_id = voximplant_application.${k.ruleApp ?? "a"}.application_id
  name           = "r"
  rule_pattern   = "^1\\\\d{3}$"
  scenario_ids   = [voximplant_scenario.s.scenario_id]
${exclude === null ? "" : `  rule_pattern_exclude = ${JSON.stringify(exclude)}\n`}}

resource "voximplant_user" "u" {
  application_id      = voximplant_application.${k.userApp ?? "a"}.application_id
  name                = "replace-u"
  display_name        = "U"
  password_wo         = "Replace-u-1!"
  password_wo_version = 1
${customData === null ? "" : `  custom_data         = ${JSON.stringify(customData)}\n`}}
`;
}

let stack: Stack;
let dir: string;
beforeAll(async () => {
  stack = await startStack({ seed: false });
  dir = stack.workdir({ "main.tf": hcl() });
  stack.expectOk(await stack.apply(dir), "terraform apply");
});
afterAll(() => stack.close());

async function writes(): Promise<string[]> {
  const log: CallLogEntry[] = await stack.callLog();
  return log.filter((e) => !/^Get/.test(e.method)).map((e) => e.method);
}

const CASES: Array<[string, Knobs, string, string, string[]]> = [
  ["a rule's application_id", { ruleApp: "b" }, "voximplant_rule.r", "application_id", ["DelRule", "AddRule"]],
  [
    "removing rule_pattern_exclude",
    { exclude: null },
    "voximplant_rule.r",
    "rule_pattern_exclude",
    ["DelRule", "AddRule"],
  ],
  ["a user's application_id", { userApp: "b" }, "voximplant_user.u", "application_id", ["DelUser", "AddUser"]],
  ["removing a user's custom_data", { customData: null }, "voximplant_user.u", "custom_data", ["DelUser", "AddUser"]],
];

describe.each(CASES)("replacement: %s", (_name, knobs, address, attribute, calls) => {
  it(`plans it naming ${attribute}, applies exactly ${calls.join(" + ")}, then plans clean`, async () => {
    // back to the base configuration first, so each case starts from the same objects
    stack.writeFiles(dir, { "main.tf": hcl() });
    stack.expectOk(await stack.apply(dir), "terraform apply (base)");
    const before = await stack.resource(dir, address);

    stack.writeFiles(dir, { "main.tf": hcl(knobs) });
    const plan = stack.text(stack.expectOk(await stack.plan(dir), "terraform plan"));
    expect(plan).toContain(`# ${address} must be replaced`);
    expect(plan).toMatch(new RegExp(`[~-] ${attribute} +=[^\\n]*# forces replacement`));
    expect(plan).toMatch(/Plan: 1 to add, 0 to change, 1 to destroy/);

    await stack.resetCalls();
    stack.expectOk(await stack.apply(dir), "terraform apply");
    expect(await writes()).toEqual(calls);
    const after = await stack.resource(dir, address);
    expect(after.id).not.toBe(before.id);
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
  });
});

interface Line {
  authUser?: boolean;
  secret?: "password_wo" | "password" | "none";
}

function line(l: Line = {}): string {
  const secret = l.secret ?? "password_wo";
  return `
resource "voximplant_sip_registration" "line" {
  sip_username = "replace-line"
  proxy        = "sip.example.com"
${l.authUser === false ? "" : '  auth_user    = "replace-auth"\n'}${
    secret === "password_wo"
      ? '  password_wo         = "Line-secret-1"\n  password_wo_version = 1\n'
      : secret === "password"
        ? '  password = "Line-secret-1"\n'
        : ""
  }}
`;
}

const LINE_CASES: Array<[string, Line, Line, string]> = [
  ["removing auth_user", {}, { authUser: false }, "auth_user"],
  ["removing password_wo and its version", {}, { secret: "none" }, "password_wo_version"],
  ["removing the state-stored password", { secret: "password" }, { secret: "none" }, "password"],
];

describe.each(LINE_CASES)("SIP registration replacement: %s", (_name, base, changed, attribute) => {
  it(`plans it naming ${attribute}, applies exactly DeleteSipRegistration + CreateSipRegistration`, async () => {
    const lineDir = stack.workdir({ "main.tf": line(base) });
    stack.expectOk(await stack.apply(lineDir), "terraform apply (base)");
    const before = await stack.resource(lineDir, "voximplant_sip_registration.line");
    stack.writeFiles(lineDir, { "main.tf": line(changed) });
    const plan = stack.text(stack.expectOk(await stack.plan(lineDir), "terraform plan"));
    expect(plan).toContain("# voximplant_sip_registration.line must be replaced");
    expect(plan).toMatch(new RegExp(`- ${attribute} +=[^\\n]*# forces replacement`));
    await stack.resetCalls();
    stack.expectOk(await stack.apply(lineDir), "terraform apply");
    expect(await writes()).toEqual(["DeleteSipRegistration", "CreateSipRegistration"]);
    expect((await stack.resource(lineDir, "voximplant_sip_registration.line")).id).not.toBe(before.id);
    expect((await stack.plan(lineDir, ["-detailed-exitcode"])).code).toBe(0);
    stack.expectOk(await stack.destroy(lineDir), "terraform destroy");
  });
});

describe("afterwards", () => {
  it("destroy leaves the emulator empty", async () => {
    stack.expectOk(await stack.destroy(dir), "terraform destroy");
    const st = await stack.emulatorState();
    expect([st.applications, st.scenarios, st.rules, st.users, st.registrations]).toEqual([[], [], [], [], []]);
  });
});
