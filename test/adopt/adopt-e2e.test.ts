// `adopt` end to end: an emulator account with 50 SIP registrations of assorted shapes and the
// applications, scenarios, rules and users they are bound to → adopt (import blocks, and the
// blocks of objects that refer to others, with references) → terraform plan -generate-config-out
// → a plan of imports only → apply → a plan without changes; adopt itself makes read calls only.
// Then the password notes, followed as written.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { CreateSipRegistrationParams } from "../../src/api";
import { startStack, type Stack } from "../support";
import { runAdopt } from "./helpers";

const READ_METHODS = new Set(["GetSipRegistrations", "GetApplications", "GetRules", "GetUsers", "GetScenarios"]);

/** 50 registrations: bound and unbound, persistent or not, awkward and colliding names. */
function shapes(): CreateSipRegistrationParams[] {
  const out: CreateSipRegistrationParams[] = [];
  const awkward = ["+7(495)555-01-01", "støre/ø", 'q"uote${x}', "a%{b}\\c", "日本", "1001", "-dash-", "UPPER.Case"];
  for (let i = 0; i < 50; i++) {
    const p: CreateSipRegistrationParams = {
      sip_username: `line-${i}`,
      proxy: i % 3 === 0 ? "sip.example.com" : `pbx${i % 4}.example.net:5060`,
    };
    if (i < awkward.length) p.sip_username = awkward[i];
    if (i % 5 === 1) Object.assign(p, { application_id: 1, rule_id: 1 });
    if (i % 5 === 2) Object.assign(p, { application_id: 2 });
    if (i % 7 === 3) p.is_persistent = false;
    if (i % 6 === 4) Object.assign(p, { auth_user: `auth${i}`, outbound_proxy: "edge.example.com" });
    if (i % 4 === 0) p.password = `pw-${i}`;
    out.push(p);
  }
  // Two whose names collide after sanitising ("line.1" and "line_1" both become line_1), at the same registrar.
  out[48] = { sip_username: "line.1", proxy: "sip.example.com" };
  out[49] = { sip_username: "line_1", proxy: "sip.example.com" };
  // The same user name at two registrars: told apart by the registrar.
  out[46] = { sip_username: "1001", proxy: "pbx.other.example.org" };
  // Bound to a user (the emulator's demo-user of demo-app).
  out[45] = { sip_username: "agent", proxy: "sip.example.com", application_id: 1, user_id: 1 };
  // Bound to the rule that is not adopted (it runs no scenario): its rule_id stays a literal id.
  out[44] = { sip_username: "night", proxy: "sip.example.com", application_id: 2, rule_id: 3 };
  // Non-persistent, bound to demo-app-2's user, with an auth user and an outbound proxy.
  out[43] = {
    sip_username: "roaming",
    proxy: "pbx.example.net",
    application_id: 2,
    user_id: 3,
    is_persistent: false,
    auth_user: "roam-auth",
    outbound_proxy: "edge.example.com",
  };
  return out;
}

/** Multi-line, with quotes, backslashes and template sequences that must stay literal text. */
const INBOUND_SCRIPT = [
  "require(Modules.ACD);",
  "VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {",
  '  Logger.write(`call from ${e.callerid} to "${e.destination}" \\ %{x}`);',
  "  e.call.answer();",
  "});",
  "",
].join("\n");

/**
 * The objects registrations are bound to, on top of the emulator's demo fixtures (applications
 * demo-app 1 and demo-app-2 2; rules 1, 2 of demo-app and 3 of demo-app-2, none running a
 * scenario; users 1, 2 of demo-app and 3 of demo-app-2).
 */
async function seedStackObjects(stack: Stack): Promise<void> {
  const c = stack.client;
  await c.addApplication({ application_name: "records", secure_record_storage: true });
  const inbound = await c.addScenario({ scenario_name: "inbound", scenario_script: INBOUND_SCRIPT });
  const queue = await c.addScenario({ scenario_name: "queue", scenario_script: "// queue\n" });
  const ivr = await c.addScenario({ scenario_name: "IVR menu #2", scenario_script: "VoxEngine.terminate();" });
  // Bound in this order: the rule runs queue first, then inbound (not the order of the ids).
  await c.bindScenario({ application_id: 1, rule_id: 1, scenario_id: [queue.scenario_id, inbound.scenario_id] });
  await c.bindScenario({ application_id: 1, rule_id: 2, scenario_id: ivr.scenario_id });
  // A second "demo-rule", in demo-app-2: the names collide, the applications tell them apart.
  await c.addRule({
    application_id: 2,
    rule_name: "demo-rule",
    rule_pattern: "^\\+44\\d+$",
    rule_pattern_exclude: "^\\+4420",
    video_conference: true,
    scenario_id: [ivr.scenario_id],
  });
  await c.addUser({
    application_id: 2,
    user_name: "night-shift",
    user_display_name: 'Night "shift" ${team}',
    user_password: "Init-Pass-123",
    user_active: false,
    parent_accounting: true,
    user_custom_data: "desk=7",
  });
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
  await seedStackObjects(stack);
  for (const p of shapes()) await stack.client.createSipRegistration(p);
});

afterAll(() => stack?.close());

/** 3 applications, 3 scenarios, 3 rules (demo-app-2-rule runs no scenario: left out), 4 users, 50 registrations. */
const TOTAL = 63;

describe("adopt an account with 50 SIP registrations and the objects they are bound to", () => {
  let dir: string;
  let importsText: string;

  it("writes one import block per object, with read calls only, and says what it left out", async () => {
    dir = stack.workdir({});
    await stack.resetCalls();
    const r = await runAdopt(["-out=imports.tf"], { cwd: dir, env: stack.env });
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining(
        `Wrote ${TOTAL} import blocks (3 applications, 3 scenarios, 3 rules, 4 users, 50 SIP registrations) and `,
      ) as unknown,
    });
    expect(r.stderr).toContain(
      'Not adopted: rule 3 ("demo-app-2-rule" of application demo-app-2) runs no scenario; voximplant_rule needs at ' +
        "least one.",
    );
    expect(r.stdout).toBe("");
    const methods = (await stack.callLog()).map((c) => c.method);
    expect(methods.length).toBeGreaterThan(0);
    expect(methods.filter((m) => !READ_METHODS.has(m))).toEqual([]);

    importsText = readFileSync(path.join(dir, "imports.tf"), "utf8");
    const all = [...importsText.matchAll(/^ {2}to = (voximplant_[a-z_]+)\.([A-Za-z0-9_-]+)$/gm)];
    expect(all).toHaveLength(TOTAL);
    expect(new Set(all.map((m) => `${m[1]}.${m[2]}`)).size).toBe(TOTAL);
    const targets = all.filter((m) => m[1] === "voximplant_sip_registration").map((m) => m[2]);
    expect(targets).toHaveLength(50);
    for (const t of targets) expect(t).toMatch(/^[a-z_][a-z0-9_]*$/);
    const state = await stack.emulatorState();
    const idOf = (name: string, proxy: string): number =>
      state.registrations.find((x) => x.sip_username === name && x.proxy === proxy)?.sip_registration_id ?? -1;
    // Readable names, sanitised; collisions resolved by registrar where it differs, else by id.
    expect(targets).toEqual(
      expect.arrayContaining(["sip_7_495_555_01_01", "store_o", "q_uote_x", "a_b_c", "upper_case", "dash", "agent"]),
    );
    expect(targets).toEqual(
      expect.arrayContaining(["sip_1001_pbx1_example_net_5060", "sip_1001_pbx_other_example_org"]),
    );
    expect(targets).toEqual(
      expect.arrayContaining([
        `line_1_${idOf("line.1", "sip.example.com")}`,
        `line_1_${idOf("line_1", "sip.example.com")}`,
      ]),
    );
    // "日本" has nothing usable: the fallback name.
    expect(targets).toContain(`sip_registration_${idOf("日本", "pbx0.example.net:5060")}`);

    // The other types, named after the objects; the two "demo-rule"s told apart by application.
    const others = all.filter((m) => m[1] !== "voximplant_sip_registration").map((m) => `${m[1]}.${m[2]}`);
    expect(others).toEqual([
      "voximplant_application.demo_app",
      "voximplant_application.demo_app_2",
      "voximplant_application.records",
      "voximplant_scenario.inbound",
      "voximplant_scenario.queue",
      "voximplant_scenario.ivr_menu_2",
      "voximplant_rule.demo_rule_demo_app",
      "voximplant_rule.demo_rule_2",
      "voximplant_rule.demo_rule_demo_app_2",
      "voximplant_user.demo_user",
      "voximplant_user.demo_user_2",
      "voximplant_user.demo_app_2_user",
      "voximplant_user.night_shift",
    ]);
  });

  it("writes the blocks of objects that refer to others, with references, in terraform fmt layout", () => {
    const block = (address: string): string => {
      const [type, name] = address.split(".");
      const m = new RegExp(`^resource "${type}" "${name}" \\{\\n[^]*?\\n\\}$`, "m").exec(importsText);
      return m?.[0] ?? `(no block for ${address})`;
    };
    expect(block("voximplant_rule.demo_rule_demo_app")).toBe(
      [
        'resource "voximplant_rule" "demo_rule_demo_app" {',
        "  application_id = voximplant_application.demo_app.application_id",
        '  name           = "demo-rule"',
        '  rule_pattern   = ".*"',
        "  scenario_ids = [",
        "    voximplant_scenario.queue.scenario_id,",
        "    voximplant_scenario.inbound.scenario_id,",
        "  ]",
        "}",
      ].join("\n"),
    );
    expect(block("voximplant_rule.demo_rule_demo_app_2")).toContain(
      "  scenario_ids         = [voximplant_scenario.ivr_menu_2.scenario_id]\n",
    );
    expect(block("voximplant_user.night_shift")).toBe(
      [
        'resource "voximplant_user" "night_shift" {',
        "  application_id    = voximplant_application.demo_app_2.application_id",
        '  name              = "night-shift"',
        '  display_name      = "Night \\"shift\\" $${team}"',
        "  active            = false",
        "  parent_accounting = true",
        '  custom_data       = "desk=7"',
        "}",
      ].join("\n"),
    );
    expect(block("voximplant_sip_registration.agent")).toContain(
      "  application_id = voximplant_application.demo_app.application_id\n" +
        "  user_id        = voximplant_user.demo_user.user_id\n",
    );
    expect(block("voximplant_sip_registration.roaming")).toContain("  is_persistent  = false\n");
    // rule 3 is not adopted: the literal id
    expect(block("voximplant_sip_registration.night")).toContain("  rule_id        = 3\n");
    // What those blocks refer to has a block too (Terraform refuses a reference to an address
    // with only an import block): the script as a heredoc that reads as itself.
    expect(block("voximplant_application.demo_app")).toBe(
      'resource "voximplant_application" "demo_app" {\n  name = "demo-app"\n}',
    );
    expect(block("voximplant_scenario.inbound")).toBe(
      [
        'resource "voximplant_scenario" "inbound" {',
        '  name   = "inbound"',
        "  script = <<EOT",
        INBOUND_SCRIPT.replace(/\$\{/g, "$$${").replace(/%\{/g, "%%{") + "EOT",
        "}",
      ].join("\n"),
    );
    // Objects nothing adopted refers to, and that refer to nothing adopted, are left to
    // Terraform's generator: the application "records", the unbound registrations.
    expect(importsText).not.toMatch(/^resource "voximplant_application" "records"/m);
    expect(importsText).not.toMatch(/^resource "voximplant_sip_registration" "line_1_/m);
  });

  it("terraform fmt leaves the file as it is", async () => {
    const fmt = await stack.tf(["fmt", "-check", "-diff", "imports.tf"], { cwd: dir });
    expect({ code: fmt.code, diff: fmt.stdout }).toEqual({ code: 0, diff: "" });
  });

  it("is stable: a second run writes the same bytes", async () => {
    const r = await runAdopt([], { cwd: dir, env: stack.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(importsText);
  });

  it("generate-config, then a plan of imports only, apply, and a plan without changes", async () => {
    const gen = stack.expectOk(
      await stack.plan(dir, ["-generate-config-out=generated.tf"]),
      "plan -generate-config-out",
    );
    expect(gen.stdout).toContain(`Plan: ${TOTAL} to import, 0 to add, 0 to change, 0 to destroy.`);
    const generated = readFileSync(path.join(dir, "generated.tf"), "utf8");
    // Terraform generated only what has no block yet, so no literal id where a reference belongs.
    expect(generated).not.toMatch(/^resource "voximplant_(rule|user)"/m);
    expect(generated).not.toMatch(/^ *(application_id|rule_id|user_id) *= *\d/m);
    expect(generated).toMatch(/^resource "voximplant_application" "records" \{\n[^}]*secure_record_storage = true/m);
    expect(generated).not.toMatch(/^resource "voximplant_scenario"/m);
    const plan = stack.expectOk(await stack.plan(dir), "plan");
    expect(plan.stdout).toContain(`Plan: ${TOTAL} to import, 0 to add, 0 to change, 0 to destroy.`);
    expect(plan.stdout).not.toMatch(/will be (created|updated|destroyed|replaced)|must be replaced/);
    const apply = stack.expectOk(await stack.apply(dir), "apply");
    expect(apply.stdout).toContain(`Apply complete! Resources: ${TOTAL} imported, 0 added, 0 changed, 0 destroyed.`);
    const after = await stack.plan(dir, ["-detailed-exitcode"]);
    expect({ code: after.code, noChanges: stack.text(after).includes("No changes.") }).toEqual({
      code: 0,
      noChanges: true,
    });
    // The generated configuration holds no password (none can be read back).
    expect(readFileSync(path.join(dir, "generated.tf"), "utf8")).not.toMatch(/pw-\d+/);
  });

  it("the password notes work as written: write-only passwords sent by in-place updates, not stored", async () => {
    // One note per family with passwords, each naming its first object: a user (whose block adopt
    // wrote) and a registration (whose block Terraform generated). Follow both.
    const named = [...importsText.matchAll(/password_wo {9}= var\.([a-z0-9_]+)_password/g)].map((m) => m[1]);
    expect(named).toHaveLength(2);
    const [user, registration] = named;
    expect(importsText).toContain(`resource "voximplant_user" "${user}" {\n`);
    const generated = readFileSync(path.join(dir, "generated.tf"), "utf8");
    const withPassword = generated.replace(
      new RegExp(
        `(resource "voximplant_sip_registration" "${registration}" \\{[^}]*?)  password_wo +?= null\\n  ` +
          `password_wo_version +?= null\\n`,
      ),
      `$1  password_wo         = var.${registration}_password\n  password_wo_version = 1\n`,
    );
    expect(withPassword).not.toBe(generated);
    const userBlock = `resource "voximplant_user" "${user}" {\n`;
    stack.writeFiles(dir, {
      "generated.tf": withPassword,
      "imports.tf": importsText.replace(
        userBlock,
        `${userBlock}  password_wo         = var.${user}_password\n  password_wo_version = 1\n`,
      ),
      "password.tf":
        `variable "${registration}_password" { sensitive = true }\n` +
        `variable "${user}_password" { sensitive = true }\n`,
    });
    const env = {
      [`TF_VAR_${registration}_password`]: "adopted-secret-9Zt",
      [`TF_VAR_${user}_password`]: "Adopted-User-7Qx!",
    };
    const plan = stack.expectOk(await stack.plan(dir, [], { env }), "plan");
    expect(plan.stdout).toContain("Plan: 0 to add, 2 to change, 0 to destroy.");
    await stack.resetCalls();
    stack.expectOk(await stack.apply(dir, [], { env }), "apply");
    const calls = (await stack.calls()).byMethod;
    expect({ UpdateSipRegistration: calls.UpdateSipRegistration, SetUserInfo: calls.SetUserInfo }).toEqual({
      UpdateSipRegistration: 1,
      SetUserInfo: 1,
    });
    const state = readFileSync(path.join(dir, "terraform.tfstate"), "utf8");
    expect(state).not.toContain("adopted-secret-9Zt");
    expect(state).not.toContain("Adopted-User-7Qx!");
    const after = await stack.plan(dir, ["-detailed-exitcode"], { env });
    expect(after.code).toBe(0);
  });
});
