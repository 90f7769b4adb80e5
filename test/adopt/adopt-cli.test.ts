// `adopt` filters and bad input: every mistake is a clear message naming the option, made before
// any API call (or, for an unknown application, after read calls only); an empty account or an
// empty selection writes no file.

import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { startStack, type Stack } from "../support";
import { runAdopt } from "./helpers";

let stack: Stack;
let dir: string;

// The emulator's demo fixtures: applications demo-app (1) and demo-app-2 (2); rules 1, 2 of
// demo-app and 3 of demo-app-2; users 1, 2 of demo-app and 3 of demo-app-2. Only rule 1 runs a
// scenario ("s1"); the others run none and cannot be adopted (voximplant_rule needs one).
beforeAll(async () => {
  stack = await startStack({ seed: true });
  const c = stack.client;
  const s1 = await c.addScenario({ scenario_name: "s1", scenario_script: "// s1" });
  await c.bindScenario({ application_id: 1, rule_id: 1, scenario_id: s1.scenario_id });
  await c.addScenario({ scenario_name: "unbound", scenario_script: "// unbound" });
  await c.createSipRegistration({ sip_username: "a1", proxy: "sip.example.com", application_id: 1, rule_id: 1 });
  await c.createSipRegistration({ sip_username: "a2", proxy: "pbx.example.net:5070", application_id: 2 });
  await c.createSipRegistration({ sip_username: "a3", proxy: "PBX.example.net", application_id: 2, user_id: 3 });
  await c.createSipRegistration({ sip_username: "a4", proxy: "other.example.org" });
  dir = stack.workdir({});
});

afterAll(() => stack?.close());

const targets = (text: string): string[] => [...text.matchAll(/^ {2}to = (\S+)$/gm)].map((m) => m[1]);
const registrations = (text: string): string[] =>
  targets(text).filter((t) => t.startsWith("voximplant_sip_registration."));
const resourceBlocks = (text: string): string[] =>
  [...text.matchAll(/^resource "(\S+)" "(\S+)" \{$/gm)].map((m) => `${m[1]}.${m[2]}`);

async function noCallsFor(args: string[], env: NodeJS.ProcessEnv = stack.env) {
  await stack.resetCalls();
  const r = await runAdopt(args, { cwd: dir, env });
  expect((await stack.calls()).total).toBe(0);
  return r;
}

describe("adopt filters", () => {
  it("-application by short name: the application, its users, the registrations bound to it", async () => {
    const r = await runAdopt(["-application=demo-app-2"], { cwd: dir, env: stack.env });
    expect(r.code).toBe(0);
    expect(targets(r.stdout)).toEqual([
      "voximplant_application.demo_app_2",
      "voximplant_user.demo_app_2_user",
      "voximplant_sip_registration.a2",
      "voximplant_sip_registration.a3",
    ]);
    expect(r.stdout).toContain("# Filters: application demo-app-2.");
    expect(r.stderr).toContain(
      'Not adopted: rule 3 ("demo-app-2-rule" of application demo-app-2) runs no scenario; voximplant_rule ' +
        "needs at least one.",
    );
    // a3 is bound to the user: its block refers to it
    expect(r.stdout).toContain("  user_id        = voximplant_user.demo_app_2_user.user_id\n");
  });

  it("-application by id, --out FILE: its rules' scenarios too, not the others", async () => {
    const r = await runAdopt(["-application", "1", "--out", "app1.tf"], { cwd: dir, env: stack.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "Wrote 6 import blocks (1 application, 1 scenario, 1 rule, 2 users, 1 SIP registration) and 6 resource " +
        "blocks (references between them)",
    );
    const text = readFileSync(path.join(dir, "app1.tf"), "utf8");
    expect(targets(text)).toEqual([
      "voximplant_application.demo_app",
      "voximplant_scenario.s1",
      "voximplant_rule.demo_rule",
      "voximplant_user.demo_user",
      "voximplant_user.demo_user_2",
      "voximplant_sip_registration.a1",
    ]);
    expect(text).toContain("  rule_id        = voximplant_rule.demo_rule.rule_id\n");
  });

  it("-proxy: a host matches it on any port, case-insensitively; host:port only that port", async () => {
    const any = await runAdopt(["-proxy=pbx.example.net"], { cwd: dir, env: stack.env });
    // SIP registrations only: the other types have no registrar.
    expect(targets(any.stdout)).toEqual(["voximplant_sip_registration.a2", "voximplant_sip_registration.a3"]);
    // What they are bound to is not adopted: literal ids, left to Terraform's generator.
    expect(resourceBlocks(any.stdout)).toEqual([]);
    const port = await runAdopt(["-proxy=pbx.example.net:5070"], { cwd: dir, env: stack.env });
    expect(targets(port.stdout)).toEqual(["voximplant_sip_registration.a2"]);
  });

  it("-type takes the resource type with or without the provider prefix", async () => {
    for (const t of ["sip_registration", "voximplant_sip_registration"]) {
      const r = await runAdopt([`-type=${t}`], { cwd: dir, env: stack.env });
      expect(registrations(r.stdout)).toHaveLength(4);
      expect(targets(r.stdout)).toHaveLength(4);
    }
  });

  it("-type with several types (comma-separated or repeated): references only between those adopted", async () => {
    const r = await runAdopt(["-type=application,user", "-type=voximplant_scenario"], { cwd: dir, env: stack.env });
    expect(r.code).toBe(0);
    expect(targets(r.stdout)).toEqual([
      "voximplant_application.demo_app",
      "voximplant_application.demo_app_2",
      "voximplant_scenario.s1",
      "voximplant_scenario.unbound",
      "voximplant_user.demo_user",
      "voximplant_user.demo_user_2",
      "voximplant_user.demo_app_2_user",
    ]);
    // Users refer to their applications; nothing adopted refers to the scenarios.
    expect(resourceBlocks(r.stdout)).toEqual([
      "voximplant_application.demo_app",
      "voximplant_application.demo_app_2",
      "voximplant_user.demo_user",
      "voximplant_user.demo_user_2",
      "voximplant_user.demo_app_2_user",
    ]);
    // A rule alone: its application and scenarios stay literal ids, Terraform generates its block.
    const rule = await runAdopt(["-type=rule"], { cwd: dir, env: stack.env });
    expect(targets(rule.stdout)).toEqual(["voximplant_rule.demo_rule"]);
    expect(resourceBlocks(rule.stdout)).toEqual([]);
  });

  it("filters combine; a selection with nothing in it writes no file", async () => {
    const r = await runAdopt(["-application=demo-app", "-proxy=pbx.example.net", "-out=none.tf"], {
      cwd: dir,
      env: stack.env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /nothing to adopt: account \d+ has no applications, scenarios, rules, users, SIP registrations matching /,
    );
    expect(r.stderr).toMatch(/ matching application demo-app\.\S+ \(1\); proxy pbx\.example\.net/);
    expect(existsSync(path.join(dir, "none.tf"))).toBe(false);
  });
});

describe("a filtered adoption plans clean with the real terraform", () => {
  // Blocks written for a part of the account: references inside it, literal ids to the rest.
  it.each([
    [["-application=demo-app"], 6],
    [["-type=rule,sip_registration"], 5],
  ])("%j: generate-config, imports only, apply, no changes", async (args, count) => {
    const work = stack.workdir({});
    const r = await runAdopt([...args, "-out=imports.tf"], { cwd: work, env: stack.env });
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(work, "imports.tf"), "utf8");
    expect(targets(text)).toHaveLength(count);
    if (args[0].startsWith("-type")) {
      // the registration refers to the adopted rule, so the rule's block is written, with literal ids
      expect(text).toContain("  rule_id        = voximplant_rule.demo_rule.rule_id\n");
      expect(text).toMatch(/^resource "voximplant_rule" "demo_rule" \{\n {2}application_id = 1\n/m);
    }
    const gen = stack.expectOk(await stack.plan(work, ["-generate-config-out=generated.tf"]), "generate-config");
    expect(gen.stdout).toContain(`Plan: ${count} to import, 0 to add, 0 to change, 0 to destroy.`);
    const plan = stack.expectOk(await stack.plan(work), "plan");
    expect(plan.stdout).toContain(`Plan: ${count} to import, 0 to add, 0 to change, 0 to destroy.`);
    stack.expectOk(await stack.apply(work), "apply");
    const after = await stack.plan(work, ["-detailed-exitcode"]);
    expect(after.code).toBe(0);
  });
});

describe("adopt bad input", () => {
  it("no credentials: says which settings, makes no call", async () => {
    const env = { ...stack.env };
    delete env.VOXIMPLANT_CREDENTIALS;
    const r = await noCallsFor(["-out=x.tf"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no credentials given");
    expect(r.stderr).toContain("-credentials-file=PATH or the VOXIMPLANT_CREDENTIALS environment variable");
    expect(existsSync(path.join(dir, "x.tf"))).toBe(false);
  });

  it("-credentials-file and -api-url work in place of the environment", async () => {
    const env = { ...stack.env };
    delete env.VOXIMPLANT_CREDENTIALS;
    delete env.VOXIMPLANT_API_URL;
    const r = await runAdopt(
      [`-credentials-file=${stack.emulator.credentialsPath}`, `-api-url=${stack.emulator.url}`],
      { cwd: dir, env },
    );
    expect(r.code).toBe(0);
    expect(registrations(r.stdout)).toHaveLength(4);
  });

  it.each([
    [["-filter=x"], "unknown option -filter; known: -out, -type, -application, -proxy, -credentials-file, -api-url"],
    [
      ["-type=voximplant_widget"],
      'unknown resource type "voximplant_widget"; known: voximplant_application, voximplant_scenario, ' +
        "voximplant_rule, voximplant_user, voximplant_sip_registration",
    ],
    [["-type=user,rules"], 'unknown resource type "rules"'],
    [["-out"], "-out needs a value (-out=VALUE)"],
    [["-proxy="], "-proxy needs a non-empty value"],
    [["imports.tf"], 'unexpected argument "imports.tf"'],
  ])("%j: usage error naming the option, exit 2, no call", async (args, message) => {
    const r = await noCallsFor(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  it("an unknown application: exit 2, the account's applications listed, read calls only", async () => {
    await stack.resetCalls();
    const r = await runAdopt(["-application=nope"], { cwd: dir, env: stack.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /-application: no application "nope" in account \d+; it has: demo-app \(1\), demo-app-2 \(2\)/,
    );
    expect(Object.keys((await stack.calls()).byMethod)).toEqual(["GetApplications"]);
  });

  it("an empty account: a clear message, exit 1, no file", async () => {
    const state = await stack.emulatorState();
    for (const app of state.applications) await stack.client.delApplication({ application_id: app.application_id });
    for (const sc of state.scenarios) await stack.client.delScenario({ scenario_id: sc.scenario_id });
    await stack.wipe();
    const r = await runAdopt(["-out=empty.tf"], { cwd: dir, env: stack.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing to adopt: account \d+ has no applications, scenarios, rules, users, SIP /);
    expect(r.stderr).toContain("SIP registrations. No file written.");
    expect(existsSync(path.join(dir, "empty.tf"))).toBe(false);
  });
});
