// SIP registration methods, continued from registrations.test.ts: non-persistent registrations,
// settling, paging, billing, caps and duplicates.
import { expectError, Harness, type Row } from "./helpers";

// Seed ids: apps 1 demo-app, 2 demo-app-2; rules 1 demo-rule, 2 demo-rule-2 (app 1), 3 (app 2);
// users 1 demo-user, 2 demo-user-2 (app 1), 3 demo-app-2-user (app 2).

describe("SIP registration methods: lifecycle, paging and billing", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ seed: true });
  });
  afterAll(() => h.close());

  describe("non-persistent registrations and SDK logins", () => {
    let g: Harness;
    beforeAll(async () => {
      g = await Harness.start({ seed: true });
    });
    afterAll(() => g.close());
    const session = (body: Record<string, unknown>) => g.admin("/sdk-session", { body });

    it("are not registered until the bound user logs in, and go offline when the user logs off", async () => {
      const id = await g.create({ sip_username: "np-1", is_persistent: false, application_id: 1, user_id: 1 });
      const offline = await g.registration(id);
      expect(offline).toMatchObject({ successful: false });
      expect(offline).not.toHaveProperty("status_code");
      expect(await session({ user_name: "demo-user", logged_in: true })).toMatchObject({
        status: 200,
        body: { user_id: 1, logged_in: true, registrations: [{ sip_registration_id: id, successful: true }] },
      });
      expect(await g.registration(id)).toMatchObject({ successful: true, status_code: 200 });
      // A persistent registration of the same user is not affected by the session.
      const persistent = await g.create({ sip_username: "p-1", application_id: 1, user_id: 1 });
      await session({ user_id: 1, logged_in: false });
      expect(await g.registration(id)).toMatchObject({ successful: false });
      expect(await g.registration(persistent)).toMatchObject({ successful: true, status_code: 200 });
    });

    it("without a user they are never registered", async () => {
      const id = await g.create({ sip_username: "np-2", is_persistent: false });
      expect(await g.registration(id)).toMatchObject({ successful: false });
    });

    it("nonPersistentNeedsLogin: false settles them like persistent ones", async () => {
      await g.admin("/config", { body: { nonPersistentNeedsLogin: false } });
      try {
        const id = await g.create({ sip_username: "np-3", is_persistent: false });
        expect(await g.registration(id)).toMatchObject({ successful: true, status_code: 200 });
      } finally {
        await g.admin("/config", { body: { nonPersistentNeedsLogin: true } });
      }
    });

    it("refuses a bad session request naming the field", async () => {
      expect(await session({ user_id: 999, logged_in: true })).toMatchObject({
        status: 400,
        body: { message: expect.stringMatching(/"user_id" or "user_name"/) as unknown },
      });
      expect(await session({ user_id: 1, logged_in: "yes" })).toMatchObject({
        status: 400,
        body: { message: expect.stringMatching(/"logged_in" must be a boolean/) as unknown },
      });
    });
  });

  describe("registration settling", () => {
    let g: Harness;
    beforeAll(async () => {
      g = await Harness.start({ config: { slowSettleMs: 1500 } });
    });
    afterAll(() => g.close());

    it("settles ordinary hosts synchronously as successful 200", async () => {
      const id = await g.create({ proxy: "sip.example.com" });
      expect(await g.registration(id)).toMatchObject({ successful: true, status_code: 200 });
      expect(await g.registration(id)).not.toHaveProperty("error_message");
    });

    it("fail* → 403 Forbidden, timeout* → 408 Request Timeout (host part of a SIP URI)", async () => {
      const f = await g.create({ proxy: "sip:fail.example.com:5060;transport=tcp" });
      expect(await g.registration(f)).toMatchObject({
        successful: false,
        status_code: 403,
        error_message: "Forbidden",
      });
      const t = await g.create({ proxy: "timeout.example.com" });
      expect(await g.registration(t)).toMatchObject({
        successful: false,
        status_code: 408,
        error_message: "Request Timeout",
      });
    });

    it("slow* stays in progress, then succeeds", async () => {
      const id = await g.create({ proxy: "slow.example.com" });
      const first = await g.registration(id);
      expect(first).not.toHaveProperty("successful");
      expect(first).not.toHaveProperty("status_code");
      let row: Row | undefined;
      for (let i = 0; i < 400; i++) {
        row = await g.registration(id);
        if (row?.successful !== undefined) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(row).toMatchObject({ successful: true, status_code: 200 });
    });

    it("a real change of a connection field restarts the attempt; the same value does not", async () => {
      const id = await g.create({ proxy: "sip.example.com" });
      await g.ok("UpdateSipRegistration", { sip_registration_id: id, proxy: "sip.example.com" });
      expect((await g.registration(id))?.successful).toBe(true);
      await g.ok("UpdateSipRegistration", { sip_registration_id: id, proxy: "fail.example.com" });
      expect(await g.registration(id)).toMatchObject({ successful: false, status_code: 403 });
      await g.ok("UpdateSipRegistration", { sip_registration_id: id, proxy: "sip.example.com" });
      expect(await g.registration(id)).toMatchObject({ successful: true, status_code: 200 });
      expect(await g.registration(id)).not.toHaveProperty("error_message");
    });

    it("manual mode keeps registrations in progress until the registrar control settles them", async () => {
      await g.admin("/config", { body: { settleMode: "manual", exposeInProgress: true } });
      try {
        const id = await g.create({ proxy: "sip.example.com" });
        expect(await g.registration(id)).toMatchObject({ in_progress: true });
        expect(await g.registration(id)).not.toHaveProperty("successful");
        const set = await g.admin("/registrar", {
          body: { sip_registration_id: id, status_code: 401, error_message: "Unauthorized" },
        });
        expect(set.status).toBe(200);
        expect(await g.registration(id)).toMatchObject({
          in_progress: false,
          successful: false,
          status_code: 401,
          error_message: "Unauthorized",
        });
        await g.admin("/registrar", { body: { sip_registration_id: id, status_code: 200, deactivated: true } });
        expect(await g.registration(id)).toMatchObject({ successful: true, status_code: 200, deactivated: true });
        expect(await g.rows("GetSipRegistrations", { deactivated: true })).toHaveLength(1);
        expect((await g.admin("/registrar", { body: { sip_registration_id: 987654 } })).status).toBe(400);
      } finally {
        await g.admin("/config", { body: { settleMode: "auto", exposeInProgress: false } });
      }
    });
  });

  describe("paging", () => {
    let g: Harness;
    beforeAll(async () => {
      g = await Harness.start();
      for (let i = 0; i < 25; i++) await g.create({ sip_username: `p${i}` });
    });
    afterAll(() => g.close());

    it("defaults to 20 rows; count = rows returned; no total_count by default", async () => {
      const body = await g.ok("GetSipRegistrations");
      expect((body.result as Row[]).length).toBe(20);
      expect(body.count).toBe(20);
      expect(body).not.toHaveProperty("total_count");
    });
    it("pages with count/offset", async () => {
      const body = await g.ok("GetSipRegistrations", { count: 10, offset: 20 });
      expect((body.result as Row[]).map((r) => r.sip_username)).toEqual(["p20", "p21", "p22", "p23", "p24"]);
      expect(body.count).toBe(5);
      expect((await g.ok("GetSipRegistrations", { offset: 100 })).count).toBe(0);
      expect((await g.ok("GetSipRegistrations", { count: 0 })).count).toBe(0);
    });
    it("clamps count above the configured maximum silently", async () => {
      expect((await g.ok("GetSipRegistrations", { count: 5000 })).count).toBe(25);
      await g.admin("/config", { body: { maxPageSize: 7 } });
      expect((await g.ok("GetSipRegistrations", { count: 50 })).count).toBe(7);
      await g.admin("/config", { body: { maxPageSize: 1000 } });
    });
    it("adds total_count behind the switch", async () => {
      await g.admin("/config", { body: { totalCount: true } });
      const body = await g.ok("GetSipRegistrations", { count: 3 });
      expect(body.total_count).toBe(25);
      expect(body.count).toBe(3);
      await g.admin("/config", { body: { totalCount: false } });
    });
    it("rejects negative count/offset with 497", async () => {
      expectError(await g.call("GetSipRegistrations", { count: -1 }), 497, "count");
      expectError(await g.call("GetSipRegistrations", { offset: -5 }), 497, "offset");
    });
  });

  describe("billing, caps and duplicates", () => {
    let g: Harness;
    beforeEach(async () => {
      g = await Harness.start({ seed: true });
    });
    afterEach(() => g.close());

    it("reserves the fee from the balance and answers 127 when it is short", async () => {
      await g.admin("/config", { body: { balance: 1.5 } });
      const first = await g.ok("CreateSipRegistration", { sip_username: "x", proxy: "p.example.com" });
      expect(first.account_info).toMatchObject({ balance: 0.51 });
      expectError(await g.call("CreateSipRegistration", { sip_username: "y", proxy: "p.example.com" }), 127);
      expect(((await g.admin("/config")).body as { balance: number }).balance).toBe(0.51);
      expect(await g.rows("GetSipRegistrations")).toHaveLength(1);
      // Deleting does not refund.
      await g.ok("DeleteSipRegistration", { sip_registration_id: first.sip_registration_id as number });
      expect(((await g.admin("/config")).body as { balance: number }).balance).toBe(0.51);
    });

    it("uses the configured price", async () => {
      await g.admin("/config", { body: { subscriptionPrice: "2.50", balance: 10 } });
      const body = await g.ok("CreateSipRegistration", { sip_username: "x", proxy: "p.example.com" });
      expect(body.account_info).toMatchObject({ balance: 7.5 });
      expect((await g.registration(body.sip_registration_id as number))?.subscription_price).toBe("2.50");
    });

    it("answers 272 at the registration cap, after the balance check", async () => {
      await g.admin("/config", { body: { maxRegistrations: 2 } });
      await g.create();
      await g.create();
      expectError(await g.call("CreateSipRegistration", { sip_username: "z", proxy: "p.example.com" }), 272);
      await g.admin("/config", { body: { balance: 0 } });
      expectError(await g.call("CreateSipRegistration", { sip_username: "z", proxy: "p.example.com" }), 127);
    });

    it("allows duplicate (sip_username, proxy) unless strict", async () => {
      await g.create({ sip_username: "dup", proxy: "d.example.com" });
      await g.create({ sip_username: "dup", proxy: "d.example.com" });
      await g.admin("/config", { body: { strictDuplicates: true } });
      expectError(
        await g.call("CreateSipRegistration", { sip_username: "dup", proxy: "d.example.com" }),
        496,
        "sip_username",
      );
      const other = await g.create({ sip_username: "dup", proxy: "other.example.com" });
      expectError(await g.call("UpdateSipRegistration", { sip_registration_id: other, proxy: "d.example.com" }), 496);
    });

    it("optionally requires a user for non-persistent registrations", async () => {
      await g.admin("/config", { body: { requireUserForNonPersistent: true } });
      expectError(
        await g.call("CreateSipRegistration", { sip_username: "np", proxy: "p", is_persistent: false }),
        485,
        "user_id",
      );
      await g.create({ sip_username: "np", is_persistent: false, application_id: 1, user_id: 1 });
    });
  });
});
