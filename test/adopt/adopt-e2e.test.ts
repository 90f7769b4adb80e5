// `adopt` end to end: an emulator account with 50 SIP registrations of assorted shapes → adopt
// → terraform plan -generate-config-out → a plan of imports only → apply → a plan without
// changes; adopt itself makes read calls only. Then the password note, followed as written.

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
  return out;
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
  for (const p of shapes()) await stack.client.createSipRegistration(p);
});

afterAll(() => stack?.close());

describe("adopt an account with 50 SIP registrations", () => {
  let dir: string;
  let importsText: string;

  it("writes one import block per registration, with read calls only", async () => {
    dir = stack.workdir({});
    await stack.resetCalls();
    const r = await runAdopt(["-out=imports.tf"], { cwd: dir, env: stack.env });
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining("Wrote 50 import blocks (50 SIP registrations)") as unknown,
    });
    expect(r.stdout).toBe("");
    const methods = (await stack.callLog()).map((c) => c.method);
    expect(methods.length).toBeGreaterThan(0);
    expect(methods.filter((m) => !READ_METHODS.has(m))).toEqual([]);

    importsText = readFileSync(path.join(dir, "imports.tf"), "utf8");
    const targets = [...importsText.matchAll(/^ {2}to = voximplant_sip_registration\.([A-Za-z0-9_-]+)$/gm)].map(
      (m) => m[1],
    );
    expect(targets).toHaveLength(50);
    expect(new Set(targets).size).toBe(50);
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
    expect(gen.stdout).toContain("Plan: 50 to import, 0 to add, 0 to change, 0 to destroy.");
    const plan = stack.expectOk(await stack.plan(dir), "plan");
    expect(plan.stdout).toContain("Plan: 50 to import, 0 to add, 0 to change, 0 to destroy.");
    expect(plan.stdout).not.toMatch(/will be (created|updated|destroyed|replaced)|must be replaced/);
    const apply = stack.expectOk(await stack.apply(dir), "apply");
    expect(apply.stdout).toContain("Apply complete! Resources: 50 imported, 0 added, 0 changed, 0 destroyed.");
    const after = await stack.plan(dir, ["-detailed-exitcode"]);
    expect({ code: after.code, noChanges: stack.text(after).includes("No changes.") }).toEqual({
      code: 0,
      noChanges: true,
    });
    // The generated configuration holds no password (none can be read back).
    expect(readFileSync(path.join(dir, "generated.tf"), "utf8")).not.toMatch(/pw-\d+/);
  });

  it("the password note works as written: write-only password sent by an in-place update, not stored", async () => {
    // The note names the first registration; follow it for that one.
    const name = /password_wo {9}= var\.([a-z0-9_]+)_password/.exec(importsText)?.[1];
    expect(name).toBeDefined();
    const generated = readFileSync(path.join(dir, "generated.tf"), "utf8");
    const withPassword = generated.replace(
      new RegExp(
        `(resource "voximplant_sip_registration" "${name}" \\{[^}]*?)  password_wo +?= null\\n  ` +
          `password_wo_version +?= null\\n`,
      ),
      `$1  password_wo         = var.${name}_password\n  password_wo_version = 1\n`,
    );
    expect(withPassword).not.toBe(generated);
    stack.writeFiles(dir, {
      "generated.tf": withPassword,
      "password.tf": `variable "${name}_password" { sensitive = true }\n`,
    });
    const env = { [`TF_VAR_${name}_password`]: "adopted-secret-9Zt" };
    const plan = stack.expectOk(await stack.plan(dir, [], { env }), "plan");
    expect(plan.stdout).toContain("Plan: 0 to add, 1 to change, 0 to destroy.");
    await stack.resetCalls();
    stack.expectOk(await stack.apply(dir, [], { env }), "apply");
    expect((await stack.calls()).byMethod.UpdateSipRegistration).toBe(1);
    expect(readFileSync(path.join(dir, "terraform.tfstate"), "utf8")).not.toContain("adopted-secret-9Zt");
    const after = await stack.plan(dir, ["-detailed-exitcode"], { env });
    expect(after.code).toBe(0);
  });
});
