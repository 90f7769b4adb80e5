// The /__emulator test controls: counters, log, reset/wipe, state, config, faults.

import { expectError, Harness, type Row } from "./helpers";

interface LogEntry {
  seq: number;
  method: string;
  params: Record<string, string>;
  error_code?: number;
  fault?: string;
}

describe("test controls", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ seed: true });
  });
  afterEach(() => h.close());

  const log = async (): Promise<LogEntry[]> => (await h.admin("/log")).body as LogEntry[];
  const count = async (): Promise<number> => (await h.rows("GetSipRegistrations", { count: 1000 })).length;

  it("GET /calls counts calls per method, including failed ones", async () => {
    await h.create();
    await h.call("CreateSipRegistration", {});
    await h.call("GetSipRegistrations");
    await h.call("Nope");
    expect((await h.admin("/calls")).body).toEqual({
      total: 4,
      byMethod: { CreateSipRegistration: 2, GetSipRegistrations: 1 },
    });
  });

  it("GET /log lists calls in order with redacted secrets and error codes; ?since= pages it", async () => {
    const id = await h.create({ password: "hunter2" });
    await h.call("UpdateSipRegistration", { sip_registration_id: id, password: "hunter3" });
    await h.call("DeleteSipRegistration", { sip_registration_id: 999 });
    const entries = await log();
    expect(entries.map((e) => [e.method, e.error_code])).toEqual([
      ["CreateSipRegistration", undefined],
      ["UpdateSipRegistration", undefined],
      ["DeleteSipRegistration", 275],
    ]);
    expect(entries[0].params).toEqual({ sip_username: "alice", proxy: "sip.example.com", password: "***" });
    expect(entries[1].params.password).toBe("***");
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
    expect(JSON.stringify(entries)).not.toContain("hunter");
    const since = (await h.admin(`/log?since=${entries[1].seq}`)).body as LogEntry[];
    expect(since.map((e) => e.method)).toEqual(["DeleteSipRegistration"]);
  });

  it("POST /reset clears counters, log and faults but not state", async () => {
    await h.create();
    await h.admin("/faults", { body: { method: "*", fault: "http_500" } });
    expect((await h.admin("/reset", { method: "POST" })).status).toBe(200);
    expect((await h.admin("/calls")).body).toEqual({ total: 0, byMethod: {} });
    expect(await log()).toEqual([]);
    expect((await h.admin("/faults")).body).toEqual([]);
    expect(await count()).toBe(1);
  });

  it("POST /wipe deletes registrations, keeps apps/rules/users/keys, never reuses ids", async () => {
    const first = await h.create();
    await h.admin("/wipe", { method: "POST" });
    expect(await count()).toBe(0);
    expect((await h.rows("GetApplications")).length).toBe(2);
    expect((await h.rows("GetUsers", { application_id: 1 })).length).toBe(2);
    expect(await h.create()).toBeGreaterThan(first);
  });

  it("GET /state dumps everything except secrets", async () => {
    await h.create({ application_id: 1, password: "pw-secret" });
    const st = (await h.admin("/state")).body as Record<string, unknown> & { account: Row; registrations: Row[] };
    expect(Object.keys(st).sort()).toEqual([
      "account",
      "applications",
      "counters",
      "registrations",
      "rules",
      "scenarios",
      "users",
    ]);
    expect(st.account).toMatchObject({ account_id: h.emu.accountId, balance: 99999.01, currency: "USD" });
    expect(st.registrations[0]).toMatchObject({ application_id: 1, password_set: true, in_progress: false });
    const text = JSON.stringify(st);
    expect(text).not.toContain("pw-secret");
    expect(text).not.toContain("PRIVATE KEY");
    expect(text).not.toContain(h.emu.apiKey);
  });

  it("POST /config validates switches and GET /config shows them", async () => {
    expect((await h.admin("/config", { body: { maxPageSize: 0 } })).status).toBe(400);
    expect((await h.admin("/config", { body: { noSuchSwitch: true } })).status).toBe(400);
    expect((await h.admin("/config", { body: { settleMode: "later" } })).status).toBe(400);
    expect((await h.admin("/config", { body: { subscriptionPrice: "1.234" } })).status).toBe(400);
    expect((await h.admin("/config", { body: { balance: -1 } })).status).toBe(400);
    const ok = await h.admin("/config", { body: { maxPageSize: 50, totalCount: true, balance: 12.34 } });
    expect(ok.status).toBe(200);
    expect((await h.admin("/config")).body).toMatchObject({
      maxPageSize: 50,
      totalCount: true,
      balance: 12.34,
      defaultPageSize: 20,
    });
  });

  it("GET /roles shows the permission matrix; unknown controls are 404", async () => {
    const roles = (await h.admin("/roles")).body as Record<string, string[]>;
    expect(roles.Developer).toContain("UpdateSipRegistration");
    expect(roles.Developer).not.toContain("CreateSipRegistration");
    expect((await h.admin("/nope")).status).toBe(404);
  });

  describe("faults", () => {
    it("http_500 answers 500 without applying the call", async () => {
      await h.admin("/faults", { body: { method: "CreateSipRegistration", fault: "http_500", count: 1 } });
      const r = await fetch(`${h.emu.url}/CreateSipRegistration`, {
        method: "POST",
        headers: { authorization: await h.bearer() },
        body: new URLSearchParams({ sip_username: "x", proxy: "p.example.com" }),
      });
      expect(r.status).toBe(500);
      expect(await count()).toBe(0);
      await h.create();
      expect(await count()).toBe(1);
      expect((await log()).map((e) => e.fault)).toEqual(["http_500", undefined, undefined, undefined]);
    });

    it("http_429 answers 429 with Retry-After", async () => {
      await h.admin("/faults", {
        body: { method: "GetSipRegistrations", fault: "http_429", count: 2, retry_after: 3 },
      });
      for (let i = 0; i < 2; i++) {
        const r = await fetch(`${h.emu.url}/GetSipRegistrations`, {
          method: "POST",
          headers: { authorization: await h.bearer() },
        });
        expect(r.status).toBe(429);
        expect(r.headers.get("retry-after")).toBe("3");
      }
      expect((await h.call("GetSipRegistrations")).error).toBeUndefined();
    });

    it("reset destroys the connection without applying", async () => {
      await h.admin("/faults", { body: { method: "CreateSipRegistration", fault: "reset", count: 1 } });
      await expect(h.call("CreateSipRegistration", { sip_username: "x", proxy: "p.example.com" })).rejects.toThrow();
      expect(await count()).toBe(0);
    });

    it("drop_after_commit applies the change, then destroys the connection", async () => {
      await h.admin("/faults", { body: { method: "CreateSipRegistration", fault: "drop_after_commit", count: 1 } });
      await expect(
        h.call("CreateSipRegistration", { sip_username: "dropped", proxy: "p.example.com" }),
      ).rejects.toThrow();
      const rows = await h.rows("GetSipRegistrations", { sip_username: "dropped" });
      expect(rows).toHaveLength(1);
      expect((await log()).find((e) => e.fault === "drop_after_commit")?.method).toBe("CreateSipRegistration");
    });

    it("api_error answers HTTP 200 with the given code without applying", async () => {
      await h.admin("/faults", { body: { method: "*", fault: "api_error", code: 162, count: 1 } });
      expectError(await h.call("CreateSipRegistration", { sip_username: "x", proxy: "p.example.com" }), 162);
      expect(await count()).toBe(0);
    });

    it("latency delays the call and is recorded in the log", async () => {
      await h.admin("/faults", { body: { method: "GetSipRegistrations", fault: "latency", latency_ms: 20, count: 1 } });
      await h.call("GetSipRegistrations");
      await h.call("GetSipRegistrations");
      expect((await log()).map((e) => e.fault)).toEqual(["latency", undefined]);
    });

    it("count limits how often a fault fires; probability 0 never fires, 1 always; * matches any method", async () => {
      await h.admin("/faults", {
        body: [
          { method: "GetApplications", fault: "api_error", code: 2, probability: 0 },
          { method: "*", fault: "api_error", code: 4, count: 2 },
        ],
      });
      expectError(await h.call("GetApplications"), 4);
      expectError(await h.call("GetUsers", { application_id: 1 }), 4);
      expect((await h.call("GetApplications")).error).toBeUndefined();
      await h.admin("/faults", { method: "DELETE" });
      await h.admin("/faults", { body: { method: "GetApplications", fault: "api_error", code: 2, probability: 1 } });
      for (let i = 0; i < 3; i++) expectError(await h.call("GetApplications"), 2);
      const listed = (await h.admin("/faults")).body as unknown[];
      expect(listed).toHaveLength(1);
      await h.admin("/faults", { method: "DELETE" });
      expect((await h.call("GetApplications")).error).toBeUndefined();
    });

    it("several faults combine: latency plus a terminal fault", async () => {
      await h.admin("/faults", {
        body: [
          { method: "*", fault: "latency", latency_ms: 10, count: 1 },
          { method: "CreateSipRegistration", fault: "http_500", count: 1 },
          { method: "CreateSipRegistration", fault: "http_429", count: 1 },
        ],
      });
      const r = await fetch(`${h.emu.url}/CreateSipRegistration`, {
        method: "POST",
        headers: { authorization: await h.bearer() },
      });
      expect(r.status).toBe(500);
      // The second terminal fault was not consumed by the first call.
      const r2 = await fetch(`${h.emu.url}/CreateSipRegistration`, {
        method: "POST",
        headers: { authorization: await h.bearer() },
      });
      expect(r2.status).toBe(429);
    });

    it("rejects malformed fault descriptions with 400", async () => {
      for (const bad of [
        { method: "NoSuchMethod", fault: "http_500" },
        { method: "*", fault: "explode" },
        { method: "*", fault: "latency" },
        { method: "*", fault: "http_500", count: 0 },
        { method: "*", fault: "http_500", probability: 2 },
        { method: "*", fault: "api_error" },
      ]) {
        expect((await h.admin("/faults", { body: bad })).status).toBe(400);
      }
      expect((await h.admin("/faults")).body).toEqual([]);
    });
  });
});
