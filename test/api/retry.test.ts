import {
  ApiError,
  CancelledError,
  ClientValidationError,
  HttpStatusError,
  TransportError,
  parseRetryAfter,
  retryDecision,
  type TransportFailure,
  type VoximplantError,
} from "../../src/api";
import { classifyNetworkError } from "../../src/api/http";

const M = "GetSipRegistrations";
const api = (code: number, method = M): ApiError => new ApiError({ method, code, apiMessage: "x" });
const http = (status: number, retryAfterMs?: number, method = M): HttpStatusError =>
  new HttpStatusError({ method, status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
const net = (code: string, method = M): TransportError =>
  classifyNetworkError(method, Object.assign(new Error("boom"), { code }));
const half = (): number => 0.5;

describe("retryDecision: which failures are retried (idempotent method)", () => {
  const table: [string, VoximplantError, boolean][] = [
    ["API 1 fatal", api(1), true],
    ["API 2 internal", api(2), true],
    ["API 4 database", api(4), true],
    ["API 162 temporary", api(162), true],
    ["API 340 rate limit", api(340), true],
    ["API 416 retry later", api(416), true],
    ["API 484 resend", api(484), true],
    ["API 101 invalid args", api(101), false],
    ["API 275 not found", api(275), false],
    ["API 458 id+name", api(458), false],
    ["HTTP 429", http(429), true],
    ["HTTP 500", http(500), true],
    ["HTTP 502", http(502), true],
    ["HTTP 503", http(503), true],
    ["HTTP 400", http(400), false],
    ["HTTP 404", http(404), false],
    ["connect refused", net("ECONNREFUSED"), true],
    ["connect timeout", net("UND_ERR_CONNECT_TIMEOUT"), true],
    ["headers timeout", net("UND_ERR_HEADERS_TIMEOUT"), true],
    ["body timeout", net("UND_ERR_BODY_TIMEOUT"), true],
    ["socket closed", net("UND_ERR_SOCKET"), true],
    ["reset", net("ECONNRESET"), true],
    ["DNS temporary", net("EAI_AGAIN"), true],
    ["DNS unknown host", net("ENOTFOUND"), false],
    ["TLS certificate", net("CERT_HAS_EXPIRED"), false],
    ["cancelled", new CancelledError(M, false), false],
    ["local validation", new ClientValidationError(M, ["a"], "bad"), false],
  ];
  it.each(table)("%s → retry=%s", (_n, err, expected) => {
    expect(retryDecision(err, 1, M, { random: half }).retry).toBe(expected);
  });

  it.each([100, 104, 115, 433, 447, 454, 455, 456])("credentials code %i is never retried", (code) => {
    const err = api(code);
    expect(err.isCredentialsError).toBe(true);
    const d = retryDecision(err, 1, M);
    expect(d).toEqual({ retry: false, delayMs: 0, reason: "credentials problem" });
  });

  it("HTTP 401/403 are credentials errors, never retried", () => {
    expect(http(401).isCredentialsError).toBe(true);
    expect(retryDecision(http(403), 1, M).retry).toBe(false);
  });

  it("non-Voximplant errors are not retried", () => {
    expect(retryDecision(new Error("x"), 1, M).retry).toBe(false);
  });
});

describe("retryDecision: non-idempotent creates", () => {
  const C = "CreateSipRegistration";
  const table: [string, VoximplantError, boolean][] = [
    ["connect refused (never sent)", net("ECONNREFUSED", C), true],
    ["connect timeout (never sent)", net("UND_ERR_CONNECT_TIMEOUT", C), true],
    ["HTTP 429 (not executed)", http(429, undefined, C), true],
    ["API 340 (not executed)", api(340, C), true],
    ["API 416 (not executed)", api(416, C), true],
    ["headers timeout after send", net("UND_ERR_HEADERS_TIMEOUT", C), false],
    ["connection reset after send", net("UND_ERR_SOCKET", C), false],
    ["ECONNRESET", net("ECONNRESET", C), false],
    ["unknown network error", net("EWHATEVER", C), false],
    ["HTTP 500", http(500, undefined, C), false],
    ["HTTP 503 with Retry-After", http(503, 1000, C), false],
    ["API 1 fatal", api(1, C), false],
    ["API 2 internal", api(2, C), false],
    ["API 162 temporary", api(162, C), false],
    ["API 484 resend", api(484, C), false],
  ];
  it.each(table)("%s → retry=%s", (_n, err, expected) => {
    const d = retryDecision(err, 1, C, { random: half });
    expect(d.retry).toBe(expected);
    if (!expected && err.mayHaveCommitted) expect(d.reason).toMatch(/reconcile/);
  });

  it("flags ambiguous failures as mayHaveCommitted and clean refusals as not", () => {
    expect(net("UND_ERR_HEADERS_TIMEOUT", C).mayHaveCommitted).toBe(true);
    expect(net("UND_ERR_SOCKET", C).mayHaveCommitted).toBe(true);
    expect(http(500, undefined, C).mayHaveCommitted).toBe(true);
    expect(api(2, C).mayHaveCommitted).toBe(true);
    expect(net("ECONNREFUSED", C).mayHaveCommitted).toBe(false);
    expect(net("ENOTFOUND", C).mayHaveCommitted).toBe(false);
    expect(net("UND_ERR_CONNECT_TIMEOUT", C).mayHaveCommitted).toBe(false);
    expect(http(429, undefined, C).mayHaveCommitted).toBe(false);
    expect(api(340, C).mayHaveCommitted).toBe(false);
  });

  it.each(["AddApplication", "AddRule", "AddUser"])("%s is treated like a create too", (m) => {
    expect(retryDecision(net("UND_ERR_HEADERS_TIMEOUT", m), 1, m).retry).toBe(false);
    expect(retryDecision(net("ECONNREFUSED", m), 1, m, { random: half }).retry).toBe(true);
  });
});

describe("retryDecision: delays and bounds", () => {
  it("uses exponential back-off with full jitter", () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    const err = http(500);
    expect(retryDecision(err, 1, M, { policy, random: () => 0.999 }).delayMs).toBe(99);
    expect(retryDecision(err, 2, M, { policy, random: () => 0.999 }).delayMs).toBe(199);
    expect(retryDecision(err, 3, M, { policy, random: () => 0.5 }).delayMs).toBe(200);
    expect(retryDecision(err, 5, M, { policy, random: () => 0.999 }).delayMs).toBe(999); // capped
    expect(retryDecision(err, 5, M, { policy, random: () => 0 }).delayMs).toBe(0); // full jitter
  });

  it("honours Retry-After instead of the back-off", () => {
    const d = retryDecision(http(429, 7000), 1, M, { random: () => 0 });
    expect(d).toMatchObject({ retry: true, delayMs: 7000 });
    expect(d.reason).toMatch(/Retry-After 7 s/);
    expect(retryDecision(http(503, 2000), 1, M, { random: () => 0 }).delayMs).toBe(2000);
  });

  it("stops after maxRetries", () => {
    const err = http(502);
    expect(retryDecision(err, 5, M, { random: half }).retry).toBe(true);
    expect(retryDecision(err, 6, M, { random: half }).retry).toBe(false);
    expect(retryDecision(err, 2, M, { policy: { maxRetries: 1 }, random: half }).retry).toBe(false);
  });

  it("stops when the next attempt would exceed the total time budget", () => {
    expect(retryDecision(http(429, 5000), 1, M, { elapsedMs: 56_000 }).retry).toBe(false);
    expect(retryDecision(http(429, 5000), 1, M, { elapsedMs: 54_000 }).retry).toBe(true);
    expect(retryDecision(http(429, 120_000), 1, M).retry).toBe(false);
    expect(retryDecision(http(500), 1, M, { policy: { maxTotalMs: 10 }, elapsedMs: 11, random: () => 0 }).retry).toBe(
      false,
    );
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2025, 0, 1, 0, 0, 0);
  it("parses delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 9000).toUTCString(), now)).toBe(9000);
    expect(parseRetryAfter(new Date(now - 9000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter(["4", "5"], now)).toBe(4000);
  });
  it("ignores absent or garbage values", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
  });
});

describe("classifyNetworkError", () => {
  const cases: [string, TransportFailure, boolean][] = [
    ["ECONNREFUSED", "connect_refused", false],
    ["ENOTFOUND", "dns", false],
    ["UND_ERR_CONNECT_TIMEOUT", "connect_timeout", false],
    ["EHOSTUNREACH", "unreachable", false],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout", true],
    ["UND_ERR_SOCKET", "reset", true],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls", false],
    ["SOMETHING_NEW", "network", true],
  ];
  it.each(cases)("%s → %s, mayHaveCommitted=%s", (code, failure, may) => {
    const e = classifyNetworkError(M, Object.assign(new Error("x"), { code }));
    expect(e.failure).toBe(failure);
    expect(e.mayHaveCommitted).toBe(may);
    expect(e.causeCode).toBe(code);
  });
  it("finds the code on a wrapped cause", () => {
    const e = classifyNetworkError(
      M,
      Object.assign(new Error("fetch failed"), { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) }),
    );
    expect(e.failure).toBe("connect_refused");
  });
});
