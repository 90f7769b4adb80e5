// VoximplantClient against a tiny real HTTP server: request shape, error mapping, retries,
// timeouts, resets, Retry-After, cancellation, redaction of logs and errors (paging: client-paging.test.ts).

import { jwtVerify } from "jose";
import {
  ApiError,
  CancelledError,
  ClientValidationError,
  CredentialsRefusedError,
  HttpStatusError,
  TransportError,
  VoximplantClient,
  type SipRegistration,
} from "../../src/api";
import { captureLogger, closedPort, fakeApiClients, FAST_RETRY, json, testCredentials, testKey } from "./helpers";

function reg(id: number, sip_username = `user${id}`, proxy = "sip.example.com"): SipRegistration {
  return { sip_registration_id: id, sip_username, proxy, is_persistent: true, deactivated: false };
}

describe("VoximplantClient over HTTP", () => {
  const creds = testCredentials();
  const fake = fakeApiClients(creds);
  const client = fake.client;

  it("POSTs a multipart form to {apiUrl}/{Method} with a valid Bearer JWT, no query string and no cmd", async () => {
    fake.api.setHandler((_q, res) => json(res, { result: [reg(1)], count: 1 }));
    const page = await client().getSipRegistrations({
      sip_username: "alice",
      application_id: [1, 2],
      is_persistent: true,
      count: 20,
    });
    expect(page.result).toEqual([reg(1)]);
    const [r] = fake.api.requests;
    expect(r!.method).toBe("POST");
    expect(r!.path).toBe("/platform_api/GetSipRegistrations");
    expect(r!.query).toBe("");
    expect(r!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=voximplant-[0-9a-f]{48}$/);
    expect(Object.fromEntries(r!.form)).toEqual({
      sip_username: "alice",
      application_id: "1;2",
      is_persistent: "true",
      count: "20",
    });
    const auth = r!.headers.authorization ?? "";
    expect(auth).toMatch(/^Bearer /);
    const { payload, protectedHeader } = await jwtVerify(auth.slice(7), testKey().publicKey);
    expect(protectedHeader.kid).toBe(creds.key_id);
    expect(payload.iss).toBe(creds.account_id);
  });

  it("reuses one JWT across calls and counts calls per method", async () => {
    fake.api.setHandler((_q, res) => json(res, { result: 1 }));
    const c = client();
    await c.deleteSipRegistration({ sip_registration_id: 1 });
    await c.deleteSipRegistration({ sip_registration_id: 2 });
    await c.updateSipRegistration({ sip_registration_id: 2, proxy: "p" });
    expect(fake.api.requests[0]!.headers.authorization).toBe(fake.api.requests[2]!.headers.authorization);
    expect(c.stats()).toMatchObject({
      calls: { DeleteSipRegistration: 2, UpdateSipRegistration: 1 },
      totalCalls: 3,
      totalRequests: 3,
      tokensSigned: 1,
    });
  });

  it("slows its own pace after a rate-limit answer", async () => {
    let n = 0;
    fake.api.setHandler((_q, res) => {
      n++;
      if (n === 1) return json(res, {}, 429, { "retry-after": "0" });
      json(res, { result: 1 });
    });
    const c = client({ rateLimit: { requestsPerSecond: 40, burst: 5 } });
    expect(c.stats().effectiveRequestsPerSecond).toBe(40);
    await c.deleteSipRegistration({ sip_registration_id: 1 });
    expect(c.stats().effectiveRequestsPerSecond).toBe(20);
    expect(client({ rateLimit: false }).stats().effectiveRequestsPerSecond).toBeUndefined();
  });

  it("takes the API URL from VOXIMPLANT_API_URL when no option is given", async () => {
    const c = new VoximplantClient({ credentials: creds, env: { VOXIMPLANT_API_URL: fake.api.url + "/" } });
    fake.destroyAfterTest(c);
    expect(c.apiUrl).toBe(fake.api.url);
    await c.deleteSipRegistration({ sip_registration_id: 1 });
    expect(fake.api.requests).toHaveLength(1);
    const d = new VoximplantClient({ credentials: creds, env: {} });
    fake.destroyAfterTest(d);
    expect(d.apiUrl).toBe("https://api.voximplant.com/platform_api");
  });

  it("maps 200 + error to ApiError with code, field and method; not retried", async () => {
    fake.api.setHandler((_q, res) => json(res, { error: { code: 274, msg: "proxy is invalid", field_name: "proxy" } }));
    const err = await client()
      .createSipRegistration({ sip_username: "u", proxy: "bad" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 274,
      fieldName: "proxy",
      method: "CreateSipRegistration",
      mayHaveCommitted: false,
      attempts: 1,
    });
    expect(fake.api.requests).toHaveLength(1);
  });

  it("falls back to errors[0]", async () => {
    fake.api.setHandler((_q, res) => json(res, { errors: [{ code: 101, msg: "bad" }] }));
    await expect(client().deleteSipRegistration({ sip_registration_id: 1 })).rejects.toMatchObject({ code: 101 });
  });

  it("retries transient API codes and 5xx, then succeeds", async () => {
    let n = 0;
    fake.api.setHandler((_q, res) => {
      n++;
      if (n === 1) return json(res, { error: { code: 162, msg: "later" } });
      if (n === 2) return json(res, { oops: true }, 502);
      if (n === 3) return json(res, {}, 500);
      json(res, { result: 1 });
    });
    const { lines, logger } = captureLogger();
    await expect(client({ logger }).updateSipRegistration({ sip_registration_id: 3, proxy: "p" })).resolves.toEqual({
      result: 1,
    });
    expect(fake.api.requests).toHaveLength(4);
    expect(lines.filter((l) => l.level === "warn").map((l) => l.fields?.outcome)).toEqual([
      "api_error",
      "http_status",
      "http_status",
    ]);
  });

  it("gives up after maxRetries with the last error", async () => {
    fake.api.setHandler((_q, res) => json(res, {}, 503));
    const err = await client({ retry: { ...FAST_RETRY, maxRetries: 2 } })
      .getSipRegistrations()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status: 503, attempts: 3 });
    expect(fake.api.requests).toHaveLength(3);
  });

  it("does not retry other 4xx statuses and quotes the (redacted) body", async () => {
    fake.api.setHandler((_q, res) => json(res, { message: "no such route" }, 404));
    const err = await client()
      .getSipRegistrations()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as Error).message).toMatch(/HTTP status 404.*no such route/);
    expect(fake.api.requests).toHaveLength(1);
  });

  it("honours Retry-After (seconds and HTTP date) on 429/503", async () => {
    let n = 0;
    fake.api.setHandler((_q, res) => {
      n++;
      if (n === 1) return json(res, {}, 429, { "retry-after": "1" });
      if (n === 2) return json(res, {}, 503, { "retry-after": new Date(Date.now() + 1000).toUTCString() });
      json(res, { result: [], count: 0 });
    });
    const { lines, logger } = captureLogger();
    await client({ logger, rateLimit: false }).getSipRegistrations();
    const delays = lines.filter((l) => l.level === "warn").map((l) => l.fields?.delayMs as number);
    expect(delays[0]).toBe(1000);
    expect(delays[1]).toBeGreaterThan(0);
    expect(delays[1]).toBeLessThanOrEqual(1000);
    expect(fake.api.requests).toHaveLength(3);
  });

  it("retries a read after a response timeout", async () => {
    let n = 0;
    fake.api.setHandler((_q, res) => {
      n++;
      if (n === 1) return; // never answer
      json(res, { result: [], count: 0 });
    });
    await expect(client({ requestTimeoutMs: 150 }).getSipRegistrations()).resolves.toMatchObject({ result: [] });
    expect(fake.api.requests).toHaveLength(2);
  });

  it("rejects a 2xx body that is not a JSON object", async () => {
    fake.api.setHandler((_q, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>proxy</html>");
    });
    const err = await client({ retry: { maxRetries: 0 } })
      .getSipRegistrations()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ failure: "invalid_response", mayHaveCommitted: true });
  });

  it("rejects a list response without a result array", async () => {
    fake.api.setHandler((_q, res) => json(res, { result: 1 }));
    await expect(client({ retry: { maxRetries: 0 } }).getSipRegistrations()).rejects.toMatchObject({
      failure: "invalid_response",
    });
  });

  describe("CreateSipRegistration is never retried once it may have been sent", () => {
    it("response timeout → one request, ambiguous error", async () => {
      fake.api.setHandler(() => undefined);
      const err = await client({ requestTimeoutMs: 150 })
        .createSipRegistration({ sip_username: "u", proxy: "p" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ failure: "timeout", mayHaveCommitted: true, attempts: 1 });
      expect(fake.api.requests).toHaveLength(1);
    });

    it("connection reset after the request was read → one request, ambiguous error", async () => {
      fake.api.setHandler((_q, _res, raw) => raw.socket.destroy());
      const err = await client()
        .createSipRegistration({ sip_username: "u", proxy: "p" })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ failure: "reset", mayHaveCommitted: true, attempts: 1 });
      expect(fake.api.requests).toHaveLength(1);
    });

    it("HTTP 500 → one request, ambiguous error", async () => {
      fake.api.setHandler((_q, res) => json(res, {}, 500));
      const err = await client()
        .createSipRegistration({ sip_username: "u", proxy: "p" })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 500, mayHaveCommitted: true });
      expect(fake.api.requests).toHaveLength(1);
    });

    it("HTTP 429 and API 340 (not executed) are retried", async () => {
      let n = 0;
      fake.api.setHandler((_q, res) => {
        n++;
        if (n === 1) return json(res, {}, 429, { "retry-after": "0" });
        if (n === 2) return json(res, { error: { code: 340, msg: "rate" } });
        json(res, { result: 1, sip_registration_id: 77 });
      });
      await expect(client().createSipRegistration({ sip_username: "u", proxy: "p" })).resolves.toMatchObject({
        sip_registration_id: 77,
      });
      expect(fake.api.requests).toHaveLength(3);
    });

    it("a rate-limit refusal followed by a timeout still reports mayHaveCommitted", async () => {
      let n = 0;
      fake.api.setHandler((_q, res) => {
        n++;
        if (n === 1) json(res, { error: { code: 340, msg: "rate" } });
      });
      const err = await client({ requestTimeoutMs: 150 })
        .createSipRegistration({ sip_username: "u", proxy: "p" })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ failure: "timeout", mayHaveCommitted: true, attempts: 2 });
    });

    it("connection refused is retried and, in the end, reported as not committed", async () => {
      const port = await closedPort();
      const c = client({ apiUrl: `http://127.0.0.1:${port}/platform_api`, retry: { ...FAST_RETRY, maxRetries: 2 } });
      const err = await c.createSipRegistration({ sip_username: "u", proxy: "p" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ failure: "connect_refused", mayHaveCommitted: false, attempts: 3 });
      expect(c.stats().requests.CreateSipRegistration).toBe(3);
    });
  });

  describe("credentials errors", () => {
    it.each([100, 433, 447, 455, 456])(
      "API %i is not retried, and no later call of any method is sent",
      async (code) => {
        fake.api.setHandler((_q, res) => json(res, { error: { code, msg: "authorization failed" } }));
        const c = client({ credentialsSource: 'credentials_file "creds.json"' });
        const err = await c.getSipRegistrations().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).isCredentialsError).toBe(true);
        expect((err as ApiError).credentialsSource).toBe('credentials_file "creds.json"');
        expect(fake.api.requests).toHaveLength(1);
        for (const later of [
          c.getSipRegistrations(),
          c.getApplications(),
          c.deleteSipRegistration({ sip_registration_id: 1 }),
        ]) {
          const e = await later.catch((x: unknown) => x);
          expect(e).toBeInstanceOf(CredentialsRefusedError);
          expect(e).toMatchObject({
            isCredentialsError: true,
            mayHaveCommitted: false,
            credentialsSource: 'credentials_file "creds.json"',
          });
          expect((e as CredentialsRefusedError).refusal).toBe(err);
          expect((e as Error).message).toContain(`error ${code}: authorization failed`);
        }
        expect(fake.api.requests).toHaveLength(1);
      },
    );

    it("HTTP 401 stops every later call too", async () => {
      fake.api.setHandler((_q, res) => json(res, {}, 401));
      const c = client();
      await expect(c.getApplications()).rejects.toMatchObject({ status: 401 });
      await expect(c.getSipRegistrations()).rejects.toBeInstanceOf(CredentialsRefusedError);
      expect(fake.api.requests).toHaveLength(1);
    });

    it("104 (the key's roles forbid the method) stops only that method", async () => {
      fake.api.setHandler((q, res) =>
        q.path.endsWith("GetUsers") || q.form.get("cmd") === "GetUsers"
          ? json(res, { error: { code: 104, msg: "command forbidden" } })
          : json(res, { result: [], count: 0, total_count: 0 }),
      );
      const c = client();
      await expect(c.getUsers({ application_id: 1 })).rejects.toMatchObject({ code: 104 });
      await expect(c.getUsers({ application_id: 1 })).rejects.toBeInstanceOf(CredentialsRefusedError);
      await expect(c.getApplications()).resolves.toMatchObject({ result: [] });
      expect(fake.api.requests).toHaveLength(2);
    });

    it(
      "calls made side by side before the first answer wait for it: one refused " + "request, not one per call",
      async () => {
        fake.api.setHandler((_q, res) =>
          setTimeout(() => json(res, { error: { code: 100, msg: "authorization failed" } }), 50),
        );
        const c = client();
        const results = await Promise.all(
          Array.from({ length: 20 }, () => c.getSipRegistrations().catch((e: unknown) => e)),
        );
        expect(fake.api.requests).toHaveLength(1);
        expect(results.filter((r) => r instanceof ApiError)).toHaveLength(1);
        expect(results.filter((r) => r instanceof CredentialsRefusedError)).toHaveLength(19);
      },
    );

    it("once a first answer arrived, calls go out side by side again", async () => {
      let inFlight = 0;
      let most = 0;
      fake.api.setHandler((_q, res) => {
        inFlight++;
        most = Math.max(most, inFlight);
        setTimeout(() => {
          inFlight--;
          json(res, { result: [], count: 0, total_count: 0 });
        }, 30);
      });
      const c = client({ rateLimit: false });
      await c.getApplications();
      await Promise.all(Array.from({ length: 5 }, () => c.getApplications()));
      expect(most).toBe(5);
    });

    it("names where the credentials came from, never their content", () => {
      const inline = new VoximplantClient({ credentialsJson: JSON.stringify(creds), apiUrl: fake.api.url, env: {} });
      fake.destroyAfterTest(inline);
      expect(inline["credentialsSource"]).toBe("inline JSON");
      const fromEnv = new VoximplantClient({
        apiUrl: fake.api.url,
        env: { VOXIMPLANT_CREDENTIALS: JSON.stringify(creds) },
      });
      fake.destroyAfterTest(fromEnv);
      expect(fromEnv["credentialsSource"]).toBe("VOXIMPLANT_CREDENTIALS (inline JSON)");
    });
  });

  describe("local validation", () => {
    it("id and name of the same object → error naming both, no HTTP call", async () => {
      const c = client();
      const err = await c
        .updateSipRegistration({ sip_registration_id: 1, application_id: 1, application_name: "app" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClientValidationError);
      expect((err as ClientValidationError).fields).toEqual(["application_id", "application_name"]);
      expect((err as Error).message).toMatch(/application_id.*application_name/);
      await expect(
        c.createSipRegistration({ sip_username: "u", proxy: "p", user_id: 1, user_name: "x" }),
      ).rejects.toThrow(/user_id or user_name/);
      await expect(
        c.bindSipRegistration({ sip_registration_id: 1, rule_id: 1, rule_name: "r" }),
      ).rejects.toBeInstanceOf(ClientValidationError);
      expect(fake.api.requests).toHaveLength(0);
      expect(c.stats().totalRequests).toBe(0);
    });
  });

  describe("cancellation", () => {
    it("an AbortSignal cancels a request in flight", async () => {
      fake.api.setHandler(() => undefined);
      const ac = new AbortController();
      const p = client().getSipRegistrations({}, { signal: ac.signal });
      await waitFor(() => fake.api.requests.length === 1);
      ac.abort();
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelledError);
      expect(err).toMatchObject({ mayHaveCommitted: true });
    });

    it("an already-aborted signal sends nothing", async () => {
      const err = await client()
        .getSipRegistrations({}, { signal: AbortSignal.abort() })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ name: "CancelledError", mayHaveCommitted: false });
      expect(fake.api.requests).toHaveLength(0);
    });

    it("abortAll() cancels in-flight requests and pending retry sleeps; the client stays usable", async () => {
      fake.api.setHandler((q, res) => {
        if (q.path.endsWith("DeleteSipRegistration")) return json(res, {}, 500); // → long back-off
        if (q.path.endsWith("GetSipRegistrations")) return; // hangs
        json(res, { result: 1 });
      });
      const c = client({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxTotalMs: 600_000 }, random: () => 0.99 });
      const sleeping = c.deleteSipRegistration({ sip_registration_id: 1 }).catch((e: unknown) => e);
      const hanging = c.getSipRegistrations().catch((e: unknown) => e);
      await waitFor(() => fake.api.requests.length === 2);
      expect(c.inflightCount).toBe(2);
      c.abortAll();
      const [a, b] = await Promise.all([sleeping, hanging]);
      expect(a).toBeInstanceOf(CancelledError);
      expect(a).toMatchObject({ mayHaveCommitted: true }); // the 500 attempt may have executed
      expect(b).toBeInstanceOf(CancelledError);
      expect(c.inflightCount).toBe(0);
      await expect(c.updateSipRegistration({ sip_registration_id: 1, proxy: "x" })).resolves.toEqual({ result: 1 });
    });
  });

  describe("redaction", () => {
    it("no password, JWT or private key in errors or logs", async () => {
      const password = "Sup3r-Secret-Pa55";
      let n = 0;
      fake.api.setHandler((q, res) => {
        n++;
        // A hostile server echoing everything it got, including the Authorization header.
        const echo = `password ${q.form.get("password")} auth ${q.headers.authorization} key ${creds.private_key}`;
        if (n === 1) return json(res, { msg: echo }, 502);
        json(res, { error: { code: 496, msg: echo, field_name: "password" } });
      });
      const { lines, logger } = captureLogger();
      const c = client({ logger });
      const err = await c.updateSipRegistration({ sip_registration_id: 1, password }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      const everything = [
        String((err as Error).message),
        (err as ApiError).apiMessage,
        JSON.stringify(lines),
        (err as Error).stack ?? "",
      ].join("\n");
      const token = (fake.api.requests[0]!.headers.authorization ?? "").slice(7);
      expect(token.length).toBeGreaterThan(20);
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(token.split(".")[2]!);
      expect(everything).not.toContain("BEGIN PRIVATE KEY");
      for (const line of creds.private_key.split("\n").filter((l) => l && !l.startsWith("-----"))) {
        expect(everything).not.toContain(line);
      }
      // The logs still say what happened.
      expect(lines.map((l) => l.fields?.method)).toEqual(["UpdateSipRegistration", "UpdateSipRegistration"]);
      expect(lines[1]!.fields).toMatchObject({
        outcome: "api_error",
        code: 496,
        attempt: 2,
        params: { sip_registration_id: 1, password: "[REDACTED]" },
      });
    });

    it("logs each call with method, attempt, duration and outcome", async () => {
      fake.api.setHandler((_q, res) => json(res, { result: 1 }));
      const { lines, logger } = captureLogger();
      await client({ logger })
        .addUser({ user_name: "u1", user_display_name: "U", user_password: "Aa1!aaaaaa", application_id: 1 })
        .catch(() => undefined);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.fields).toMatchObject({ method: "AddUser", attempt: 1, outcome: "invalid_response" });
      expect(typeof lines[0]!.fields?.durationMs).toBe("number");
      expect(JSON.stringify(lines)).not.toContain("Aa1!aaaaaa");
    });

    it("writes only the levels logEnabled allows, still redacted", async () => {
      let n = 0;
      fake.api.setHandler((_q, res) => (++n === 1 ? json(res, { msg: "busy" }, 503) : json(res, { result: 1 })));
      const { lines, logger } = captureLogger();
      const asked: string[] = [];
      const logEnabled = (level: string): boolean => {
        asked.push(level);
        return level !== "debug";
      };
      await client({ logger, logEnabled, rateLimit: false }).updateSipRegistration({
        sip_registration_id: 4,
        password: "Pa55-word!",
      });
      // the retry warning is written, the successful call's debug record is not
      expect(lines.map((l) => l.level)).toEqual(["warn"]);
      expect(lines[0]!.fields).toMatchObject({ params: { sip_registration_id: 4, password: "[REDACTED]" } });
      expect(asked).toEqual(["warn", "debug"]);
    });
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error("condition not reached");
}
