// voximplant_sip_registration with the real terraform binary against the emulator: create, an
// empty second plan, every in-place change as exactly the API calls it needs, replacement, the
// write-only password, destroy. Each step asserts terraform's output AND the emulator's call log.
import { startStack, readWorkFile, type Stack } from "../../support";
import type { CallLogEntry } from "../../../src/emulator/calllog";

let stack: Stack;
let dir: string;

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

const WRITES = new Set([
  "CreateSipRegistration",
  "UpdateSipRegistration",
  "BindSipRegistration",
  "DeleteSipRegistration",
]);

/** The write calls since the last resetCalls(), as [method, params]. */
async function writes(): Promise<Array<[string, Record<string, string>]>> {
  const log: CallLogEntry[] = await stack.callLog();
  return log.filter((e) => WRITES.has(e.method)).map((e) => [e.method, e.params]);
}

interface Config {
  sip_username?: string;
  proxy?: string;
  auth_user?: string;
  outbound_proxy?: string;
  password_wo?: string;
  password_wo_version?: number;
  application_name?: string;
  rule_name?: string;
  user_name?: string;
  is_persistent?: boolean;
}

const BASE: Config = {
  sip_username: "alice",
  proxy: "sip.example.com",
  auth_user: "alice-auth",
  outbound_proxy: "edge.example.com",
  password_wo: "wo-secret-1",
  password_wo_version: 1,
  application_name: "demo-app",
  rule_name: "demo-rule",
  user_name: "demo-user",
};

function hcl(c: Config): string {
  const lines = Object.entries(c)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${k} = ${JSON.stringify(v)}`);
  return (
    `resource "voximplant_sip_registration" "main" {\n${lines.join("\n")}\n}\n\noutput "application_id" {\n  ` +
    `value = voximplant_sip_registration.main.application_id\n}\n`
  );
}

async function applyConfig(c: Config): Promise<string> {
  stack.writeFiles(dir, { "main.tf": hcl(c) });
  await stack.resetCalls();
  return stack.text(stack.expectOk(await stack.apply(dir)));
}

async function expectCleanPlan(): Promise<void> {
  const p = await stack.plan(dir, ["-detailed-exitcode"]);
  if (p.code !== 0) throw new Error(`plan is not empty (exit ${p.code}):\n${stack.text(p)}`);
  expect(stack.text(p)).toMatch(/No changes/);
}

async function registration(): Promise<Record<string, unknown>> {
  return stack.resource(dir, "voximplant_sip_registration.main");
}

describe("voximplant_sip_registration lifecycle", () => {
  let id = "";

  it("creates the registration with one CreateSipRegistration", async () => {
    dir = stack.workdir({ "main.tf": hcl(BASE) });
    const out = await applyConfig(BASE);
    expect(out).toMatch(/voximplant_sip_registration\.main: Creation complete/);
    expect(out).toMatch(/Apply complete! Resources: 1 added, 0 changed, 0 destroyed/);
    const calls = await writes();
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe("CreateSipRegistration");
    expect(calls[0]![1]).toMatchObject({
      sip_username: "alice",
      proxy: "sip.example.com",
      auth_user: "alice-auth",
      outbound_proxy: "edge.example.com",
      password: "***",
      application_id: "1",
      rule_id: "1",
      user_id: "1",
    });
    const r = await registration();
    id = r.id as string;
    expect(r).toMatchObject({
      application_name: "demo-app",
      application_id: 1,
      rule_id: 1,
      user_id: 1,
      successful: true,
      status_code: 200,
    });
    expect(await stack.outputs(dir)).toEqual({ application_id: 1 });
  });

  it("plans no changes right after apply", async () => {
    await stack.resetCalls();
    await expectCleanPlan();
    expect(await writes()).toEqual([]);
  });

  it("keeps the write-only password out of the state file and the plan", async () => {
    const stateText = readWorkFile(dir, "terraform.tfstate");
    expect(stateText).not.toContain("wo-secret-1");
    expect((await registration()).password_wo).toBeNull();
    const emu = await stack.emulatorState();
    expect(emu.registrations.find((r) => String(r.sip_registration_id) === id)?.password_set).toBe(true);
  });

  it.each<[string, Config, Record<string, string>]>([
    ["sip_username", { sip_username: "alice2" }, { sip_username: "alice2" }],
    ["proxy", { proxy: "sip2.example.com:5070" }, { proxy: "sip2.example.com:5070" }],
    ["auth_user", { auth_user: "alice-auth-2" }, { auth_user: "alice-auth-2" }],
    ["outbound_proxy", { outbound_proxy: "edge2.example.com" }, { outbound_proxy: "edge2.example.com" }],
    ["password_wo_version", { password_wo: "wo-secret-2", password_wo_version: 2 }, { password: "***" }],
  ])("changing %s is exactly one UpdateSipRegistration carrying only that field", async (_field, change, params) => {
    Object.assign(BASE, change);
    const out = await applyConfig(BASE);
    expect(out).toMatch(/will be updated in-place/);
    expect(out).toMatch(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect(await writes()).toEqual([["UpdateSipRegistration", { sip_registration_id: id, ...params }]]);
    expect((await registration()).id).toBe(id);
    await expectCleanPlan();
  });

  it("sends a new write-only password only when its version changes", async () => {
    stack.writeFiles(dir, { "main.tf": hcl({ ...BASE, password_wo: "changed-but-same-version" }) });
    await expectCleanPlan();
    stack.writeFiles(dir, { "main.tf": hcl(BASE) });
  });

  it("rebinds the rule with BindSipRegistration only", async () => {
    await applyConfig({ ...BASE, rule_name: "demo-rule-2" });
    expect(await writes()).toEqual([
      ["BindSipRegistration", { sip_registration_id: id, application_id: "1", rule_id: "2", bind: "true" }],
    ]);
    expect(await registration()).toMatchObject({ rule_id: 2, rule_name: "demo-rule-2" });
    BASE.rule_name = "demo-rule-2";
    await expectCleanPlan();
  });

  it("rebinds the user with BindSipRegistration only", async () => {
    await applyConfig({ ...BASE, user_name: "demo-user-2" });
    expect(await writes()).toEqual([
      ["BindSipRegistration", { sip_registration_id: id, application_id: "1", user_id: "2", bind: "true" }],
    ]);
    BASE.user_name = "demo-user-2";
    await expectCleanPlan();
  });

  it("rebinds the application (with its rule and user) with one BindSipRegistration", async () => {
    Object.assign(BASE, { application_name: "demo-app-2", rule_name: "demo-app-2-rule", user_name: "demo-app-2-user" });
    const out = await applyConfig(BASE);
    expect(out).toMatch(/application_id\s+= 1 -> \(known after apply\)/);
    expect(await writes()).toEqual([
      [
        "BindSipRegistration",
        { sip_registration_id: id, application_id: "2", rule_id: "3", user_id: "3", bind: "true" },
      ],
    ]);
    expect(await registration()).toMatchObject({
      application_id: 2,
      application_name: "demo-app-2",
      rule_id: 3,
      user_id: 3,
    });
    expect(await stack.outputs(dir)).toEqual({ application_id: 2 });
    await expectCleanPlan();
  });

  it("unbinds a removed user, then a removed application", async () => {
    const noUser: Config = { ...BASE, user_name: undefined };
    const out = await applyConfig(noUser);
    expect(out).toMatch(/user_id\s+= 3 -> null/);
    expect(await writes()).toEqual([["BindSipRegistration", { sip_registration_id: id, user_id: "3", bind: "false" }]]);
    expect(await registration()).toMatchObject({ user_id: null, user_name: null, rule_id: 3 });
    await expectCleanPlan();

    const unbound: Config = { ...noUser, application_name: undefined, rule_name: undefined };
    await applyConfig(unbound);
    expect(await writes()).toEqual([
      ["BindSipRegistration", { sip_registration_id: id, application_id: "2", bind: "false" }],
    ]);
    expect(await registration()).toMatchObject({
      application_id: null,
      application_name: null,
      rule_id: null,
      rule_name: null,
    });
    const emu = await stack.emulatorState();
    expect(emu.registrations.find((r) => String(r.sip_registration_id) === id)).not.toHaveProperty("application_id");
    Object.assign(BASE, { application_name: undefined, rule_name: undefined, user_name: undefined });
    await expectCleanPlan();
  });

  it("replaces the registration when is_persistent changes", async () => {
    const out = await applyConfig({ ...BASE, is_persistent: false });
    expect(out).toMatch(/must be replaced/);
    expect(out).toMatch(/is_persistent\s+= true -> false # forces replacement/);
    expect(out).toMatch(/Resources: 1 added, 0 changed, 1 destroyed/);
    const calls = await writes();
    expect(calls.map(([m]) => m)).toEqual(["DeleteSipRegistration", "CreateSipRegistration"]);
    expect(calls[0]![1]).toEqual({ sip_registration_id: id });
    expect(calls[1]![1]).toMatchObject({ is_persistent: "false", password: "***" });
    const r = await registration();
    expect(r.id).not.toBe(id);
    expect(r.is_persistent).toBe(false);
    const emu = await stack.emulatorState();
    expect(emu.registrations.map((x) => String(x.sip_registration_id))).toEqual([r.id]);
    BASE.is_persistent = false;
    id = r.id as string;
    await expectCleanPlan();
  });

  it("replaces the registration when a field the API cannot clear is removed", async () => {
    const out = await applyConfig({ ...BASE, outbound_proxy: undefined });
    expect(out).toMatch(/outbound_proxy\s+= "edge2\.example\.com" -> null # forces replacement/);
    expect((await writes()).map(([m]) => m)).toEqual(["DeleteSipRegistration", "CreateSipRegistration"]);
    const r = await registration();
    expect(r.outbound_proxy).toBeNull();
    id = r.id as string;
  });

  it("destroy removes everything", async () => {
    await stack.resetCalls();
    const out = stack.text(stack.expectOk(await stack.destroy(dir)));
    expect(out).toMatch(/Destroy complete! Resources: 1 destroyed/);
    expect(await writes()).toEqual([["DeleteSipRegistration", { sip_registration_id: id }]]);
    expect((await stack.emulatorState()).registrations).toEqual([]);
  });
});
