// Applications, rules and users: the lookup methods the provider resolves names with.

import { expectError, Harness, type Row } from "./helpers";

describe("applications, rules and users", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ seed: true });
  });
  afterEach(() => h.close());

  describe("applications", () => {
    it("AddApplication returns the full name; GetApplications lists and filters by partial name", async () => {
      const added = await h.ok("AddApplication", { application_name: "my-app", secure_record_storage: true });
      expect(added).toEqual({
        result: 1,
        application_id: 3,
        application_name: "my-app.emulator.voximplant.com",
        secure_record_storage: true,
      });
      const all = await h.ok("GetApplications");
      expect(all.total_count).toBe(3);
      expect(all.count).toBe(3);
      expect((await h.rows("GetApplications", { application_name: "demo" })).map((a) => a.application_id)).toEqual([
        1, 2,
      ]);
      const one = await h.rows("GetApplications", { application_id: 3 });
      expect(one[0]).toMatchObject({
        application_id: 3,
        application_name: "my-app.emulator.voximplant.com",
        secure_record_storage: true,
      });
      expect(String(one[0].modified)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      const withRules = await h.rows("GetApplications", { application_id: 1, with_rules: true });
      expect((withRules[0].rules as Row[]).map((r) => r.rule_name)).toEqual(["demo-rule", "demo-rule-2"]);
    });

    it("AddApplication errors: 485 missing, 107 bad name, 129 taken", async () => {
      expectError(await h.call("AddApplication"), 485, "application_name");
      expectError(await h.call("AddApplication", { application_name: "Bad_Name" }), 107, "application_name");
      expectError(await h.call("AddApplication", { application_name: "1abc" }), 107);
      expectError(await h.call("AddApplication", { application_name: "demo-app" }), 129, "application_name");
    });

    it("DelApplication by id or name; unknown → 116/558; 458 for both", async () => {
      expectError(await h.call("DelApplication"), 485, "application_id");
      expectError(await h.call("DelApplication", { application_id: 1, application_name: "demo-app" }), 458);
      expectError(await h.call("DelApplication", { application_id: "2;99" }), 116, "application_id");
      expect((await h.rows("GetApplications")).length).toBe(2);
      expectError(await h.call("DelApplication", { application_name: "nope" }), 558);
      await h.ok("DelApplication", { application_name: "demo-app-2" });
      expect((await h.rows("GetApplications")).map((a) => a.application_id)).toEqual([1]);
    });

    it("deleting an application clears registration bindings, its rules and users left in no application", async () => {
      const id = await h.create({ application_id: 1, rule_id: 1, user_id: 1 });
      await h.ok("DelApplication", { application_id: 1 });
      const r = await h.registration(id);
      expect(r).not.toHaveProperty("application_id");
      expect(r).not.toHaveProperty("rule_id");
      expect(r).not.toHaveProperty("user_id");
      const state = (await h.admin("/state")).body as { rules: Row[]; users: Row[] };
      expect(state.rules.map((x) => x.rule_id)).toEqual([3]);
      expect(state.users.map((x) => x.user_id)).toEqual([3]);
    });
  });

  describe("rules", () => {
    it("AddRule and GetRules (filters, template match, paging counters)", async () => {
      const added = await h.ok("AddRule", {
        application_id: 1,
        rule_name: "intl",
        rule_pattern: "\\+44\\d+",
        rule_pattern_exclude: "\\+440.*",
        video_conference: "1",
      });
      expect(added).toEqual({ result: 1, rule_id: 4 });
      const rules = await h.ok("GetRules", { application_name: "demo-app" });
      expect(rules.total_count).toBe(3);
      expect((rules.result as Row[]).find((r) => r.rule_id === 4)).toMatchObject({
        application_id: 1,
        rule_name: "intl",
        rule_pattern: "\\+44\\d+",
        rule_pattern_exclude: "\\+440.*",
        video_conference: true,
      });
      expect((await h.rows("GetRules", { application_id: 1, rule_name: "rule" })).map((r) => r.rule_id)).toEqual([
        1, 2,
      ]);
      expect((await h.rows("GetRules", { application_id: 1, template: "+4412345" })).map((r) => r.rule_id)).toEqual([
        1, 4,
      ]);
      expect((await h.rows("GetRules", { application_id: 1, template: "+440123" })).map((r) => r.rule_id)).toEqual([1]);
      expect((await h.rows("GetRules", { application_id: 1, video_conference: true })).map((r) => r.rule_id)).toEqual([
        4,
      ]);
      const page = await h.ok("GetRules", { application_id: 1, count: 1, offset: 1 });
      expect(page).toMatchObject({ count: 1, total_count: 3 });
    });

    it("AddRule errors in order", async () => {
      expectError(await h.call("AddRule", { application_id: "x" }), 101, "application_id");
      expectError(await h.call("AddRule", { application_id: 1, application_name: "demo-app" }), 458);
      expectError(await h.call("AddRule", { rule_name: "r", rule_pattern: ".*" }), 485, "application_id");
      expectError(await h.call("AddRule", { application_id: 1, rule_pattern: ".*" }), 485, "rule_name");
      expectError(await h.call("AddRule", { application_id: 1, rule_name: "r" }), 485, "rule_pattern");
      expectError(
        await h.call("AddRule", { application_id: 1, rule_name: "r".repeat(100), rule_pattern: ".*" }),
        499,
        "rule_name",
      );
      expectError(
        await h.call("AddRule", { application_id: 1, rule_name: "r", rule_pattern: "(" }),
        148,
        "rule_pattern",
      );
      expectError(
        await h.call("AddRule", { application_id: 1, rule_name: "r", rule_pattern: ".*", rule_pattern_exclude: "[" }),
        149,
      );
      expectError(await h.call("AddRule", { application_id: 99, rule_name: "r", rule_pattern: ".*" }), 116);
      expectError(
        await h.call("AddRule", { application_id: 1, rule_name: "demo-rule", rule_pattern: ".*" }),
        175,
        "rule_name",
      );
      // Same name in another application is fine.
      await h.ok("AddRule", { application_id: 2, rule_name: "demo-rule", rule_pattern: ".*" });
    });

    it("GetRules requires an application", async () => {
      expectError(await h.call("GetRules"), 485, "application_id");
      expectError(await h.call("GetRules", { application_id: 77 }), 116);
    });

    it("DelRule by id/name/all, clearing registration links", async () => {
      const id = await h.create({ application_id: 1, rule_id: 2 });
      expectError(await h.call("DelRule"), 485, "rule_id");
      expectError(await h.call("DelRule", { rule_name: "demo-rule" }), 485, "application_id");
      expectError(await h.call("DelRule", { rule_id: 3, application_id: 1 }), 147, "rule_id");
      expectError(await h.call("DelRule", { rule_id: 99 }), 147);
      expectError(await h.call("DelRule", { rule_name: "nope", application_id: 1 }), 156);
      await h.ok("DelRule", { rule_id: 2 });
      expect(await h.registration(id)).not.toHaveProperty("rule_id");
      await h.ok("DelRule", { rule_name: "demo-rule", application_name: "demo-app" });
      expect(await h.rows("GetRules", { application_id: 1 })).toEqual([]);
      await h.ok("DelRule", { rule_id: "all", application_id: "all" });
      expect(await h.rows("GetRules", { application_id: 2 })).toEqual([]);
    });
  });

  describe("users", () => {
    const pw = "Str0ng!pass";
    it("AddUser and GetUsers (filters, order_by, counters)", async () => {
      const added = await h.ok("AddUser", {
        user_name: "zed",
        user_display_name: "Zed",
        user_password: pw,
        application_id: 1,
      });
      expect(added).toEqual({ result: 1, user_id: 4 });
      const users = await h.ok("GetUsers", { application_id: 1 });
      expect(users.total_count).toBe(3);
      expect((users.result as Row[]).map((u) => u.user_name)).toEqual(["demo-user", "demo-user-2", "zed"]);
      expect((users.result as Row[])[2]).toMatchObject({ user_id: 4, user_display_name: "Zed", user_active: true });
      expect(JSON.stringify(users)).not.toContain(pw);
      expect(
        (await h.rows("GetUsers", { application_id: 1, order_by: "user_id", user_name: "demo" })).map((u) => u.user_id),
      ).toEqual([1, 2]);
      expect((await h.rows("GetUsers", { application_name: "demo-app-2" })).map((u) => u.user_id)).toEqual([3]);
      expectError(await h.call("GetUsers", { application_id: 1, order_by: "age" }), 496, "order_by");
      expectError(await h.call("GetUsers"), 485, "application_id");
    });

    it("AddUser errors in order", async () => {
      expectError(await h.call("AddUser", { user_active: "x" }), 101, "user_active");
      expectError(await h.call("AddUser", {}), 485, "user_name");
      expectError(await h.call("AddUser", { user_name: "abc" }), 485, "user_display_name");
      expectError(await h.call("AddUser", { user_name: "abc", user_display_name: "A" }), 485, "user_password");
      expectError(
        await h.call("AddUser", { user_name: "abc", user_display_name: "A", user_password: pw }),
        485,
        "application_id",
      );
      expectError(
        await h.call("AddUser", { user_name: "A!", user_display_name: "A", user_password: pw, application_id: 1 }),
        122,
        "user_name",
      );
      expectError(
        await h.call("AddUser", { user_name: "abc", user_display_name: "A", user_password: "weak", application_id: 1 }),
        496,
        "user_password",
      );
      expectError(
        await h.call("AddUser", { user_name: "abc", user_display_name: "A", user_password: pw, application_id: 9 }),
        116,
      );
      expectError(
        await h.call("AddUser", {
          user_name: "demo-user",
          user_display_name: "A",
          user_password: pw,
          application_id: 2,
        }),
        118,
      );
      const log = JSON.stringify((await h.admin("/log")).body);
      expect(log).not.toContain(pw);
    });

    it("AddUser answers 109 at the user limit", async () => {
      await h.admin("/config", { body: { maxUsers: 3 } });
      expectError(
        await h.call("AddUser", { user_name: "abc", user_display_name: "A", user_password: pw, application_id: 1 }),
        109,
      );
    });

    it("DelUser by id or name clears registration links", async () => {
      const id = await h.create({ application_id: 1, user_id: 2 });
      expectError(await h.call("DelUser"), 485, "user_id");
      expectError(await h.call("DelUser", { user_name: "demo-user" }), 485, "application_id");
      expectError(await h.call("DelUser", { user_id: 99 }), 117);
      expectError(await h.call("DelUser", { user_id: 3, application_id: 1 }), 393);
      await h.ok("DelUser", { user_id: 2 });
      expect(await h.registration(id)).not.toHaveProperty("user_id");
      await h.ok("DelUser", { user_name: "demo-user", application_id: 1 });
      expect(await h.rows("GetUsers", { application_id: 1 })).toEqual([]);
      await h.ok("DelUser", { user_id: "all", application_id: 2 });
      expect(await h.rows("GetUsers", { application_id: 2 })).toEqual([]);
    });
  });
});
