// Out-of-band changes and deletes of each setup resource (application, scenario, rule, user) with
// the real terraform against the emulator: `plan -refresh-only -detailed-exitcode` reports them
// (exit 2, every time), apply repairs them with exactly the calls needed, and afterwards both the
// refresh-only plan and the plan exit 0. The configuration is the four resource pages' examples.

import type { CallLogEntry } from "../../../src/emulator/calllog";
import { snippetsRunBy } from "../../docs/snippets";
import { startStack, type Stack } from "../../support";

jest.setTimeout(240_000);

let stack: Stack;
let dir: string;
beforeAll(async () => {
  stack = await startStack({ seed: false });
  dir = stack.workdir(Object.fromEntries(snippetsRunBy("resource-docs-apply").map((s, i) => [`doc${i}.tf`, s.text])));
  stack.expectOk(await stack.apply(dir), "terraform apply");
});
afterAll(async () => {
  if (dir !== undefined) stack.expectOk(await stack.destroy(dir), "terraform destroy");
  const st = await stack.emulatorState();
  expect([st.applications, st.scenarios, st.rules, st.users]).toEqual([[], [], [], []]);
  await stack?.close();
});

async function writes(): Promise<string[]> {
  const log: CallLogEntry[] = await stack.callLog();
  return log.filter((e) => !/^Get/.test(e.method)).map((e) => e.method);
}

async function planExit(args: string[] = []): Promise<number> {
  return (await stack.plan(dir, ["-detailed-exitcode", ...args])).code;
}

async function ids(): Promise<{ app: number; scenario: number; rule: number; user: number }> {
  const r = (address: string, key: string) => stack.resource(dir, address).then((v) => v[key] as number);
  return {
    app: await r("voximplant_application.pbx", "application_id"),
    scenario: await r("voximplant_scenario.inbound", "scenario_id"),
    rule: await r("voximplant_rule.extensions", "rule_id"),
    user: await r("voximplant_user.reception", "user_id"),
  };
}

describe("setup resources changed outside Terraform", () => {
  it("an application, rule and user changed by hand: reported, then repaired with Set* calls only", async () => {
    const id = await ids();
    const c = stack.client;
    await c.setApplicationInfo({ application_id: id.app, application_name: "renamed-by-hand" });
    await c.setRuleInfo({ rule_id: id.rule, rule_pattern: "^9$" });
    await c.setUserInfo({ user_id: id.user, user_display_name: "Changed by hand" });
    for (let i = 0; i < 2; i++) expect(await planExit(["-refresh-only"])).toBe(2);
    await stack.resetCalls();
    const out = stack.expectOk(await stack.apply(dir), "terraform apply");
    expect(out.stdout).toMatch(/0 added, 3 changed, 0 destroyed/);
    expect((await writes()).sort()).toEqual(["SetApplicationInfo", "SetRuleInfo", "SetUserInfo"]);
    for (let i = 0; i < 2; i++) expect(await planExit(["-refresh-only"])).toBe(0);
    expect(await planExit()).toBe(0);
  });

  it("a scenario and a rule deleted by hand: reported, then created again", async () => {
    const id = await ids();
    await stack.client.delRule({ rule_id: id.rule });
    await stack.client.delScenario({ scenario_id: id.scenario });
    for (let i = 0; i < 2; i++) expect(await planExit(["-refresh-only"])).toBe(2);
    await stack.resetCalls();
    const out = stack.expectOk(await stack.apply(dir), "terraform apply");
    expect(out.stdout).toMatch(/2 added, 0 changed, 0 destroyed/);
    expect((await writes()).sort()).toEqual(["AddRule", "AddScenario"]);
    const rule = await stack.resource(dir, "voximplant_rule.extensions");
    expect(rule.scenario_ids).toEqual([(await ids()).scenario]);
    expect(await planExit(["-refresh-only"])).toBe(0);
    expect(await planExit()).toBe(0);
  });

  it("an application deleted by hand (its rules and users go with it): reported, then all created again", async () => {
    const id = await ids();
    await stack.client.delApplication({ application_id: id.app });
    for (let i = 0; i < 2; i++) expect(await planExit(["-refresh-only"])).toBe(2);
    await stack.resetCalls();
    const out = stack.expectOk(await stack.apply(dir), "terraform apply");
    expect(out.stdout).toMatch(/3 added, 0 changed, 0 destroyed/);
    expect((await writes()).sort()).toEqual(["AddApplication", "AddRule", "AddUser"]);
    expect(await planExit(["-refresh-only"])).toBe(0);
    expect(await planExit()).toBe(0);
  });
});
