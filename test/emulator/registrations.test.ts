import { expectError, Harness, type Row } from "./helpers";

// Seed ids: apps 1 demo-app, 2 demo-app-2; rules 1 demo-rule, 2 demo-rule-2 (app 1), 3 (app 2);
// users 1 demo-user, 2 demo-user-2 (app 1), 3 demo-app-2-user (app 2).

describe("SIP registration methods", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ seed: true });
  });
  afterAll(() => h.close());

  describe("happy paths", () => {
    it("UpdateSipRegistration changes only the given fields", async () => {
      const id = await h.create({ sip_username: "upd", auth_user: "a1", outbound_proxy: "o1.example.com" });
      const before = await h.registration(id);
      expect(
        await h.ok("UpdateSipRegistration", { sip_registration_id: id, auth_user: "a2", password: "new" }),
      ).toEqual({ result: 1 });
      const after = await h.registration(id);
      expect(after).toMatchObject({
        sip_username: "upd",
        proxy: "sip.example.com",
        auth_user: "a2",
        outbound_proxy: "o1.example.com",
      });
      expect(after?.purchase_date).toBe(before?.purchase_date);
    });

    it("UpdateSipRegistration can bind (the SDK example: only id + application_id)", async () => {
      const id = await h.create({ sip_username: "upd-bind" });
      await h.ok("UpdateSipRegistration", { sip_registration_id: id, application_id: 1 });
      expect(await h.registration(id)).toMatchObject({
        application_id: 1,
        application_name: "demo-app.emulator.voximplant.com",
      });
    });

    it("BindSipRegistration binds application, rule and user by name", async () => {
      const id = await h.create({ sip_username: "bind-by-name" });
      expect(
        await h.ok("BindSipRegistration", {
          sip_registration_id: id,
          application_name: "demo-app",
          rule_name: "demo-rule-2",
          user_name: "demo-user-2",
        }),
      ).toEqual({ result: 1 });
      expect(await h.registration(id)).toMatchObject({
        application_id: 1,
        rule_id: 2,
        rule_name: "demo-rule-2",
        user_id: 2,
        user_name: "demo-user-2",
      });
    });

    it("application_name accepts the full name too", async () => {
      const id = await h.create({ sip_username: "full-name", application_name: "demo-app-2.emulator.voximplant.com" });
      expect((await h.registration(id))?.application_id).toBe(2);
    });

    it("DeleteSipRegistration removes it; Get by id is then empty; a second delete is 275", async () => {
      const id = await h.create({ sip_username: "del" });
      expect(await h.ok("DeleteSipRegistration", { sip_registration_id: id })).toEqual({ result: 1 });
      const got = await h.ok("GetSipRegistrations", { sip_registration_id: id });
      expect(got.result).toEqual([]);
      expect(got.count).toBe(0);
      expectError(await h.call("DeleteSipRegistration", { sip_registration_id: id }), 275, "sip_registration_id");
    });

    it("never returns the password anywhere", async () => {
      const id = await h.create({ sip_username: "pw-user", password: "TopSecret-123" });
      await h.ok("UpdateSipRegistration", { sip_registration_id: id, password: "TopSecret-456" });
      const all = await h.ok("GetSipRegistrations", { count: 1000 });
      const state = await h.admin("/state");
      const log = await h.admin("/log");
      for (const blob of [all, state.body, log.body]) {
        expect(JSON.stringify(blob)).not.toMatch(/TopSecret/);
      }
      const dumped = (state.body as { registrations: Row[] }).registrations.find((r) => r.sip_registration_id === id);
      expect(dumped?.password_set).toBe(true);
      expect(dumped).not.toHaveProperty("password");
    });

    it("stamps purchase_date (UTC timestamp) and renewal one month later", async () => {
      const id = await h.create({ sip_username: "dates" });
      const r = (await h.registration(id)) as Row;
      const purchase = String(r.purchase_date);
      const d = new Date(`${purchase.replace(" ", "T")}Z`);
      expect(Math.abs(d.getTime() - Date.now())).toBeLessThan(60_000);
      const [y, m, day] = String(r.next_subscription_renewal).split("-").map(Number);
      const expectedMonth = d.getUTCMonth() === 11 ? 1 : d.getUTCMonth() + 2;
      expect(m).toBe(expectedMonth);
      expect(y).toBe(d.getUTCMonth() === 11 ? d.getUTCFullYear() + 1 : d.getUTCFullYear());
      expect(day).toBeLessThanOrEqual(d.getUTCDate());
      expect(Math.abs(Number(r.last_updated) - Date.now() / 1000)).toBeLessThan(60);
    });
  });

  describe("validation order and codes", () => {
    it("type errors come first (101 with field_name)", async () => {
      expectError(
        await h.call("CreateSipRegistration", { is_persistent: "maybe", application_id: 1, application_name: "x" }),
        101,
        "is_persistent",
      );
      expectError(await h.call("UpdateSipRegistration", { sip_registration_id: "1.5" }), 101, "sip_registration_id");
      expectError(await h.call("GetSipRegistrations", { count: "ten" }), 101, "count");
      expectError(await h.call("GetSipRegistrations", { application_id: "1;x" }), 101, "application_id");
    });

    it("then id/name exclusivity (458)", async () => {
      expectError(
        await h.call("CreateSipRegistration", { application_id: 1, application_name: "demo-app" }),
        458,
        "application_id",
      );
      expectError(
        await h.call("CreateSipRegistration", { application_id: 1, rule_id: 1, rule_name: "demo-rule" }),
        458,
        "rule_id",
      );
      expectError(
        await h.call("BindSipRegistration", { sip_registration_id: 1, user_id: 1, user_name: "demo-user" }),
        458,
        "user_id",
      );
      expectError(await h.call("GetSipRegistrations", { rule_id: 1, rule_name: "demo-rule" }), 458, "rule_id");
    });

    it("then rule/user without application when binding (101)", async () => {
      expectError(await h.call("CreateSipRegistration", { rule_id: 1 }), 101, "application_id");
      expectError(
        await h.call("CreateSipRegistration", { sip_username: "x", proxy: "p", user_name: "demo-user" }),
        101,
        "application_id",
      );
      expectError(await h.call("UpdateSipRegistration", { sip_registration_id: 1, user_id: 1 }), 101, "application_id");
      expectError(await h.call("BindSipRegistration", { sip_registration_id: 1, rule_id: 1 }), 101, "application_id");
    });

    it("then required parameters (485), in declaration order", async () => {
      expectError(await h.call("CreateSipRegistration", {}), 485, "sip_username");
      expectError(await h.call("CreateSipRegistration", { sip_username: "x" }), 485, "proxy");
      expectError(await h.call("UpdateSipRegistration", { auth_user: "x" }), 485, "sip_registration_id");
      expectError(await h.call("BindSipRegistration", { application_id: 1 }), 485, "sip_registration_id");
      expectError(await h.call("BindSipRegistration", { bind: false }), 485, "sip_registration_id");
      expectError(await h.call("DeleteSipRegistration", {}), 485, "sip_registration_id");
    });

    it("then value checks (273 sip_username, 274 proxy, 499 too long)", async () => {
      expectError(
        await h.call("CreateSipRegistration", { sip_username: "has space", proxy: "p", application_id: 999 }),
        273,
        "sip_username",
      );
      expectError(await h.call("CreateSipRegistration", { sip_username: "ok", proxy: "bad proxy" }), 274, "proxy");
      expectError(
        await h.call("CreateSipRegistration", { sip_username: "ok", proxy: "p", password: "x".repeat(300) }),
        499,
        "password",
      );
    });

    it("then existence: application, rule, user, registration", async () => {
      expectError(
        await h.call("CreateSipRegistration", { sip_username: "e", proxy: "p", application_id: 999, rule_id: 999 }),
        116,
        "application_id",
      );
      expectError(
        await h.call("CreateSipRegistration", { sip_username: "e", proxy: "p", application_name: "nope" }),
        558,
        "application_name",
      );
      expectError(
        await h.call("CreateSipRegistration", {
          sip_username: "e",
          proxy: "p",
          application_id: 1,
          rule_id: 999,
          user_id: 999,
        }),
        147,
        "rule_id",
      );
      expectError(
        await h.call("CreateSipRegistration", { sip_username: "e", proxy: "p", application_id: 1, rule_id: 3 }),
        147,
        "rule_id",
      );
      expectError(
        await h.call("CreateSipRegistration", {
          sip_username: "e",
          proxy: "p",
          application_id: 1,
          rule_name: "demo-app-2-rule",
        }),
        156,
        "rule_name",
      );
      expectError(
        await h.call("CreateSipRegistration", { sip_username: "e", proxy: "p", application_id: 1, user_id: 999 }),
        117,
        "user_id",
      );
      expectError(
        await h.call("CreateSipRegistration", {
          sip_username: "e",
          proxy: "p",
          application_id: 1,
          user_name: "nobody",
        }),
        117,
        "user_name",
      );
      expectError(
        await h.call("CreateSipRegistration", { sip_username: "e", proxy: "p", application_id: 1, user_id: 3 }),
        393,
        "user_id",
      );
      expectError(
        await h.call("UpdateSipRegistration", { sip_registration_id: 999999, application_id: 999 }),
        116,
        "application_id",
      );
      expectError(
        await h.call("UpdateSipRegistration", { sip_registration_id: 999999, application_id: 1 }),
        275,
        "sip_registration_id",
      );
      expectError(
        await h.call("BindSipRegistration", { sip_registration_id: 999999, application_id: 1 }),
        275,
        "sip_registration_id",
      );
    });

    it("leaves nothing half-applied when a call fails", async () => {
      const id = await h.create({ sip_username: "atomic", application_id: 1, rule_id: 1 });
      expectError(
        await h.call("UpdateSipRegistration", {
          sip_registration_id: id,
          auth_user: "changed",
          application_id: 1,
          user_id: 3,
        }),
        393,
      );
      const r = await h.registration(id);
      expect(r).not.toHaveProperty("auth_user");
      expect(r).not.toHaveProperty("user_id");
    });
  });

  describe("binding semantics", () => {
    it("one registration per user: binding the user elsewhere moves it (Create, Update, Bind)", async () => {
      const a = await h.create({ sip_username: "a", application_id: 1, user_id: 1 });
      const b = await h.create({ sip_username: "b", application_id: 1, user_id: 1 });
      expect((await h.registration(a))?.user_id).toBeUndefined();
      expect((await h.registration(b))?.user_id).toBe(1);
      const c = await h.create({ sip_username: "c" });
      await h.ok("UpdateSipRegistration", { sip_registration_id: c, application_id: 1, user_name: "demo-user" });
      expect((await h.registration(b))?.user_id).toBeUndefined();
      expect((await h.registration(c))?.user_id).toBe(1);
      await h.ok("BindSipRegistration", { sip_registration_id: a, application_id: 1, user_id: 1 });
      expect((await h.registration(c))?.user_id).toBeUndefined();
      expect((await h.registration(a))?.user_id).toBe(1);
      const bound = await h.rows("GetSipRegistrations", { user_id: 1 });
      expect(bound.map((r) => r.sip_registration_id)).toEqual([a]);
      // The application stays on the registration that lost the user.
      expect((await h.registration(c))?.application_id).toBe(1);
    });

    it("bind=false with only the application clears application, rule and user", async () => {
      const id = await h.create({ sip_username: "unbind-app", application_id: 1, rule_id: 1, user_id: 2 });
      await h.ok("BindSipRegistration", { sip_registration_id: id, application_id: 1, bind: false });
      const r = await h.registration(id);
      for (const f of ["application_id", "application_name", "rule_id", "rule_name", "user_id", "user_name"]) {
        expect(r).not.toHaveProperty(f);
      }
    });

    it("bind=false naming a rule or user clears only that link", async () => {
      const id = await h.create({ sip_username: "unbind-user", application_id: 1, rule_id: 1, user_id: 2 });
      await h.ok("BindSipRegistration", { sip_registration_id: id, application_id: 1, user_id: 2, bind: "0" });
      expect(await h.registration(id)).toMatchObject({ application_id: 1, rule_id: 1 });
      expect(await h.registration(id)).not.toHaveProperty("user_id");
      await h.ok("BindSipRegistration", { sip_registration_id: id, application_id: 1, rule_id: 1, bind: "false" });
      expect(await h.registration(id)).toMatchObject({ application_id: 1 });
      expect(await h.registration(id)).not.toHaveProperty("rule_id");
    });

    it("bind=false with only user_id unbinds that user everywhere (no id, no application)", async () => {
      const id = await h.create({ sip_username: "unbind-everywhere", application_id: 1, user_id: 2 });
      await h.ok("BindSipRegistration", { user_id: 2, bind: false });
      expect(await h.registration(id)).not.toHaveProperty("user_id");
      expect((await h.registration(id))?.application_id).toBe(1);
      expect(await h.rows("GetSipRegistrations", { user_id: 2 })).toEqual([]);
    });

    it("bind=false with only the registration id detaches everything", async () => {
      const id = await h.create({ sip_username: "unbind-all", application_id: 1, rule_id: 2, user_id: 2 });
      await h.ok("BindSipRegistration", { sip_registration_id: id, bind: false });
      expect(await h.registration(id)).not.toHaveProperty("application_id");
      expect(await h.registration(id)).not.toHaveProperty("user_id");
    });

    it("moving to another application drops a rule and user that do not belong there", async () => {
      const id = await h.create({ sip_username: "move-app", application_id: 1, rule_id: 1, user_id: 2 });
      await h.ok("UpdateSipRegistration", { sip_registration_id: id, application_id: 2 });
      const r = await h.registration(id);
      expect(r?.application_id).toBe(2);
      expect(r).not.toHaveProperty("rule_id");
      expect(r).not.toHaveProperty("user_id");
    });

    it("bind=true requires a registration id; unknown registration is 275", async () => {
      expectError(await h.call("BindSipRegistration", { application_id: 1, bind: true }), 485, "sip_registration_id");
      expectError(await h.call("BindSipRegistration", { sip_registration_id: 424242, bind: "FALSE" }), 275);
    });
  });

  describe("GetSipRegistrations filters", () => {
    let g: Harness;
    let ids: Record<string, number>;
    beforeAll(async () => {
      // slow* must still be in progress whenever the assertions run.
      // Non-persistent f-timeout settles like the others here (no SDK login needed for these filters).
      g = await Harness.start({ seed: true, config: { slowSettleMs: 600_000, nonPersistentNeedsLogin: false } });
      ids = {
        ok: await g.create({
          sip_username: "f-ok",
          proxy: "sip.example.com",
          application_id: 1,
          rule_id: 1,
          user_id: 1,
        }),
        fail: await g.create({ sip_username: "f-fail", proxy: "fail.example.com", application_id: 2 }),
        timeout: await g.create({ sip_username: "f-timeout", proxy: "timeout.example.com", is_persistent: false }),
        slow: await g.create({ sip_username: "f-slow", proxy: "slow.example.com", application_id: 1, user_id: 2 }),
      };
    });
    afterAll(() => g.close());
    const idsOf = async (p: Record<string, string | number | boolean>): Promise<number[]> =>
      (await g.rows("GetSipRegistrations", p)).map((r) => r.sip_registration_id as number);

    it("returns everything in ascending id order without filters", async () => {
      expect(await idsOf({})).toEqual([ids.ok, ids.fail, ids.timeout, ids.slow]);
    });
    it("filters by exact sip_username and by proxy list", async () => {
      expect(await idsOf({ sip_username: "f-ok" })).toEqual([ids.ok]);
      expect(await idsOf({ sip_username: "f-o" })).toEqual([]);
      expect(await idsOf({ proxy: "fail.example.com;timeout.example.com" })).toEqual([ids.fail, ids.timeout]);
    });
    it("filters by application, rule and user (ids or names, lists)", async () => {
      expect(await idsOf({ application_id: "1;2" })).toEqual([ids.ok, ids.fail, ids.slow]);
      expect(await idsOf({ application_name: "demo-app-2" })).toEqual([ids.fail]);
      expect(await idsOf({ application_name: "unknown-app" })).toEqual([]);
      expect(await idsOf({ is_bound_to_application: false })).toEqual([ids.timeout]);
      expect(await idsOf({ rule_name: "demo-rule" })).toEqual([ids.ok]);
      expect(await idsOf({ user_name: "demo-user-2" })).toEqual([ids.slow]);
      expect(await idsOf({ user_id: "1;2" })).toEqual([ids.ok, ids.slow]);
    });
    it("filters by registrar state: successful, in_progress, status_code expression, persistence", async () => {
      expect(await idsOf({ successful: true })).toEqual([ids.ok]);
      expect(await idsOf({ successful: false })).toEqual([ids.fail, ids.timeout]);
      expect(await idsOf({ in_progress: true })).toEqual([ids.slow]);
      expect(await idsOf({ status_code: "400:499" })).toEqual([ids.fail, ids.timeout]);
      expect(await idsOf({ status_code: "200;408" })).toEqual([ids.ok, ids.timeout]);
      expect(await idsOf({ is_persistent: false })).toEqual([ids.timeout]);
      expect(await idsOf({ deactivated: false })).toHaveLength(4);
      expectError(await g.call("GetSipRegistrations", { status_code: "2xx" }), 101, "status_code");
    });
  });
});
