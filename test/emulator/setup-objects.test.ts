// Scenarios, rule scenarios and order, and the Set*Info calls of applications, rules and users:
// parameters, error codes, partial name filters, paging, roles, cascades, faults and durability.

import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expectError, Harness, signToken, type Creds, type Row } from "./helpers";

const scenarioNames = (rule: Row): unknown[] =>
  ((rule.scenarios as Row[] | undefined) ?? []).map((s) => s.scenario_name);

describe("setup objects: scenarios, rules, Set*Info", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ seed: true });
  });
  afterEach(() => h.close());

  const addScenario = async (
    name: string,
    script = "VoxEngine.addEventListener(AppEvents.Started, () => {});",
  ): Promise<number> =>
    (await h.ok("AddScenario", { scenario_name: name, scenario_script: script })).scenario_id as number;
  const rule = async (id: number, appId = 1): Promise<Row> =>
    (await h.rows("GetRules", { application_id: appId, rule_id: id, with_scenarios: true }))[0] as Row;

  describe("scenarios", () => {
    it("AddScenario, GetScenarios (partial case-insensitive name, script only with scenario_id, paging)", async () => {
      const a = await addScenario("Inbound", "// a");
      const b = await addScenario("outbound", "// b");
      await addScenario("other");
      expect((await h.rows("GetScenarios", { scenario_name: "BOUND" })).map((s) => s.scenario_id)).toEqual([a, b]);
      const one = await h.rows("GetScenarios", { scenario_id: a, with_script: true });
      expect(one).toEqual([
        {
          scenario_id: a,
          scenario_name: "Inbound",
          scenario_script: "// a",
          modified: expect.any(String),
          parent: false,
        },
      ]);
      expect((await h.rows("GetScenarios", { with_script: true }))[0]).not.toHaveProperty("scenario_script");
      const page = await h.ok("GetScenarios", { count: 2, offset: 1 });
      expect(page).toMatchObject({ total_count: 3, count: 2 });
      expect((page.result as Row[]).map((s) => s.scenario_name)).toEqual(["outbound", "other"]);
    });

    it(
      "AddScenario errors: 485 missing name, 168 bad name, 499 too long, 133 taken; " + "rewrite replaces the script",
      async () => {
        expectError(await h.call("AddScenario", {}), 485, "scenario_name");
        expectError(await h.call("AddScenario", { scenario_name: "a;b" }), 168, "scenario_name");
        expectError(await h.call("AddScenario", { scenario_name: "x".repeat(30) }), 499, "scenario_name");
        expectError(
          await h.call("AddScenario", { scenario_name: "big", scenario_script: "x".repeat(131072) }),
          499,
          "scenario_script",
        );
        const id = await addScenario("main", "// v1");
        expectError(
          await h.call("AddScenario", { scenario_name: "main", scenario_script: "// v2" }),
          133,
          "scenario_name",
        );
        expect(
          (await h.ok("AddScenario", { scenario_name: "main", scenario_script: "// v2", rewrite: true })).scenario_id,
        ).toBe(id);
        expect((await h.rows("GetScenarios", { scenario_id: id, with_script: true }))[0]?.scenario_script).toBe(
          "// v2",
        );
      },
    );

    it("SetScenarioInfo renames and replaces the script; unknown → 132, taken → 133", async () => {
      const id = await addScenario("first", "// 1");
      await addScenario("second");
      await h.ok("SetScenarioInfo", { scenario_id: id, scenario_name: "renamed", scenario_script: "// 2" });
      expect(await h.rows("GetScenarios", { scenario_id: id, with_script: true })).toEqual([
        expect.objectContaining({ scenario_name: "renamed", scenario_script: "// 2" }),
      ]);
      await h.ok("SetScenarioInfo", { required_scenario_name: "renamed", scenario_script: "// 3" });
      expect((await h.rows("GetScenarios", { scenario_id: id, with_script: true }))[0]?.scenario_script).toBe("// 3");
      expectError(await h.call("SetScenarioInfo", { scenario_id: 999, scenario_name: "x" }), 132, "scenario_id");
      expectError(await h.call("SetScenarioInfo", { scenario_id: id, scenario_name: "second" }), 133, "scenario_name");
      expectError(await h.call("SetScenarioInfo", { scenario_name: "x" }), 485, "scenario_id");
    });

    it(
      "AddRule binds scenarios in order; BindScenario appends and unbinds; " + "ReorderScenarios needs the exact set",
      async () => {
        const s1 = await addScenario("s1");
        const s2 = await addScenario("s2");
        const s3 = await addScenario("s3");
        const r = (
          await h.ok("AddRule", {
            application_id: 1,
            rule_name: "routed",
            rule_pattern: "^1\\d{3}$",
            scenario_id: `${s2};${s1}`,
          })
        ).rule_id as number;
        expect(scenarioNames(await rule(r))).toEqual(["s2", "s1"]);
        await h.ok("BindScenario", { application_id: 1, rule_id: r, scenario_id: `${s3};${s1}` });
        expect(scenarioNames(await rule(r))).toEqual(["s2", "s1", "s3"]);
        await h.ok("BindScenario", { application_id: 1, rule_id: r, scenario_name: "s2", bind: false });
        expect(scenarioNames(await rule(r))).toEqual(["s1", "s3"]);
        await h.ok("ReorderScenarios", { rule_id: r, scenario_id: `${s3};${s1}` });
        expect(scenarioNames(await rule(r))).toEqual(["s3", "s1"]);
        expectError(await h.call("ReorderScenarios", { rule_id: r, scenario_id: `${s3}` }), 496, "scenario_id");
        expectError(await h.call("BindScenario", { application_id: 2, rule_id: r, scenario_id: s1 }), 147, "rule_id");
        expectError(
          await h.call("BindScenario", { application_id: 1, rule_id: r, scenario_id: 999 }),
          132,
          "scenario_id",
        );
        expectError(
          await h.call("AddRule", { application_id: 1, rule_name: "x", rule_pattern: ".*", scenario_id: 999 }),
          132,
        );
      },
    );

    it("DelScenario removes the scenario from every rule; unknown → 132", async () => {
      const s1 = await addScenario("s1");
      const s2 = await addScenario("s2");
      const r = (
        await h.ok("AddRule", {
          application_id: 1,
          rule_name: "routed",
          rule_pattern: ".*",
          scenario_id: `${s1};${s2}`,
        })
      ).rule_id as number;
      await h.ok("DelScenario", { scenario_id: s1 });
      expect(scenarioNames(await rule(r))).toEqual(["s2"]);
      expectError(await h.call("DelScenario", { scenario_id: s1 }), 132, "scenario_id");
      await h.ok("DelScenario", { scenario_name: "s2" });
      expect(await h.rows("GetScenarios")).toEqual([]);
    });

    it("with ruleRequiresScenario, AddRule without a scenario answers 375", async () => {
      await h.admin("/config", { body: { ruleRequiresScenario: true } });
      expectError(
        await h.call("AddRule", { application_id: 1, rule_name: "x", rule_pattern: ".*" }),
        375,
        "scenario_id",
      );
    });
  });

  describe("rules", () => {
    it("SetRuleInfo changes only what is given; bad pattern → 148, taken name → 175", async () => {
      await h.ok("SetRuleInfo", { rule_id: 1, rule_pattern: "^1\\d{3}$", video_conference: true });
      expect(await rule(1)).toMatchObject({
        rule_name: "demo-rule",
        rule_pattern: "^1\\d{3}$",
        video_conference: true,
      });
      await h.ok("SetRuleInfo", { rule_id: 1, rule_name: "renamed", rule_pattern_exclude: "^10" });
      expect(await rule(1)).toMatchObject({
        rule_name: "renamed",
        rule_pattern: "^1\\d{3}$",
        rule_pattern_exclude: "^10",
      });
      expectError(await h.call("SetRuleInfo", { rule_id: 1, rule_pattern: "(" }), 148, "rule_pattern");
      expectError(await h.call("SetRuleInfo", { rule_id: 1, rule_name: "demo-rule-2" }), 175, "rule_name");
      expectError(await h.call("SetRuleInfo", { rule_id: 99, rule_name: "x" }), 147, "rule_id");
    });

    it("GetRules lists in routing order; ReorderRules puts the listed rules first", async () => {
      const order = async (): Promise<unknown[]> =>
        (await h.rows("GetRules", { application_id: 1 })).map((r) => r.rule_id);
      const r4 = (await h.ok("AddRule", { application_id: 1, rule_name: "third", rule_pattern: ".*" }))
        .rule_id as number;
      expect(await order()).toEqual([1, 2, r4]);
      await h.ok("ReorderRules", { rule_id: `${r4};2` });
      expect(await order()).toEqual([r4, 2, 1]);
      expect((await h.rows("GetApplications", { application_id: 1, with_rules: true }))[0]?.rules).toEqual([
        expect.objectContaining({ rule_id: r4 }),
        expect.objectContaining({ rule_id: 2 }),
        expect.objectContaining({ rule_id: 1 }),
      ]);
      expectError(await h.call("ReorderRules", { rule_id: "1;3" }), 496, "rule_id");
      expectError(await h.call("ReorderRules", { rule_id: "77" }), 147, "rule_id");
    });
  });

  describe("applications and users", () => {
    it(
      "SetApplicationInfo renames (full name answered) and sets secure_record_storage; " + "taken → 129, bad → 107",
      async () => {
        const body = await h.ok("SetApplicationInfo", {
          application_id: 1,
          application_name: "pbx",
          secure_record_storage: true,
        });
        expect(body).toEqual({
          result: 1,
          application_name: "pbx.emulator.voximplant.com",
          secure_record_storage: true,
        });
        expect((await h.rows("GetApplications", { application_name: "pbx" }))[0]).toMatchObject({
          application_id: 1,
          secure_record_storage: true,
        });
        expectError(
          await h.call("SetApplicationInfo", { application_id: 1, application_name: "demo-app-2" }),
          129,
          "application_name",
        );
        expectError(
          await h.call("SetApplicationInfo", { application_id: 1, application_name: "Bad!" }),
          107,
          "application_name",
        );
        expectError(
          await h.call("SetApplicationInfo", { application_id: 42, application_name: "zzz" }),
          116,
          "application_id",
        );
        await h.ok("SetApplicationInfo", { required_application_name: "pbx", secure_record_storage: false });
        expect((await h.rows("GetApplications", { application_id: 1 }))[0]?.secure_record_storage).toBe(false);
      },
    );

    it("deleting an application takes its scenarios, rules, users and every registration binding with it", async () => {
      const appScenario = (await h.ok("AddScenario", { scenario_name: "app-only", application_id: 1 }))
        .scenario_id as number;
      const shared = await addScenario("shared");
      expect((await h.rows("GetApplications", { application_id: 1, with_scenarios: true }))[0]?.scenarios).toEqual([
        expect.objectContaining({ scenario_id: appScenario }),
      ]);
      const reg = await h.create({ application_id: 1, rule_id: 1, user_id: 1 });
      await h.ok("DelApplication", { application_id: 1 });
      expect((await h.rows("GetScenarios")).map((s) => s.scenario_id)).toEqual([shared]);
      expect(await h.registration(reg)).not.toHaveProperty("application_id");
      expect(await h.registration(reg)).not.toHaveProperty("user_id");
    });

    it("GetUsers takes application_id and application_name together when they agree (Node client)", async () => {
      const both = await h.rows("GetUsers", { application_id: 1, application_name: "demo-app", user_id: 1 });
      expect(both.map((u) => u.user_name)).toEqual(["demo-user"]);
      expectError(
        await h.call("GetUsers", { application_id: 1, application_name: "demo-app-2" }),
        458,
        "application_name",
      );
    });

    it("SetUserInfo updates fields and the name; errors name the field", async () => {
      await h.ok("SetUserInfo", {
        user_id: 1,
        user_display_name: "Front desk",
        user_active: false,
        user_custom_data: "{}",
        user_password: "Cc3#cccccc",
      });
      expect((await h.rows("GetUsers", { application_id: 1, user_id: 1 }))[0]).toMatchObject({
        user_name: "demo-user",
        user_display_name: "Front desk",
        user_active: false,
        user_custom_data: "{}",
      });
      expect(JSON.stringify(await h.rows("GetUsers", { application_id: 1, user_id: 1 }))).not.toContain("Cc3#");
      await h.ok("SetUserInfo", { user_name: "demo-user", application_id: 1, new_user_name: "front-desk" });
      expect((await h.rows("GetUsers", { application_id: 1, user_name: "front" })).map((u) => u.user_id)).toEqual([1]);
      expectError(await h.call("SetUserInfo", { user_id: 1, new_user_name: "demo-user-2" }), 118, "new_user_name");
      expectError(await h.call("SetUserInfo", { user_id: 1, new_user_name: "X" }), 462, "new_user_name");
      expectError(await h.call("SetUserInfo", { user_id: 1, user_password: "weak" }), 496, "user_password");
      expectError(
        await h.call("SetUserInfo", { user_id: 1, user_display_name: "x".repeat(256) }),
        157,
        "user_display_name",
      );
      expectError(
        await h.call("SetUserInfo", { user_id: 1, user_custom_data: "x".repeat(8192) }),
        212,
        "user_custom_data",
      );
      expectError(await h.call("SetUserInfo", { user_id: 3, application_id: 1, user_active: true }), 393, "user_id");
      expectError(await h.call("SetUserInfo", { user_id: 99, user_active: true }), 117, "user_id");
    });
  });

  it("enforces the roles of every new call (104)", async () => {
    const keyFor = async (roles: string[]): Promise<string> =>
      `Bearer ${await signToken((await h.admin("/keys", { body: { roles } })).body as Creds)}`;
    const dev = await keyFor(["Developer"]);
    const support = await keyFor(["Support"]);
    const userManager = await keyFor(["User manager"]);
    expectError(await h.call("SetApplicationInfo", { application_id: 1, secure_record_storage: true }, dev), 104);
    expect((await h.call("AddScenario", { scenario_name: "by-dev" }, dev)).error).toBeUndefined();
    expect((await h.call("SetRuleInfo", { rule_id: 1, video_conference: true }, dev)).error).toBeUndefined();
    expect((await h.call("GetScenarios", {}, support)).error).toBeUndefined();
    for (const method of [
      "AddScenario",
      "SetScenarioInfo",
      "DelScenario",
      "BindScenario",
      "ReorderScenarios",
      "SetRuleInfo",
      "ReorderRules",
      "SetUserInfo",
    ]) {
      expectError(await h.call(method, {}, support), 104);
    }
    expectError(await h.call("SetUserInfo", { user_id: 1, user_active: true }, dev), 104);
    expect((await h.call("SetUserInfo", { user_id: 1, user_active: true }, userManager)).error).toBeUndefined();
  });

  it("a lost AddScenario response still created exactly one scenario (drop_after_commit)", async () => {
    await h.admin("/faults", { body: { method: "AddScenario", fault: "drop_after_commit", count: 1 } });
    await expect(h.call("AddScenario", { scenario_name: "lost" })).rejects.toThrow();
    expect((await h.rows("GetScenarios", { scenario_name: "lost" })).length).toBe(1);
  });
});

describe("setup objects: durability", () => {
  it("scenarios, rule scenario lists and rule order survive a restart", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "emu-setup-"));
    try {
      const statePath = path.join(dir, "state.json");
      const h = await Harness.start({ statePath, seed: true });
      const sc = (await h.ok("AddScenario", { scenario_name: "kept", scenario_script: "// kept" }))
        .scenario_id as number;
      await h.ok("BindScenario", { application_id: 1, rule_id: 2, scenario_id: sc });
      await h.ok("ReorderRules", { rule_id: "2" });
      const before = (await h.admin("/state")).body;
      await h.close();
      const again = await Harness.start({ statePath, seed: true });
      try {
        expect((await again.admin("/state")).body).toEqual(before);
        expect(
          (await again.rows("GetRules", { application_id: 1, with_scenarios: true })).map((r) => [
            r.rule_id,
            scenarioNames(r),
          ]),
        ).toEqual([
          [2, ["kept"]],
          [1, []],
        ]);
        expect((await again.ok("AddScenario", { scenario_name: "next" })).scenario_id).toBe(sc + 1);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
