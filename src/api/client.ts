// VoximplantClientCore: the machinery every typed call of the Management API goes through (one
// keep-alive HTTP pool, JWT auth, client-side rate limiting, retries, cancellation, redacted
// logging, per-method call counters, paging) and the SIP registration calls. VoximplantClient
// (setup-calls.ts) adds the calls of the objects around registrations.
//
// Every call goes through `call()`: local checks → encode → (rate limit → token → POST → decode)
// repeated per the retry policy. Parameter and result types use the API's own field names.

import { defaultCredentialsSource, resolveCredentials, type ServiceAccountCredentials } from "./credentials";
import { encodeFormData } from "./encode";
import {
  ApiError,
  CancelledError,
  ClientValidationError,
  HttpStatusError,
  TransportError,
  VoximplantError,
} from "./errors";
import { API_URL_ENV_VAR, DEFAULT_API_URL, HttpTransport } from "./http";
import { JwtSigner } from "./jwt";
import { RateLimiter, type RateLimitOptions } from "./rate-limit";
import { CredentialsRefusedError, RefusalLatch } from "./refusal";
import { created, extractApiError, listPage, mutation, type Decoder } from "./responses";
import { redactParams, redactText, secretValuesOf } from "./redact";
import { DEFAULT_RETRY_POLICY, retryDecision, type RetryPolicy } from "./retry";
import { abortableSleep } from "./sleep";
import type {
  ApiMethod,
  BindSipRegistrationParams,
  CreateSipRegistrationParams,
  CreateSipRegistrationResult,
  DeleteSipRegistrationParams,
  GetSipRegistrationsParams,
  GetSipRegistrationsResult,
  ListResult,
  MutationResult,
  SipRegistration,
  SipRegistrationFilters,
  UpdateSipRegistrationParams,
} from "./types";

/**
 * The fewest rows per page a server is assumed to serve when asked for more (paging): the page
 * cap of the Management API is not published, and a cap of one row is not plausible.
 */
const MIN_SERVER_PAGE_CAP = 2;

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  /** Rows requested per page (default 1000). The server may return fewer; see listSipRegistrations. */
  pageSize?: number;
}

export interface VoximplantClientOptions {
  /** Credentials already loaded (validated again). Otherwise credentialsJson / credentialsPath / env. */
  credentials?: ServiceAccountCredentials;
  /** Inline credentials.json text. */
  credentialsJson?: string;
  /** Path of credentials.json. */
  credentialsPath?: string;
  /** Base URL. Default: env VOXIMPLANT_API_URL, else https://api.voximplant.com/platform_api. */
  apiUrl?: string;
  /** Environment for VOXIMPLANT_CREDENTIALS / VOXIMPLANT_API_URL. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Act on a child account: its id goes into the JWT `iss` (docs/design/voximplant-api.md, "Credentials and tokens").
   */
  accountId?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /**
   * PEM file of certificate authorities the API connection trusts beyond Node.js's default ones
   * (like NODE_EXTRA_CA_CERTS, for this client only), read on the first connection. An unusable
   * file is logged as a warning and ignored, as Node.js does with NODE_EXTRA_CA_CERTS.
   */
  extraCaCertsFile?: string;
  keepAliveTimeoutMs?: number;
  connections?: number;
  retry?: Partial<RetryPolicy>;
  /** Token bucket settings, or false to disable client-side pacing. */
  rateLimit?: RateLimitOptions | false;
  /** JWT lifetime tuning (defaults: backdate 5 s, lifetime 60 s, refresh margin 10 s). */
  jwt?: { backdateSeconds?: number; lifetimeSeconds?: number; refreshMarginSeconds?: number };
  logger?: Logger;
  /**
   * Whether the logger would write a record of this level. Lets the client skip building log
   * fields (redacted parameter copies) that nobody reads; default: every level is written.
   */
  logEnabled?: (level: LogLevel) => boolean;
  /** Clock (ms since epoch) for JWTs, the rate limiter and Retry-After dates. */
  now?: () => number;
  /** Jitter source, uniform in [0,1). */
  random?: () => number;
  userAgent?: string;
  /**
   * Where the credentials came from, for error messages (e.g. `credentials_file "creds.json"`).
   * Default: the path, "inline JSON" or the environment variable they were read from.
   */
  credentialsSource?: string;
}

export interface ClientStats {
  /** Logical calls per method (a retried call counts once). */
  calls: Record<string, number>;
  /** HTTP requests per method (every attempt). */
  requests: Record<string, number>;
  totalCalls: number;
  totalRequests: number;
  /** JWTs signed so far. */
  tokensSigned: number;
  /** Rate the client-side limiter currently allows (lower after 429/340/416); undefined if disabled. */
  effectiveRequestsPerSecond: number | undefined;
}

/** Pairs of parameters naming the same object; at most one of each pair may be given. */
const EXCLUSIVE_PAIRS: readonly (readonly [string, string])[] = [
  ["application_id", "application_name"],
  ["rule_id", "rule_name"],
  ["user_id", "user_name"],
  ["scenario_id", "scenario_name"],
  ["application_id", "required_application_name"],
  ["scenario_id", "required_scenario_name"],
];

/** In these methods the `*_name` parameter is the object's new name, so it goes with the id. */
const NEW_NAME_PARAM: Partial<Record<ApiMethod, string>> = {
  SetApplicationInfo: "application_name",
  SetScenarioInfo: "scenario_name",
};

/** Required parameters per method: a name, or a group of alternatives of which one is needed. */
const REQUIRED: Partial<Record<ApiMethod, readonly (string | readonly string[])[]>> = {
  CreateSipRegistration: ["sip_username", "proxy"],
  UpdateSipRegistration: ["sip_registration_id"],
  DeleteSipRegistration: ["sip_registration_id"],
  AddApplication: ["application_name"],
  DelApplication: [["application_id", "application_name"]],
  GetRules: [["application_id", "application_name"]],
  AddRule: [["application_id", "application_name"], "rule_name", "rule_pattern"],
  DelRule: [["rule_id", "rule_name"]],
  GetUsers: [["application_id", "application_name"]],
  AddUser: ["user_name", "user_display_name", "user_password", ["application_id", "application_name"]],
  DelUser: [["user_id", "user_name"]],
  SetApplicationInfo: [["application_id", "required_application_name"]],
  AddScenario: ["scenario_name"],
  SetScenarioInfo: [["scenario_id", "required_scenario_name"]],
  DelScenario: [["scenario_id", "scenario_name"]],
  BindScenario: [
    ["scenario_id", "scenario_name"],
    ["rule_id", "rule_name"],
    ["application_id", "application_name"],
  ],
  ReorderScenarios: [["rule_id", "rule_name"], "scenario_id"],
  SetRuleInfo: ["rule_id"],
  ReorderRules: ["rule_id"],
  SetUserInfo: [["user_id", "user_name"]],
};

function isGiven(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "";
}

/** Local checks that need no server: id+name of one object together, required parameters. */
export function checkParams(method: ApiMethod, params: Record<string, unknown>): void {
  for (const [a, b] of EXCLUSIVE_PAIRS) {
    if (NEW_NAME_PARAM[method] === b) continue;
    if (params[a] !== undefined && params[b] !== undefined) {
      throw new ClientValidationError(method, [a, b], `give either ${a} or ${b}, not both`);
    }
  }
  const required = [...(REQUIRED[method] ?? [])];
  if (method === "BindSipRegistration" && params.bind !== false) required.push("sip_registration_id");
  for (const r of required) {
    if (typeof r === "string") {
      if (!isGiven(params[r])) throw new ClientValidationError(method, [r], `${r} is required`);
    } else if (!r.some((n) => isGiven(params[n]))) {
      throw new ClientValidationError(method, [...r], `one of ${r.join(" or ")} is required`);
    }
  }
}

/** Marks an abort we caused (abortAll), so it is told apart from other abort reasons. */
class AbortAllReason extends Error {
  constructor() {
    super("aborted by abortAll()");
  }
}

export class VoximplantClientCore {
  readonly apiUrl: string;
  readonly accountId: number;
  private readonly transport: HttpTransport;
  private readonly signer: JwtSigner;
  private readonly limiter: RateLimiter | undefined;
  private readonly policy: RetryPolicy;
  private readonly logger: Logger | undefined;
  private readonly logEnabled: (level: LogLevel) => boolean;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly inflight = new Set<AbortController>();
  private readonly callCounts: Record<string, number> = {};
  private readonly requestCounts: Record<string, number> = {};
  private readonly refusals = new RefusalLatch();
  private readonly credentialsSource: string | undefined;

  constructor(options: VoximplantClientOptions = {}) {
    const env = options.env ?? process.env;
    const source = {
      ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
      ...(options.credentialsJson !== undefined ? { json: options.credentialsJson } : {}),
      ...(options.credentialsPath !== undefined ? { path: options.credentialsPath } : {}),
      env,
    };
    const creds = resolveCredentials(source);
    this.credentialsSource = options.credentialsSource ?? defaultCredentialsSource(source);
    const envUrl = env[API_URL_ENV_VAR];
    const apiUrl = options.apiUrl ?? (envUrl !== undefined && envUrl.trim() !== "" ? envUrl.trim() : DEFAULT_API_URL);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.logEnabled = options.logEnabled ?? (() => true);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.accountId = options.accountId ?? creds.account_id;
    this.signer = new JwtSigner({
      accountId: this.accountId,
      keyId: creds.key_id,
      privateKey: creds.private_key,
      now: this.now,
      ...options.jwt,
    });
    this.transport = new HttpTransport({
      apiUrl,
      now: this.now,
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.keepAliveTimeoutMs !== undefined ? { keepAliveTimeoutMs: options.keepAliveTimeoutMs } : {}),
      ...(options.connections !== undefined ? { connections: options.connections } : {}),
      ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
      ...(options.extraCaCertsFile !== undefined ? { extraCaCertsFile: options.extraCaCertsFile } : {}),
      warn: (message) => this.log("warn", message, {}),
    });
    this.apiUrl = this.transport.apiUrl;
    this.limiter = options.rateLimit === false ? undefined : new RateLimiter({ now: this.now, ...options.rateLimit });
  }

  // ---- SIP registrations ------------------------------------------------------------------

  /**
   * Creates a SIP registration. Not idempotent and billed: retried only after failures that
   * certainly did not execute. If the error has `mayHaveCommitted`, reconcile with
   * findSipRegistrations before trying again.
   */
  createSipRegistration(params: CreateSipRegistrationParams, opts?: CallOptions): Promise<CreateSipRegistrationResult> {
    return this.call(
      "CreateSipRegistration",
      params,
      opts,
      created<CreateSipRegistrationResult>("sip_registration_id"),
    );
  }

  updateSipRegistration(params: UpdateSipRegistrationParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("UpdateSipRegistration", params, opts, mutation);
  }

  bindSipRegistration(params: BindSipRegistrationParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("BindSipRegistration", params, opts, mutation);
  }

  deleteSipRegistration(params: DeleteSipRegistrationParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("DeleteSipRegistration", params, opts, mutation);
  }

  /** One page of GetSipRegistrations. */
  getSipRegistrations(params: GetSipRegistrationsParams = {}, opts?: CallOptions): Promise<GetSipRegistrationsResult> {
    return this.call("GetSipRegistrations", params, opts, listPage<SipRegistration>("sip_registration_id"));
  }

  /**
   * Every registration matching the filters, page by page. Robust to an unknown server maximum
   * page size: the first page's row count becomes the effective page size, and the walk stops at
   * an empty page or one shorter than that. `total_count` is never used.
   */
  listSipRegistrations(filters: SipRegistrationFilters = {}, opts: ListOptions = {}): AsyncGenerator<SipRegistration> {
    return this.paginate<SipRegistration, GetSipRegistrationsParams>(
      "GetSipRegistrations",
      filters,
      opts,
      (p, o) => this.getSipRegistrations(p, o),
      (r) => r.sip_registration_id,
    );
  }

  /** Convenience: listSipRegistrations collected into an array. */
  async listAllSipRegistrations(
    filters: SipRegistrationFilters = {},
    opts: ListOptions = {},
  ): Promise<SipRegistration[]> {
    const out: SipRegistration[] = [];
    for await (const r of this.listSipRegistrations(filters, opts)) out.push(r);
    return out;
  }

  /**
   * Registrations with exactly this sip_username and proxy — used to reconcile after an ambiguous
   * CreateSipRegistration failure. The server filter on sip_username may be a substring match
   * (unconfirmed), so both fields are compared exactly here.
   */
  async findSipRegistrations(
    key: { sip_username: string; proxy: string },
    opts: ListOptions = {},
  ): Promise<SipRegistration[]> {
    if (!isGiven(key.sip_username))
      throw new ClientValidationError("GetSipRegistrations", ["sip_username"], "sip_username is required");
    if (!isGiven(key.proxy)) throw new ClientValidationError("GetSipRegistrations", ["proxy"], "proxy is required");
    const out: SipRegistration[] = [];
    for await (const r of this.listSipRegistrations({ sip_username: key.sip_username }, opts)) {
      if (r.sip_username === key.sip_username && r.proxy === key.proxy) out.push(r);
    }
    return out;
  }

  // ---- Lifecycle and introspection ----------------------------------------------------------

  /**
   * Cancels every in-flight call of this client, including ones waiting for a rate-limit token or
   * sleeping before a retry; they reject with CancelledError. The client stays usable.
   */
  abortAll(): void {
    const reason = new AbortAllReason();
    for (const c of [...this.inflight]) c.abort(reason);
  }

  /** Number of calls currently running (including waits). */
  get inflightCount(): number {
    return this.inflight.size;
  }

  stats(): ClientStats {
    const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
    return {
      calls: { ...this.callCounts },
      requests: { ...this.requestCounts },
      totalCalls: sum(this.callCounts),
      totalRequests: sum(this.requestCounts),
      tokensSigned: this.signer.signedCount,
      effectiveRequestsPerSecond: this.limiter?.currentRate(),
    };
  }

  /** Waits for in-flight calls to finish, then closes the connection pool. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Aborts everything and closes the connection pool at once. */
  async destroy(): Promise<void> {
    this.abortAll();
    await this.transport.destroy();
  }

  // ---- Internals ----------------------------------------------------------------------------

  /** True when a record of this level would be written: callers skip building its fields otherwise. */
  private logs(level: LogLevel): boolean {
    return this.logger !== undefined && this.logEnabled(level);
  }

  private log(level: LogLevel, message: string, fields: Record<string, unknown>): void {
    if (!this.logger) return;
    try {
      this.logger(level, message, fields);
    } catch {
      // A failing logger must not fail API calls.
    }
  }

  protected async call<T>(
    method: ApiMethod,
    params: object,
    opts: CallOptions | undefined,
    decode: Decoder<T>,
  ): Promise<T> {
    this.callCounts[method] = (this.callCounts[method] ?? 0) + 1;
    const record = params as Record<string, unknown>;
    checkParams(method, record);
    const form = encodeFormData(method, params);
    const secrets = secretValuesOf(params);
    // The redacted copy of the parameters exists only for log records: built on the first record
    // that is actually written, never when logging is off (the common case).
    let redacted: Record<string, unknown> | undefined;
    const logParams = (): Record<string, unknown> => (redacted ??= redactParams(params, secrets));

    const ctrl = new AbortController();
    const userSignal = opts?.signal;
    const onUserAbort = (): void => ctrl.abort(userSignal?.reason);
    if (userSignal?.aborted) throw new CancelledError(method, false);
    userSignal?.addEventListener("abort", onUserAbort, { once: true });
    this.inflight.add(ctrl);

    const started = this.now();
    let anyMayHaveCommitted = false;
    try {
      for (let attempt = 1; ; attempt++) {
        const t0 = this.now();
        let sent = false;
        let attempted: (() => void) | undefined;
        try {
          attempted = await this.refusals.admit(ctrl.signal);
          const refused = this.refusals.refusalFor(method);
          if (refused) throw new CredentialsRefusedError(method, refused, this.credentialsSource);
          if (this.limiter) await this.limiter.acquire(ctrl.signal);
          const token = await this.signer.token();
          this.requestCounts[method] = (this.requestCounts[method] ?? 0) + 1;
          sent = true;
          const body = await this.transport.post(method, form, token, ctrl.signal, secrets);
          const apiError = extractApiError(method, body, secrets);
          if (apiError) throw apiError;
          const result = decode(body, method);
          attempted();
          if (this.logs("debug")) {
            this.log("debug", "voximplant api call", {
              method,
              attempt,
              durationMs: this.now() - t0,
              outcome: "ok",
              params: logParams(),
            });
          }
          return result;
        } catch (e) {
          const err = this.normalise(method, e, ctrl.signal, sent);
          anyMayHaveCommitted ||= err.mayHaveCommitted;
          err.attempts = attempt;
          this.react(err);
          attempted?.();
          const decision =
            err instanceof CancelledError
              ? { retry: false, delayMs: 0, reason: "cancelled" }
              : retryDecision(err, attempt, method, {
                  policy: this.policy,
                  elapsedMs: this.now() - started,
                  random: this.random,
                });
          const level = decision.retry ? "warn" : "debug";
          if (this.logs(level)) {
            this.log(level, decision.retry ? "voximplant api call failed, retrying" : "voximplant api call failed", {
              method,
              attempt,
              durationMs: this.now() - t0,
              outcome: outcomeOf(err),
              ...errorFields(err),
              error: err.message,
              retry: decision.retry,
              ...(decision.retry ? { delayMs: decision.delayMs } : {}),
              reason: decision.reason,
              params: logParams(),
            });
          }
          if (!decision.retry) {
            err.mayHaveCommitted = anyMayHaveCommitted;
            throw err;
          }
          try {
            await abortableSleep(decision.delayMs, ctrl.signal);
          } catch {
            const c = new CancelledError(method, anyMayHaveCommitted);
            c.attempts = attempt;
            throw c;
          }
        }
      }
    } finally {
      this.inflight.delete(ctrl);
      userSignal?.removeEventListener("abort", onUserAbort);
    }
  }

  /** Any thrown value → a VoximplantError of this call, without leaking secrets. */
  private normalise(method: string, e: unknown, signal: AbortSignal, sent: boolean): VoximplantError {
    if (e instanceof VoximplantError) return e;
    if (signal.aborted) return new CancelledError(method, sent);
    // Not expected (e.g. a signing failure): report the type, scrub the text anyway.
    const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return new TransportError({ method, failure: "network", mayHaveCommitted: sent, detail: redactText(text) });
  }

  /** Side effects of a failure on client-wide state: token cache and rate limiter. */
  private react(err: VoximplantError): void {
    if (err.isCredentialsError) {
      this.signer.invalidate();
      this.refusals.record(err);
      if (this.credentialsSource !== undefined) err.credentialsSource ??= this.credentialsSource;
    }
    if (!this.limiter) return;
    const rateLimited =
      (err instanceof ApiError && err.isRateLimited) || (err instanceof HttpStatusError && err.status === 429);
    if (rateLimited) this.limiter.penalize();
    if (err instanceof HttpStatusError && err.retryAfterMs !== undefined) this.limiter.pause(err.retryAfterMs);
  }

  protected async *paginate<T, P extends { count?: number; offset?: number }>(
    method: ApiMethod,
    filters: Omit<P, "count" | "offset">,
    opts: ListOptions,
    fetchPage: (params: P, opts: CallOptions) => Promise<ListResult<T>>,
    idOf: (row: T) => number,
  ): AsyncGenerator<T> {
    const pageSize = opts.pageSize ?? 1000;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
      throw new ClientValidationError(method, ["count"], "pageSize must be a positive integer");
    }
    const callOpts: CallOptions = opts.signal ? { signal: opts.signal } : {};
    const seen = new Set<number>();
    let offset = 0;
    let effective: number | undefined;
    for (;;) {
      const page = await fetchPage({ ...filters, count: pageSize, offset } as P, callOpts);
      const rows = page.result;
      if (rows.length === 0) return;
      let fresh = 0;
      for (const row of rows) {
        const id = idOf(row);
        // Rows can shift between pages when objects are created or deleted concurrently.
        if (seen.has(id)) continue;
        seen.add(id);
        fresh++;
        yield row;
      }
      if (fresh === 0) {
        throw new TransportError({
          method,
          failure: "invalid_response",
          mayHaveCommitted: false,
          detail: `page at offset ${offset} only repeated rows already seen (is offset ignored?)`,
        });
      }
      // The server may cap the page below what we asked for; its first answer tells us the cap.
      // A server that caps pages at one row is not assumed (MIN_SERVER_PAGE_CAP): a single row
      // asked for more is the end, which saves the confirming request of the typical filtered
      // listing that finds one registration.
      effective = effective === undefined ? rows.length : Math.max(effective, rows.length);
      if (rows.length < effective || rows.length < Math.min(pageSize, MIN_SERVER_PAGE_CAP)) return;
      offset += rows.length;
    }
  }
}

function outcomeOf(err: VoximplantError): string {
  if (err instanceof ApiError) return "api_error";
  if (err instanceof CancelledError) return "cancelled";
  if (err instanceof TransportError) return err.failure;
  return "error";
}

function errorFields(err: VoximplantError): Record<string, unknown> {
  if (err instanceof ApiError) return { code: err.code, ...(err.fieldName ? { fieldName: err.fieldName } : {}) };
  if (err instanceof HttpStatusError) return { status: err.status };
  if (err instanceof TransportError && err.causeCode) return { causeCode: err.causeCode };
  return {};
}
