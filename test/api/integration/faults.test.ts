// Retries under the emulator's injected faults, counted on the server side via /__emulator/calls,
// and the ambiguous-create path: drop_after_commit → mayHaveCommitted → reconcile finds exactly one.

import { CancelledError, HttpStatusError, TransportError, VoximplantClient } from "../../../src/api";
import { captureLogger } from "../helpers";
import { admin, callsOf, clientFor, fault, startEmulator, type Emu } from "./emu";

describe("VoximplantClient ↔ emulator: faults and retries", () => {
  let emu: Emu;
  let c: VoximplantClient;

  beforeAll(async () => {
    emu = await startEmulator({ seed: true });
    c = clientFor(emu, { requestTimeoutMs: 300 });
  });
  afterAll(async () => {
    await c.destroy();
    await emu.close();
  });
  beforeEach(async () => {
    await admin(emu, "POST", "/wipe"); // registrations, counters and faults
  });

  describe("idempotent calls are retried until they succeed", () => {
    it.each([
      ["http_500", {}],
      ["http_429", { retry_after: 0 }],
      ["reset", {}],
    ])("%s ×2 on GetSipRegistrations → 3 server calls, success", async (kind, extra) => {
      await fault(emu, { method: "GetSipRegistrations", fault: kind, count: 2, ...extra });
      await expect(c.getSipRegistrations()).resolves.toMatchObject({ result: [] });
      expect(await callsOf(emu, "GetSipRegistrations")).toBe(3);
    });

    it("latency beyond the request timeout → timeout, retried", async () => {
      await fault(emu, { method: "GetSipRegistrations", fault: "latency", latency_ms: 2500, count: 1 });
      await expect(c.getSipRegistrations()).resolves.toMatchObject({ result: [] });
      expect(await callsOf(emu, "GetSipRegistrations")).toBe(2);
    });

    it("transient API code 162 → retried", async () => {
      await fault(emu, { method: "*", fault: "api_error", code: 162, count: 1 });
      await expect(c.getApplications({})).resolves.toMatchObject({ result: expect.any(Array) });
      expect(await callsOf(emu, "GetApplications")).toBe(2);
    });

    it("Retry-After from a 429 is honoured (the wait shows in the log)", async () => {
      await fault(emu, { method: "GetSipRegistrations", fault: "http_429", retry_after: 1, count: 1 });
      const { lines, logger } = captureLogger();
      const logged = clientFor(emu, { logger });
      try {
        await logged.getSipRegistrations();
      } finally {
        await logged.destroy();
      }
      expect(lines.find((l) => l.level === "warn")?.fields).toMatchObject({ status: 429, delayMs: 1000 });
      expect(await callsOf(emu, "GetSipRegistrations")).toBe(2);
    });

    it("an update interrupted after commit is retried and converges", async () => {
      const { sip_registration_id } = await c.createSipRegistration({ sip_username: "u", proxy: "a.example.com" });
      await fault(emu, { method: "UpdateSipRegistration", fault: "drop_after_commit", count: 1 });
      await c.updateSipRegistration({ sip_registration_id, proxy: "b.example.com" });
      expect(await callsOf(emu, "UpdateSipRegistration")).toBe(2);
      expect((await c.getSipRegistrations({ sip_registration_id })).result[0]?.proxy).toBe("b.example.com");
    });

    it("a persistent fault exhausts maxRetries", async () => {
      await fault(emu, { method: "GetSipRegistrations", fault: "http_500" });
      const err = await c.getSipRegistrations().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpStatusError);
      expect(err).toMatchObject({ status: 500, attempts: 6 });
      expect(await callsOf(emu, "GetSipRegistrations")).toBe(6);
    });
  });

  describe("CreateSipRegistration", () => {
    const params = { sip_username: "create-1", proxy: "sip.example.com", password: "pw-create-1" };

    it("drop_after_commit → one call, ambiguous error; reconcile finds exactly one", async () => {
      await fault(emu, { method: "CreateSipRegistration", fault: "drop_after_commit", count: 1 });
      const err = await c.createSipRegistration(params).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ failure: "reset", mayHaveCommitted: true, attempts: 1 });
      expect(String((err as Error).message)).not.toContain("pw-create-1");
      expect(await callsOf(emu, "CreateSipRegistration")).toBe(1);
      const found = await c.findSipRegistrations({ sip_username: params.sip_username, proxy: params.proxy });
      expect(found).toHaveLength(1);
    });

    it.each(["http_500", "reset"])("%s → one call, ambiguous error, nothing to reconcile", async (kind) => {
      await fault(emu, { method: "CreateSipRegistration", fault: kind, count: 1 });
      const err = await c.createSipRegistration(params).catch((e: unknown) => e);
      expect(err).toMatchObject({ mayHaveCommitted: true, attempts: 1 });
      expect(await callsOf(emu, "CreateSipRegistration")).toBe(1);
      // These faults fire before the emulator executes anything.
      expect(await c.findSipRegistrations(params)).toHaveLength(0);
    });

    it("a timeout while the server is slow → ambiguous; the create lands later and reconcile finds it", async () => {
      await fault(emu, { method: "CreateSipRegistration", fault: "latency", latency_ms: 2500, count: 1 });
      const err = await c.createSipRegistration(params).catch((e: unknown) => e);
      expect(err).toMatchObject({ failure: "timeout", mayHaveCommitted: true, attempts: 1 });
      expect(await callsOf(emu, "CreateSipRegistration")).toBe(1);
      let found = await c.findSipRegistrations(params);
      for (let i = 0; i < 300 && found.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        found = await c.findSipRegistrations(params);
      }
      expect(found).toHaveLength(1);
    });

    it("http_429 (not executed) is retried and creates exactly one", async () => {
      await fault(emu, { method: "CreateSipRegistration", fault: "http_429", retry_after: 0, count: 2 });
      await expect(c.createSipRegistration(params)).resolves.toMatchObject({ sip_registration_id: expect.any(Number) });
      expect(await callsOf(emu, "CreateSipRegistration")).toBe(3);
      expect(await c.findSipRegistrations(params)).toHaveLength(1);
    });

    it("API 340 (rate limited, not executed) is retried", async () => {
      await fault(emu, { method: "CreateSipRegistration", fault: "api_error", code: 340, count: 1 });
      await c.createSipRegistration(params);
      expect(await callsOf(emu, "CreateSipRegistration")).toBe(2);
      expect(await c.findSipRegistrations(params)).toHaveLength(1);
    });

    it("API 2 (internal error) is not retried and may have committed", async () => {
      await fault(emu, { method: "CreateSipRegistration", fault: "api_error", code: 2, count: 1 });
      await expect(c.createSipRegistration(params)).rejects.toMatchObject({ code: 2, mayHaveCommitted: true });
      expect(await callsOf(emu, "CreateSipRegistration")).toBe(1);
    });
  });

  describe("cancellation", () => {
    it("abortAll() ends a call stuck in server latency", async () => {
      const slow = clientFor(emu, { requestTimeoutMs: 30_000 });
      try {
        await fault(emu, { method: "GetSipRegistrations", fault: "latency", latency_ms: 3000, count: 1 });
        const p = slow.getSipRegistrations().catch((e: unknown) => e);
        for (let i = 0; i < 200 && (await callsOf(emu, "GetSipRegistrations")) === 0; i++)
          await new Promise((r) => setTimeout(r, 10));
        slow.abortAll();
        expect(await p).toBeInstanceOf(CancelledError);
        expect(await callsOf(emu, "GetSipRegistrations")).toBe(1);
      } finally {
        await slow.destroy();
      }
    });
  });
});
