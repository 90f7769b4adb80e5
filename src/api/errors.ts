// Error taxonomy of the Management API client.
//
// The split that matters to callers is "did the server answer?" versus "did it maybe not":
//   ApiError        – the server answered HTTP 2xx with an `error` object. It definitely processed
//                     (and, with the few exceptions flagged below, rejected) the request.
//   TransportError  – no usable answer: network failure, timeout, non-2xx HTTP status, garbage body.
//   CancelledError  – the caller (or abortAll) cancelled the call.
//   ClientValidationError – rejected locally before anything was sent.
// Every one carries `mayHaveCommitted`: true when the request may have reached the server and been
// executed although we did not get a definitive answer. Creating a SIP registration costs money and
// has no idempotency key, so the caller must look the object up before trying again when it is set.
//
// Messages never contain secrets: the client builds them from method names, field names, codes and
// (redacted) server text only.

/**
 * API error codes that mean "these credentials/this token cannot do this" (docs/design/voximplant-api.md, "Errors").
 */
export const CREDENTIALS_ERROR_CODES: ReadonlySet<number> = new Set([100, 104, 115, 433, 447, 454, 455, 456]);

/**
 * API error codes that mean the server had an internal failure while handling the request, so it
 * may have applied part or all of it before failing (1 fatal, 2 internal, 4 database).
 */
export const SERVER_FAILURE_CODES: ReadonlySet<number> = new Set([1, 2, 4]);

/** API codes that say "rejected because of load, nothing was executed" (docs/design/voximplant-api.md, "Errors"). */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([340, 416]);

export abstract class VoximplantError extends Error {
  /** Management API method the call was for, e.g. "CreateSipRegistration". */
  readonly method: string;
  /**
   * True when the request may have reached the server and been executed even though the call
   * failed. When a retried call fails, this is true if ANY attempt may have committed.
   */
  mayHaveCommitted: boolean;
  /** How many HTTP attempts were made (0 when rejected before sending). */
  attempts: number;
  /**
   * For a refusal of the credentials: where they came from (a file path, an environment
   * variable, "inline JSON"), as the client was told. Never any part of the key.
   */
  credentialsSource?: string;

  protected constructor(message: string, method: string, mayHaveCommitted: boolean) {
    super(message);
    this.name = new.target.name;
    this.method = method;
    this.mayHaveCommitted = mayHaveCommitted;
    this.attempts = 0;
  }

  /** True when the failure is about the credentials or token; such calls are never retried. */
  get isCredentialsError(): boolean {
    return false;
  }
}

export class ApiError extends VoximplantError {
  readonly code: number;
  /** The `field_name` the server blamed, when it said. */
  readonly fieldName?: string;
  /** The server's `msg`, already redacted. Free text: never branch on it. */
  readonly apiMessage: string;

  constructor(init: { method: string; code: number; apiMessage: string; fieldName?: string }) {
    const field = init.fieldName ? ` (field ${init.fieldName})` : "";
    super(
      `Voximplant ${init.method} failed with API error ${init.code}${field}: ${init.apiMessage}`,
      init.method,
      // An internal server failure may have happened after the change was written.
      SERVER_FAILURE_CODES.has(init.code),
    );
    this.code = init.code;
    this.apiMessage = init.apiMessage;
    if (init.fieldName !== undefined) this.fieldName = init.fieldName;
  }

  override get isCredentialsError(): boolean {
    return CREDENTIALS_ERROR_CODES.has(this.code);
  }

  /** True for the API's own "slow down / try later, nothing done" answers. */
  get isRateLimited(): boolean {
    return RATE_LIMIT_CODES.has(this.code);
  }
}

/**
 * What went wrong below the API level.
 *   dns / connect_refused / connect_timeout / unreachable / tls – never reached the server.
 *   timeout  – sent, but the response (headers or body) did not arrive in time.
 *   reset    – the connection broke after the request was (possibly) written.
 *   network  – any other socket-level failure.
 *   http_status – the server (or a gateway) answered with a non-2xx status.
 *   invalid_response – 2xx, but the body was not the JSON object we expect.
 */
export type TransportFailure =
  | "dns"
  | "connect_refused"
  | "connect_timeout"
  | "unreachable"
  | "tls"
  | "timeout"
  | "reset"
  | "network"
  | "http_status"
  | "invalid_response";

export class TransportError extends VoximplantError {
  readonly failure: TransportFailure;
  /** Low-level error code such as ECONNREFUSED or UND_ERR_HEADERS_TIMEOUT, when there was one. */
  readonly causeCode?: string;

  constructor(init: {
    method: string;
    failure: TransportFailure;
    mayHaveCommitted: boolean;
    detail: string;
    causeCode?: string;
  }) {
    super(`Voximplant ${init.method} failed: ${init.detail}`, init.method, init.mayHaveCommitted);
    this.failure = init.failure;
    if (init.causeCode !== undefined) this.causeCode = init.causeCode;
  }
}

export class HttpStatusError extends TransportError {
  readonly status: number;
  /** Parsed Retry-After header (seconds or HTTP date) as a delay from the response time. */
  readonly retryAfterMs?: number;

  constructor(init: { method: string; status: number; retryAfterMs?: number; detail?: string }) {
    super({
      method: init.method,
      failure: "http_status",
      // 5xx: the request got past the gateway and may have been executed. 4xx (429 included):
      // the request was refused and not executed.
      mayHaveCommitted: init.status >= 500,
      detail: `HTTP status ${init.status}${init.detail ? `: ${init.detail}` : ""}`,
    });
    this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  override get isCredentialsError(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export class CancelledError extends VoximplantError {
  constructor(method: string, mayHaveCommitted: boolean) {
    super(`Voximplant ${method} was cancelled`, method, mayHaveCommitted);
  }
}

/** Rejected before sending: the parameters break a rule we can check locally. */
export class ClientValidationError extends VoximplantError {
  /** The parameter names involved, e.g. ["application_id", "application_name"]. */
  readonly fields: readonly string[];

  constructor(method: string, fields: readonly string[], problem: string) {
    super(`Voximplant ${method}: ${problem}`, method, false);
    this.fields = fields;
  }
}

export function isVoximplantError(e: unknown): e is VoximplantError {
  return e instanceof VoximplantError;
}
