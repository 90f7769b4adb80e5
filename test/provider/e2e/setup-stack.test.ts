// The whole setup as code with the real terraform binary against the emulator: an application, a
// scenario, a rule, a user and two SIP registrations bound to them by reference. Every step
// asserts terraform's output and the emulator's call log (which write calls, nothing else).

import type { CallLogEntry } from "../../../src/emulator/calllog";
import { snippetsRunBy } from "../../docs/snippets";
import { startStack, type Stack } from "../../support";

// A test here runs up to three applies of a six-resource configuration with the real terraform;
// each takes 5-50 s depending on the machine's load, more than the default 120 s in all.
jest.setTimeout(300_000);

let stack: Stack;
let dir: string;

beforeAll(async () => {
  stack = await startStack({ seed: false });
});
afterAll(() => stack.close());

const READS = /^Get/;

/** Write calls since the last resetCalls(), as "Method" or "Method param=value". */
async function writes(): Promise<string[]> {
  const log: CallLogEntry[] = await stack.callLog();
  return log.filter((e) => !READS.test(e.method)).map((e) => e.method);
}

interface Knobs {
  appName?: string;
  script?: string;
  pattern?: string;
  displayName?: string;
  scenarios?: string;
  extraScenario?: boolean;
}

function hcl(k: Knobs = {}): string {
  return `
resource "voximplant_application" "pbx" {
  name = "${k.appName ?? "pbx-gateway"}"
}

resource "voximplant_scenario" "inbound" {
  name   = "inbound"
  script = ${JSON.stringify(k.script ?? "VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => e.call.answer());")}
}
${
  k.extraScenario
    ? `
resource "voximplant_scenario" "record" {
  name   = "record"
  script = "// record every call"
}
`
    : ""
}
resource "voximplant_rule" "extensions" {
  application_id = voximplant_application.pbx.application_id
  name           = "extensions"
  rule_pattern   = ${JSON.stringify(k.pattern ?? "^1\\d{3}$")}
  scenario_ids   = ${k.scenarios ?? "[voximplant_scenario.inbound.scenario_id]"}
}

resource "voximplant_user" "reception" {
  application_id      = voximplant_application.pbx.application_id
  name                = "reception"
  display_name        = "${k.displayName ?? "Reception"}"
  password_wo         = "Recept1on!pw"
  password_wo_version = 1
}

resource "voximplant_sip_registration" "office" {
  sip_username   = "1001"
  proxy          = "sip.example.com"
  application_id = voximplant_application.pbx.application_id
  rule_id        = voximplant_rule.extensions.rule_id
  user_id        = voximplant_user.reception.user_id
}

resource "voximplant_sip_registration" "trunk" {
  sip_username   = "trunk"
  proxy          = "sip.example.com"
  application_id = voximplant_application.pbx.application_id
  rule_id        = voximplant_rule.extensions.rule_id
}
`;
}

async function apply(k: Knobs = {}): Promise<string> {
  stack.writeFiles(dir, { "main.tf": hcl(k) });
  await stack.resetCalls();
  return stack.text(stack.expectOk(await stack.apply(dir)));
}

async function planExit(args: string[] = []): Promise<number> {
  const p = await stack.plan(dir, ["-detailed-exitcode", ...args]);
  if (p.code === 1) throw new Error(stack.text(p));
  return p.code;
}

describe("the whole setup as code", () => {
  it("creates the stack with one Add* per object, and the second plan is empty", async () => {
    dir = stack.workdir({ "main.tf": hcl() });
    const out = await apply();
    expect(out).toMatch(/Apply complete! Resources: 6 added, 0 changed, 0 destroyed/);
    expect((await writes()).sort()).toEqual(
      ["AddApplication", "AddScenario", "AddRule", "AddUser", "CreateSipRegistration", "CreateSipRegistration"].sort(),
    );
    const st = await stack.emulatorState();
    const office = st.registrations.find((r) => r.sip_username === "1001");
    expect(office).toMatchObject({ application_id: st.applications[0]?.application_id, user_id: st.users[0]?.user_id });
    expect(await planExit()).toBe(0);
    expect(await planExit(["-refresh-only"])).toBe(0);
  });

  it("changes every resource in place with exactly its Set* call", async () => {
    const out = await apply({ appName: "pbx-main", script: "// v2", pattern: "^2\\d{3}$", displayName: "Front desk" });
    expect(out).toMatch(/0 added, 4 changed, 0 destroyed/);
    expect((await writes()).sort()).toEqual(["SetApplicationInfo", "SetRuleInfo", "SetScenarioInfo", "SetUserInfo"]);
    expect(await stack.resource(dir, "voximplant_application.pbx")).toMatchObject({
      name: "pbx-main",
      full_name: "pbx-main.emulator.voximplant.com",
    });
    expect(await planExit()).toBe(0);
  });

  it("changes the rule's scenarios and their order with BindScenario and ReorderScenarios", async () => {
    const base = {
      appName: "pbx-main",
      script: "// v2",
      pattern: "^2\\d{3}$",
      displayName: "Front desk",
      extraScenario: true,
    };
    await apply({
      ...base,
      scenarios: "[voximplant_scenario.inbound.scenario_id, voximplant_scenario.record.scenario_id]",
    });
    expect(await writes()).toEqual(["AddScenario", "BindScenario"]);
    await apply({
      ...base,
      scenarios: "[voximplant_scenario.record.scenario_id, voximplant_scenario.inbound.scenario_id]",
    });
    expect(await writes()).toEqual(["ReorderScenarios"]);
    const rule = await stack.resource(dir, "voximplant_rule.extensions");
    const ids = [
      (await stack.resource(dir, "voximplant_scenario.record")).scenario_id,
      (await stack.resource(dir, "voximplant_scenario.inbound")).scenario_id,
    ];
    expect(rule.scenario_ids).toEqual(ids);
    expect(await planExit()).toBe(0);
    // Terraform deletes the scenario before it updates the rule; the delete already took the
    // scenario off the rule (a cascade), so the update finds nothing left to do: no error, no diff.
    await apply({ ...base, extraScenario: false });
    const calls = await writes();
    expect(calls.filter((m) => m === "DelScenario")).toHaveLength(1);
    expect(calls.filter((m) => m !== "DelScenario" && m !== "BindScenario")).toEqual([]);
    expect((await stack.resource(dir, "voximplant_rule.extensions")).scenario_ids).toEqual([ids[1]]);
    expect(await planExit()).toBe(0);
  });

  it(
    "reports an out-of-band script change and a deleted user in a refresh-only plan, " + "and apply repairs both",
    async () => {
      const base = { appName: "pbx-main", script: "// v2", pattern: "^2\\d{3}$", displayName: "Front desk" };
      const scenarioId = (await stack.resource(dir, "voximplant_scenario.inbound")).scenario_id as number;
      const user = await stack.resource(dir, "voximplant_user.reception");
      await stack.client.setScenarioInfo({ scenario_id: scenarioId, scenario_script: "// changed by hand" });
      await stack.client.delUser({ user_id: user.user_id as number, application_id: user.application_id as number });
      for (let i = 0; i < 2; i++) expect(await planExit(["-refresh-only"])).toBe(2);
      const out = await apply(base);
      expect(out).toMatch(/1 added, 2 changed, 0 destroyed/);
      expect((await writes()).sort()).toEqual(["AddUser", "BindSipRegistration", "SetScenarioInfo"].sort());
      expect(await planExit(["-refresh-only"])).toBe(0);
      expect(await planExit()).toBe(0);
    },
  );

  it("destroys everything, leaving the emulator empty", async () => {
    await stack.resetCalls();
    stack.expectOk(await stack.destroy(dir));
    const st = await stack.emulatorState();
    expect([st.applications, st.rules, st.users, st.registrations, st.scenarios]).toEqual([[], [], [], [], []]);
  });
});

describe("docs examples, import, bad input", () => {
  it("the Example Usage of the four resource docs applies as written and plans clean", async () => {
    const files = Object.fromEntries(snippetsRunBy("resource-docs-apply").map((s, i) => [`doc${i}.tf`, s.text]));
    dir = stack.workdir(files);
    await stack.resetCalls();
    stack.expectOk(await stack.apply(dir));
    // the application and the scenario are created in parallel, the rule and the user after them
    expect((await writes()).sort()).toEqual(["AddApplication", "AddRule", "AddScenario", "AddUser"]);
    expect(await planExit()).toBe(0);
    stack.expectOk(await stack.destroy(dir));
    expect(await writes()).toContain("DelApplication");
  });

  it("imports with the CLI and with import blocks (-generate-config-out plans clean)", async () => {
    const c = stack.client;
    const app = (await c.addApplication({ application_name: "imported" })).application_id;
    const sc = (await c.addScenario({ scenario_name: "imported-sc", scenario_script: "// imported\n" })).scenario_id;
    const rule = (
      await c.addRule({ application_id: app, rule_name: "imported-rule", rule_pattern: ".*", scenario_id: [sc] })
    ).rule_id;
    const user = (
      await c.addUser({
        application_id: app,
        user_name: "imported-user",
        user_display_name: "I",
        user_password: "Aa1!aaaaaa",
      })
    ).user_id;

    // CLI import into a hand-written configuration
    dir = stack.workdir({
      "main.tf": `
resource "voximplant_application" "a" { name = "imported" }
resource "voximplant_scenario" "s" {
  name   = "imported-sc"
  script = "// imported\\n"
}
resource "voximplant_rule" "r" {
  application_id = voximplant_application.a.application_id
  name           = "imported-rule"
  rule_pattern   = ".*"
  scenario_ids   = [voximplant_scenario.s.scenario_id]
}
resource "voximplant_user" "u" {
  application_id = voximplant_application.a.application_id
  name           = "imported-user"
  display_name   = "I"
}
`,
    });
    for (const [address, id] of [
      ["voximplant_application.a", `${app}`],
      ["voximplant_scenario.s", `${sc}`],
      ["voximplant_rule.r", `${app}/${rule}`],
      ["voximplant_user.u", `${app}/${user}`],
    ]) {
      stack.expectOk(await stack.tf(["import", "-input=false", address as string, id as string], { cwd: dir }));
    }
    await stack.resetCalls();
    expect(await planExit()).toBe(0);
    expect(await writes()).toEqual([]);

    // import blocks with generated configuration
    const blocks = [
      ["voximplant_application.a", `${app}`],
      ["voximplant_scenario.s", `${sc}`],
      ["voximplant_rule.r", `${app}/${rule}`],
      ["voximplant_user.u", `${app}/${user}`],
    ]
      .map(([to, id]) => `import {\n  to = ${to}\n  id = "${id}"\n}\n`)
      .join("\n");
    const gen = stack.workdir({ "imports.tf": blocks });
    stack.expectOk(await stack.plan(gen, ["-generate-config-out=generated.tf"]));
    const planned = stack.text(stack.expectOk(await stack.plan(gen)));
    expect(planned).toMatch(/Plan: 4 to import, 0 to add, 0 to change, 0 to destroy/);
    expect(await writes()).toEqual([]);
    await c.delApplication({ application_id: app });
    await c.delScenario({ scenario_id: sc });
  });

  it("refuses bad inputs at plan time naming the attribute, with zero API calls", async () => {
    dir = stack.workdir({
      "main.tf": `
resource "voximplant_application" "a" { name = "Bad_Name" }
resource "voximplant_scenario" "s" {
  name   = "a;b"
  script = " "
}
resource "voximplant_rule" "r" {
  application_id = 1
  name           = "r"
  rule_pattern   = "(unclosed"
  scenario_ids   = [0]
}
resource "voximplant_user" "u" {
  application_id      = 1
  name                = "ok-user"
  display_name        = "U"
  password_wo         = "weak"
  password_wo_version = 1
}
`,
    });
    await stack.resetCalls();
    const p = await stack.plan(dir);
    expect(p.code).toBe(1);
    const text = stack.text(p);
    for (const fragment of [
      /voximplant_application\.a[\s\S]*name/,
      /with voximplant_scenario\.s,[\s\S]*name\s+= "a;b"/,
      /with voximplant_scenario\.s,[\s\S]*script/,
      /rule_pattern is not a valid regular expression/,
      /scenario_ids must hold positive ids/,
      /password_wo must have at least 8 characters/,
    ]) {
      expect(text).toMatch(fragment);
    }
    expect((await stack.calls()).total).toBe(0);
  });
});

describe("fault matrix: lost Add* responses", () => {
  it(
    "a lost answer of every Add* call still leaves exactly one of each object, and the " + "next plan is empty",
    async () => {
      const files = Object.fromEntries(snippetsRunBy("resource-docs-apply").map((s, i) => [`doc${i}.tf`, s.text]));
      dir = stack.workdir(files);
      await stack.resetCalls();
      await stack.faults(
        ["AddApplication", "AddScenario", "AddRule", "AddUser"].map((method) => ({
          method,
          fault: "drop_after_commit" as const,
          count: 1,
        })),
      );
      stack.expectOk(await stack.apply(dir));
      const calls = await writes();
      for (const m of ["AddApplication", "AddScenario", "AddRule", "AddUser"])
        expect(calls.filter((c) => c === m)).toHaveLength(1);
      const st = await stack.emulatorState();
      expect(st.applications.filter((a) => a.application_name.startsWith("pbx-gateway."))).toHaveLength(1);
      expect(st.scenarios).toHaveLength(1);
      expect(st.rules).toHaveLength(1);
      expect(st.users).toHaveLength(1);
      expect(await planExit()).toBe(0);
      stack.expectOk(await stack.destroy(dir));
    },
  );
});
