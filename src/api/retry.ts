// Retry policy: which failures are worth another attempt, and after how long.
//
// Retried: network failures, HTTP 429 and 5xx, and API codes 1, 2, 4 (server failures), 162
// (temporary failure), 340 (rate limit), 416 (retry later), 484 (probable automatic resend, retry
// later) — docs/design/voximplant-api.md, "Errors". Back-off is exponential with full jitter (a uniformly random delay
// in
// [0, min(cap, base·2^(attempt−1))]), which spreads out clients that failed together; a Retry-After
// header on 429/503 replaces it. Attempts and total time are both bounded.
//
// Methods that create objects are not idempotent (no idempotency key exists). Creating a SIP
// registration also reserves a month's fee. So they are retried ONLY after failures that certainly
// did not execute: the connection never reached the server, or the server refused with a
// rate-limit answer (HTTP 429, API 340/416). After an ambiguous failure (timeout after sending,
// reset, 5xx, API 1/2/4) the error is returned with `mayHaveCommitted = true` and the caller must
// reconcile (look the object up) before trying again.
//
// `retryDecision` is pure (randomness and elapsed time are parameters) so that it can be tested
// exhaustively with tables.

import { ApiError, HttpStatusError, RATE_LIMIT_CODES, TransportError, VoximplantError } from "./errors";

export interface RetryPolicy {
  /** Retries after the first attempt (so at most maxRetries + 1 requests). Default 5. */
  maxRetries: number;
  /** First back-off cap. Default 250 ms. */
  baseDelayMs: number;
  /** Largest back-off cap. Default 10 s. */
  maxDelayMs: number;
  /** No retry is started if it would end later than this after the call began. Default 60 s. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxTotalMs: 60_000,
});

/** API error codes after which another attempt may succeed. */
export const RETRYABLE_API_CODES: ReadonlySet<number> = new Set([1, 2, 4, 162, 340, 416, 484]);

/** Methods that create a new object on every successful execution. */
export const NON_IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  "CreateSipRegistration",
  "AddApplication",
  "AddScenario",
  "AddRule",
  "AddUser",
]);

export interface RetryDecision {
  retry: boolean;
  /** Wait before the next attempt (0 when not retrying). */
  delayMs: number;
  /** Short explanation for logs. */
  reason: string;
}

export interface RetryContext {
  policy?: Partial<RetryPolicy>;
  /** Time since the call began (ms). */
  elapsedMs?: number;
  /** Uniform [0,1) source for the jitter. */
  random?: () => number;
}

const no = (reason: string): RetryDecision => ({ retry: false, delayMs: 0, reason });

/** Is this failure transient, ignoring idempotency? */
function isTransient(error: VoximplantError): boolean {
  if (error instanceof ApiError) return RETRYABLE_API_CODES.has(error.code);
  if (error instanceof HttpStatusError) return error.status === 429 || error.status >= 500;
  if (error instanceof TransportError) {
    switch (error.failure) {
      case "dns":
        // A misspelt host (ENOTFOUND) stays misspelt; only a resolver hiccup is worth waiting for.
        return error.causeCode === "EAI_AGAIN";
      case "connect_refused":
      case "connect_timeout":
      case "unreachable":
      case "timeout":
      case "reset":
      case "network":
      case "invalid_response":
        return true;
      default:
        return false;
    }
  }
  return false;
}

/** A refusal that guarantees the request was not executed. */
function isCertainlyNotExecuted(error: VoximplantError): boolean {
  if (error instanceof ApiError) return RATE_LIMIT_CODES.has(error.code);
  if (error instanceof HttpStatusError) return error.status === 429;
  if (error instanceof TransportError) return !error.mayHaveCommitted;
  return false;
}

/**
 * Decides whether a failed attempt should be retried.
 * @param attempt the number of the attempt that just failed (1 for the first request)
 */
export function retryDecision(error: unknown, attempt: number, method: string, ctx: RetryContext = {}): RetryDecision {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...ctx.policy };
  if (!(error instanceof VoximplantError)) return no("not a Voximplant API failure");
  if (!(error instanceof ApiError) && !(error instanceof TransportError)) return no(`${error.name} is final`);
  if (error.isCredentialsError) return no("credentials problem");
  if (!isTransient(error)) return no("not a transient failure");
  if (NON_IDEMPOTENT_METHODS.has(method) && !isCertainlyNotExecuted(error)) {
    return no(`${method} may have been executed; reconcile before retrying`);
  }
  if (attempt > policy.maxRetries) return no(`gave up after ${attempt} attempts`);

  let delayMs: number;
  let reason: string;
  if (error instanceof HttpStatusError && error.retryAfterMs !== undefined) {
    delayMs = Math.max(0, error.retryAfterMs);
    reason = `HTTP ${error.status}, Retry-After ${Math.ceil(delayMs / 1000)} s`;
  } else {
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    delayMs = Math.floor((ctx.random ?? Math.random)() * cap);
    reason = "transient failure, backing off";
  }
  const elapsed = ctx.elapsedMs ?? 0;
  if (elapsed + delayMs > policy.maxTotalMs) return no(`retry would exceed the ${policy.maxTotalMs} ms budget`);
  return { retry: true, delayMs, reason };
}

/**
 * Parses a Retry-After header value (delta-seconds or an HTTP date) into a delay in ms from
 * `nowMs`. Returns undefined when absent or unparsable; a date in the past yields 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  // An HTTP date always names a month; this keeps Date.parse's lenient forms ("-1") out.
  if (!/[a-z]{3}/i.test(t)) return undefined;
  const date = Date.parse(t);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
