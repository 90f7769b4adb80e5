// The typed calls of applications, scenarios, rules and users against the emulator over real HTTP:
// parameters reach the server under the API's names, answers are typed, exact-name helpers do
// not trust the server's substring filters, and Add* calls are never retried blindly.

import { ApiError, ClientValidationError, TransportError, VoximplantClient } from "../../../src/api";
import { callsOf, clientFor, fault, startEmulator, type Emu } from "./emu";

describe("VoximplantClient ↔ emulator: setup objects", () => {
  let emu: Emu;
  let c: VoximplantClient;
  let appId: number;

  beforeAll(async () => {
    emu = await startEmulator({ seed: false });
    c = clientFor(emu);
    appId = (await c.addApplication({ application_name: "setup-app" })).application_id;
  });
  afterAll(async () => {
    await c.destroy();
    await emu.close();
  });

  it("applications: rename in place, exact short-name lookup", async () => {
    const { application_id } = await c.addApplication({ application_name: "setup-app-two" });
    const renamed = await c.setApplicationInfo({
      application_id,
      application_name: "setup-b",
      secure_record_storage: true,
    });
    expect(renamed).toMatchObject({
      result: 1,
      application_name: expect.stringMatching(/^setup-b\./),
      secure_record_storage: true,
    });
    // "setup-app" is a substring of nothing else now, "setup" of both: exact lookup finds one each
    expect((await c.findApplicationsByShortName("setup-b")).map((a) => a.application_id)).toEqual([application_id]);
    expect(await c.findApplicationsByShortName("setup")).toEqual([]);
    await c.delApplication({ application_id });
  });

  it("scenarios: add, exact-name find, script read, update, delete", async () => {
    const script = "// ąč ✓ & ; = + %\nVoxEngine.addEventListener(AppEvents.CallAlerting, (e) => e.call.answer());";
    const { scenario_id } = await c.addScenario({ scenario_name: "inbound", scenario_script: script });
    await c.addScenario({ scenario_name: "inbound-2" });
    expect((await c.findScenariosByName("inbound")).map((s) => s.scenario_id)).toEqual([scenario_id]);
    expect(await c.getScenarioWithScript(scenario_id)).toMatchObject({
      scenario_name: "inbound",
      scenario_script: script,
    });
    await c.setScenarioInfo({ scenario_id, scenario_script: "// v2" });
    expect((await c.getScenarioWithScript(scenario_id))?.scenario_script).toBe("// v2");
    await c.delScenario({ scenario_id });
    expect(await c.getScenarioWithScript(scenario_id)).toBeNull();
  });

  it("rules: scenarios bound in order, changed with BindScenario / ReorderScenarios, rules reordered", async () => {
    const a = (await c.addScenario({ scenario_name: "ra" })).scenario_id;
    const b = (await c.addScenario({ scenario_name: "rb" })).scenario_id;
    const { rule_id } = await c.addRule({
      application_id: appId,
      rule_name: "r1",
      rule_pattern: "^1\\d{3}$",
      scenario_id: [b, a],
    });
    const ids = async (): Promise<number[]> =>
      ((await c.findRulesByName(appId, "r1"))[0]?.scenarios ?? []).map((s) => s.scenario_id);
    expect(await ids()).toEqual([b, a]);
    await c.reorderScenarios({ rule_id, scenario_id: [a, b] });
    expect(await ids()).toEqual([a, b]);
    await c.bindScenario({ application_id: appId, rule_id, scenario_id: [a], bind: false });
    expect(await ids()).toEqual([b]);
    await c.setRuleInfo({ rule_id, rule_pattern_exclude: "^10" });
    expect((await c.findRulesByName(appId, "r1"))[0]).toMatchObject({
      rule_pattern: "^1\\d{3}$",
      rule_pattern_exclude: "^10",
    });
    const second = (await c.addRule({ application_id: appId, rule_name: "r2", rule_pattern: ".*" })).rule_id;
    await c.reorderRules({ rule_id: [second, rule_id] });
    const order: number[] = [];
    for await (const r of c.listRules({ application_id: appId })) order.push(r.rule_id);
    expect(order).toEqual([second, rule_id]);
  });

  it("users: SetUserInfo changes fields; the password never appears in errors", async () => {
    const { user_id } = await c.addUser({
      application_id: appId,
      user_name: "u-one",
      user_display_name: "U",
      user_password: "Aa1!aaaaaa",
    });
    await c.setUserInfo({ user_id, user_display_name: "Reception", user_active: false, user_custom_data: "x=1" });
    expect((await c.findUsersByName(appId, "u-one"))[0]).toMatchObject({
      user_display_name: "Reception",
      user_active: false,
      user_custom_data: "x=1",
    });
    const err = await c.setUserInfo({ user_id, user_password: "weak-Secret" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(496);
    expect(String((err as ApiError).message)).not.toContain("weak-Secret");
  });

  it("local checks: required parameters and id/name pairs, before any request", async () => {
    const before = await callsOf(emu, "BindScenario");
    await expect(c.bindScenario({ application_id: appId, scenario_id: [1] })).rejects.toBeInstanceOf(
      ClientValidationError,
    );
    await expect(c.setApplicationInfo({ application_id: 1, required_application_name: "x" })).rejects.toBeInstanceOf(
      ClientValidationError,
    );
    await expect(c.setScenarioInfo({ scenario_name: "x" })).rejects.toBeInstanceOf(ClientValidationError);
    expect(await callsOf(emu, "BindScenario")).toBe(before);
  });

  it(
    "a lost AddScenario / AddApplication / AddRule / AddUser answer is reported as " +
      "possibly committed, not retried",
    async () => {
      const cases: [string, () => Promise<unknown>][] = [
        ["AddScenario", () => c.addScenario({ scenario_name: "lost-sc" })],
        ["AddApplication", () => c.addApplication({ application_name: "lost-app" })],
        ["AddRule", () => c.addRule({ application_id: appId, rule_name: "lost-rule", rule_pattern: ".*" })],
        [
          "AddUser",
          () =>
            c.addUser({
              application_id: appId,
              user_name: "lost-user",
              user_display_name: "L",
              user_password: "Aa1!aaaaaa",
            }),
        ],
      ];
      for (const [method, run] of cases) {
        const before = await callsOf(emu, method);
        await fault(emu, { method, fault: "drop_after_commit", count: 1 });
        const err = await run().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TransportError);
        expect((err as TransportError).mayHaveCommitted).toBe(true);
        expect(await callsOf(emu, method)).toBe(before + 1);
      }
      expect(await c.findScenariosByName("lost-sc")).toHaveLength(1);
      expect(await c.findApplicationsByShortName("lost-app")).toHaveLength(1);
      expect(await c.findRulesByName(appId, "lost-rule")).toHaveLength(1);
      expect(await c.findUsersByName(appId, "lost-user")).toHaveLength(1);
    },
  );
});
