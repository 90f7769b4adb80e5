// Every typed call of the client against the emulator over real HTTP, and the documented API
// errors surfacing as ApiError with the right code and field.

import { ApiError, ClientValidationError, VoximplantClient, type CreateSipRegistrationParams } from "../../../src/api";
import { admin, callsOf, clientFor, startEmulator, type Emu } from "./emu";

describe("VoximplantClient ↔ emulator: calls", () => {
  let emu: Emu;
  let c: VoximplantClient;
  let appId: number;
  let ruleId: number;
  let userId: number;

  beforeAll(async () => {
    emu = await startEmulator({ seed: true });
    c = clientFor(emu);
    appId = (await c.addApplication({ application_name: "itest-app" })).application_id;
    ruleId = (await c.addRule({ application_id: appId, rule_name: "itest-rule", rule_pattern: ".*" })).rule_id;
    userId = (
      await c.addUser({
        application_id: appId,
        user_name: "itest-user",
        user_display_name: "I Test",
        user_password: "Aa1!aaaaaa",
      })
    ).user_id;
  });
  afterAll(async () => {
    await c.destroy();
    await emu.close();
  });

  describe("applications, rules, users", () => {
    it("adds, reads, lists and deletes an application", async () => {
      const added = await c.addApplication({ application_name: "itest-tmp" });
      expect(added.application_name).toMatch(/^itest-tmp\./);
      const page = await c.getApplications({ application_id: added.application_id });
      expect(page.result.map((a) => a.application_name)).toEqual([added.application_name]);
      const all: string[] = [];
      for await (const a of c.listApplications({}, { pageSize: 2 })) all.push(a.application_name);
      expect(all).toEqual(expect.arrayContaining([expect.stringMatching(/^demo-app\./), added.application_name]));
      await expect(c.delApplication({ application_id: added.application_id })).resolves.toMatchObject({ result: 1 });
      expect((await c.getApplications({ application_id: added.application_id })).result).toEqual([]);
    });

    it("adds, reads and deletes a rule", async () => {
      const { rule_id } = await c.addRule({ application_id: appId, rule_name: "itest-tmp-rule", rule_pattern: "\\d+" });
      const rules = await c.getRules({ application_id: appId, rule_name: "itest-tmp-rule" });
      expect(rules.result).toEqual([
        expect.objectContaining({ rule_id, rule_name: "itest-tmp-rule", rule_pattern: "\\d+", application_id: appId }),
      ]);
      await c.delRule({ rule_id });
      expect((await c.getRules({ application_id: appId, rule_id })).result).toEqual([]);
    });

    it("adds, reads and deletes a user", async () => {
      const { user_id } = await c.addUser({
        application_name: "itest-app",
        user_name: "itest-tmp-user",
        user_display_name: "Tmp",
        user_password: "Bb2@bbbbbb",
      });
      const users = await c.getUsers({ application_id: appId, user_id });
      expect(users.result).toEqual([
        expect.objectContaining({ user_id, user_name: "itest-tmp-user", user_display_name: "Tmp" }),
      ]);
      const listed: number[] = [];
      for await (const u of c.listUsers({ application_id: appId })) listed.push(u.user_id);
      expect(listed).toContain(user_id);
      await c.delUser({ user_id });
      expect((await c.getUsers({ application_id: appId, user_id })).result).toEqual([]);
    });
  });

  describe("SIP registrations", () => {
    it("create → get → update → bind/unbind → delete", async () => {
      const created = await c.createSipRegistration({
        sip_username: "itest-1001",
        proxy: "sip.example.com",
        auth_user: "auth-1001",
        password: "Secret-1001",
        is_persistent: true,
        application_id: appId,
        rule_id: ruleId,
        user_id: userId,
      });
      const id = created.sip_registration_id;
      expect(created.account_info?.account_id).toBe(emu.accountId);

      const [row] = (await c.getSipRegistrations({ sip_registration_id: id })).result;
      expect(row).toMatchObject({
        sip_registration_id: id,
        sip_username: "itest-1001",
        proxy: "sip.example.com",
        auth_user: "auth-1001",
        is_persistent: true,
        application_id: appId,
        rule_id: ruleId,
        user_id: userId,
        user_name: "itest-user",
        rule_name: "itest-rule",
      });
      expect(row).not.toHaveProperty("password");

      await c.updateSipRegistration({
        sip_registration_id: id,
        proxy: "sip2.example.com",
        outbound_proxy: "out.example.com",
      });
      expect((await c.getSipRegistrations({ sip_registration_id: id })).result[0]).toMatchObject({
        proxy: "sip2.example.com",
        outbound_proxy: "out.example.com",
      });

      await c.bindSipRegistration({ sip_registration_id: id, user_id: userId, bind: false });
      expect((await c.getSipRegistrations({ sip_registration_id: id })).result[0]).not.toHaveProperty("user_id");
      await c.bindSipRegistration({ sip_registration_id: id, application_id: appId, user_id: userId, bind: true });
      expect((await c.getSipRegistrations({ sip_registration_id: id })).result[0]).toMatchObject({ user_id: userId });

      const filtered = await c.getSipRegistrations({
        application_id: [appId],
        rule_id: [ruleId],
        proxy: ["sip2.example.com"],
        is_persistent: true,
        status_code: "200;400:499",
      });
      expect(filtered.result.map((r) => r.sip_registration_id)).toContain(id);

      await c.deleteSipRegistration({ sip_registration_id: id });
      expect((await c.getSipRegistrations({ sip_registration_id: id })).result).toEqual([]);
      const again = await c.deleteSipRegistration({ sip_registration_id: id }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(ApiError);
      expect(again).toMatchObject({ code: 275, fieldName: "sip_registration_id", method: "DeleteSipRegistration" });
    });

    it("lists every page when the server caps the page size, using only the rows it returns", async () => {
      await admin(emu, "POST", "/wipe");
      for (let i = 0; i < 23; i++) await c.createSipRegistration({ sip_username: `page-${i}`, proxy: "p.example.com" });
      await admin(emu, "POST", "/config", { maxPageSize: 5 });
      try {
        await admin(emu, "POST", "/reset");
        const rows = await c.listAllSipRegistrations({}, { pageSize: 1000 });
        expect(rows.map((r) => r.sip_username).sort()).toEqual(
          Array.from({ length: 23 }, (_, i) => `page-${i}`).sort(),
        );
        expect(await callsOf(emu, "GetSipRegistrations")).toBe(5); // 5+5+5+5+3
        await admin(emu, "POST", "/config", { maxPageSize: 1000 });
        await admin(emu, "POST", "/reset");
        expect(await c.listAllSipRegistrations({}, { pageSize: 10 })).toHaveLength(23);
        expect(await callsOf(emu, "GetSipRegistrations")).toBe(3); // 10+10+3
      } finally {
        await admin(emu, "POST", "/config", { maxPageSize: 1000 });
      }
    });

    it("findSipRegistrations matches sip_username and proxy exactly", async () => {
      await admin(emu, "POST", "/wipe");
      const a = await c.createSipRegistration({ sip_username: "find-me", proxy: "a.example.com" });
      await c.createSipRegistration({ sip_username: "find-me", proxy: "b.example.com" });
      await c.createSipRegistration({ sip_username: "find-me-too", proxy: "a.example.com" });
      const found = await c.findSipRegistrations({ sip_username: "find-me", proxy: "a.example.com" });
      expect(found.map((r) => r.sip_registration_id)).toEqual([a.sip_registration_id]);
    });
  });

  describe("documented errors surface as ApiError with code and field", () => {
    const base: CreateSipRegistrationParams = { sip_username: "err-user", proxy: "sip.example.com" };
    type Case = [string, () => Promise<unknown>, number, string | undefined];
    const cases: Case[] = [
      [
        "sip_username invalid",
        () => c.createSipRegistration({ ...base, sip_username: "has space" }),
        273,
        "sip_username",
      ],
      ["proxy invalid", () => c.createSipRegistration({ ...base, proxy: "bad proxy" }), 274, "proxy"],
      [
        "unknown application_id",
        () => c.createSipRegistration({ ...base, application_id: 99999 }),
        116,
        "application_id",
      ],
      [
        "unknown application_name",
        () => c.createSipRegistration({ ...base, application_name: "no-such-app" }),
        558,
        "application_name",
      ],
      [
        "unknown rule_id",
        () => c.createSipRegistration({ ...base, application_id: appId, rule_id: 99999 }),
        147,
        "rule_id",
      ],
      [
        "unknown rule_name",
        () => c.createSipRegistration({ ...base, application_id: appId, rule_name: "no-such-rule" }),
        156,
        "rule_name",
      ],
      [
        "unknown user_id",
        () => c.createSipRegistration({ ...base, application_id: appId, user_id: 99999 }),
        117,
        "user_id",
      ],
      [
        "user not in the application",
        () => c.createSipRegistration({ ...base, application_name: "demo-app-2", user_id: userId }),
        393,
        "user_id",
      ],
      ["rule without application", () => c.createSipRegistration({ ...base, rule_id: ruleId }), 101, "application_id"],
      [
        "unknown registration on update",
        () => c.updateSipRegistration({ sip_registration_id: 99999, proxy: "x" }),
        275,
        "sip_registration_id",
      ],
      ["negative count", () => c.getSipRegistrations({ count: -1 }), 497, "count"],
      ["bad status_code expression", () => c.getSipRegistrations({ status_code: "2xx" }), 101, "status_code"],
      ["bad application name", () => c.addApplication({ application_name: "Bad_Name!" }), 107, "application_name"],
      [
        "duplicate application name",
        () => c.addApplication({ application_name: "itest-app" }),
        129,
        "application_name",
      ],
      [
        "duplicate rule name",
        () => c.addRule({ application_id: appId, rule_name: "itest-rule", rule_pattern: ".*" }),
        175,
        "rule_name",
      ],
      [
        "bad rule pattern",
        () => c.addRule({ application_id: appId, rule_name: "bad-pattern", rule_pattern: "(" }),
        148,
        "rule_pattern",
      ],
      [
        "duplicate user name",
        () =>
          c.addUser({
            application_id: appId,
            user_name: "itest-user",
            user_display_name: "x",
            user_password: "Aa1!aaaaaa",
          }),
        118,
        "user_name",
      ],
      [
        "weak user password",
        () =>
          c.addUser({ application_id: appId, user_name: "weak-pw", user_display_name: "x", user_password: "weakweak" }),
        496,
        "user_password",
      ],
      ["unknown user on delete", () => c.delUser({ user_id: 99999 }), 117, "user_id"],
    ];
    it.each(cases)("%s", async (_name, run, code, field) => {
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(code);
      expect((err as ApiError).fieldName).toBe(field);
      expect((err as ApiError).mayHaveCommitted).toBe(false);
      expect((err as ApiError).isCredentialsError).toBe(false);
    });

    it("insufficient funds (127) and the registration cap (272)", async () => {
      const before = (await admin(emu, "GET", "/config")) as { balance: number };
      await admin(emu, "POST", "/config", { balance: 0 });
      try {
        await expect(c.createSipRegistration(base)).rejects.toMatchObject({ code: 127 });
      } finally {
        await admin(emu, "POST", "/config", { balance: before.balance });
      }
      await admin(emu, "POST", "/wipe");
      await admin(emu, "POST", "/config", { maxRegistrations: 1 });
      try {
        await c.createSipRegistration(base);
        await expect(c.createSipRegistration(base)).rejects.toMatchObject({ code: 272 });
      } finally {
        await admin(emu, "POST", "/config", { maxRegistrations: 0 });
      }
    });

    it("the weak-password error does not echo the password", async () => {
      const err = await c
        .addUser({
          application_id: appId,
          user_name: "weak-pw2",
          user_display_name: "x",
          user_password: "weakweak-secret",
        })
        .catch((e: unknown) => e);
      expect(String((err as Error).message)).not.toContain("weakweak-secret");
    });

    it("id and name together never reach the server", async () => {
      await admin(emu, "POST", "/reset");
      const err = await c
        .createSipRegistration({ ...base, application_id: appId, application_name: "itest-app" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClientValidationError);
      expect((await admin(emu, "GET", "/calls")) as { total: number }).toMatchObject({ total: 0 });
    });
  });
});
