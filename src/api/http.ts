// HTTP transport: one undici Pool per client (keep-alive connections to the single API origin),
// `POST {apiUrl}/{Method}` with a multipart/form-data body (the form the official Go and PHP
// clients send; docs/design/voximplant-api.md) and a Bearer token, nothing in the query string (so
// secrets never land in URLs or access logs). Turns every failure into a TransportError that says
// whether the request may have reached the server — the distinction the retry policy and the
// caller's reconciliation rest on.
//
// undici is loaded when the first request is sent, not when the module loads: Terraform starts
// the provider several times per command and most of those processes (schema, validation) never
// call the API, so they should not pay for loading it.

import type { Dispatcher, Pool } from "undici";
import type { FormBody } from "./encode";
import { CancelledError, HttpStatusError, TransportError, type TransportFailure } from "./errors";
import { redactText } from "./redact";
import { parseRetryAfter } from "./retry";
import { secureContextTrusting } from "./trust";

export const DEFAULT_API_URL = "https://api.voximplant.com/platform_api";
export const API_URL_ENV_VAR = "VOXIMPLANT_API_URL";

export interface HttpTransportOptions {
  /** Base URL, e.g. https://api.voximplant.com/platform_api (a trailing slash is fine). */
  apiUrl: string;
  /** TCP (+TLS) connect timeout. Default 10 s. */
  connectTimeoutMs?: number;
  /** Timeout for the response headers after sending, and between body chunks. Default 30 s. */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept. Default 10 s. */
  keepAliveTimeoutMs?: number;
  /** Maximum parallel connections. Default 8. */
  connections?: number;
  userAgent?: string;
  /** Clock for Retry-After dates. */
  now?: () => number;
  /**
   * PEM file of certificate authorities to trust beyond Node.js's default ones (https:// only),
   * read when the first connection is made; see trust.ts.
   */
  extraCaCertsFile?: string;
  /** Told when extraCaCertsFile cannot be used (the connection then keeps the default trust). */
  warn?: (message: string) => void;
}

/** Largest response body we accept; the biggest real page of registrations is far smaller. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Low-level error codes → failure kind and whether the request may have been delivered. */
const NETWORK_CODES: Record<string, { failure: TransportFailure; mayHaveCommitted: boolean }> = {
  ECONNREFUSED: { failure: "connect_refused", mayHaveCommitted: false },
  ENOTFOUND: { failure: "dns", mayHaveCommitted: false },
  EAI_AGAIN: { failure: "dns", mayHaveCommitted: false },
  UND_ERR_CONNECT_TIMEOUT: { failure: "connect_timeout", mayHaveCommitted: false },
  EHOSTUNREACH: { failure: "unreachable", mayHaveCommitted: false },
  ENETUNREACH: { failure: "unreachable", mayHaveCommitted: false },
  EADDRNOTAVAIL: { failure: "unreachable", mayHaveCommitted: false },
  UND_ERR_HEADERS_TIMEOUT: { failure: "timeout", mayHaveCommitted: true },
  UND_ERR_BODY_TIMEOUT: { failure: "timeout", mayHaveCommitted: true },
  ETIMEDOUT: { failure: "timeout", mayHaveCommitted: true },
  UND_ERR_SOCKET: { failure: "reset", mayHaveCommitted: true },
  ECONNRESET: { failure: "reset", mayHaveCommitted: true },
  EPIPE: { failure: "reset", mayHaveCommitted: true },
};

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // undici wraps some socket failures; the interesting code is on the cause.
  const cause = (err as { cause?: unknown }).cause;
  return cause !== err ? errorCode(cause) : undefined;
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith("ERR_TLS_") ||
    code.startsWith("ERR_SSL_") ||
    code.includes("CERT") ||
    code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
  );
}

/**
 * Maps an error thrown while sending a request to a TransportError. Unknown failures are assumed
 * to have possibly reached the server: for a non-idempotent call, a false "maybe" costs a lookup
 * while a false "no" can cost a duplicate paid registration.
 */
export function classifyNetworkError(method: string, err: unknown): TransportError {
  const code = errorCode(err);
  const known = code !== undefined ? NETWORK_CODES[code] : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const detail = redactText(`${code ?? "network error"}: ${message}`);
  if (known)
    return new TransportError({
      method,
      failure: known.failure,
      mayHaveCommitted: known.mayHaveCommitted,
      detail,
      causeCode: code,
    });
  if (code !== undefined && isTlsCode(code)) {
    return new TransportError({ method, failure: "tls", mayHaveCommitted: false, detail, causeCode: code });
  }
  return new TransportError({
    method,
    failure: "network",
    mayHaveCommitted: true,
    detail,
    ...(code !== undefined ? { causeCode: code } : {}),
  });
}

interface ParsedUrl {
  origin: string;
  basePath: string;
}

function parseApiUrl(apiUrl: string): ParsedUrl {
  let u: URL;
  try {
    u = new URL(apiUrl);
  } catch {
    throw new RangeError(`apiUrl is not a valid URL`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new RangeError(`apiUrl must be an http(s) URL`);
  if (u.search !== "" || u.hash !== "") throw new RangeError(`apiUrl must not contain a query string or fragment`);
  if (u.username !== "" || u.password !== "") throw new RangeError(`apiUrl must not contain user info`);
  return { origin: u.origin, basePath: u.pathname.replace(/\/+$/, "") };
}

export class HttpTransport {
  readonly apiUrl: string;
  private pool: Pool | undefined;
  /** Everything but `connect`, which is completed when the pool is created. */
  private readonly poolOptions: Omit<Pool.Options, "connect">;
  private readonly origin: string;
  /** Set by close()/destroy(): no pool is created afterwards. */
  private closed = false;
  private readonly basePath: string;
  private readonly requestTimeoutMs: number;
  private readonly userAgent: string;
  private readonly now: () => number;
  private readonly connectTimeoutMs: number;
  private readonly extraCaCertsFile: string | undefined;
  private readonly warn: (message: string) => void;

  constructor(opts: HttpTransportOptions) {
    const { origin, basePath } = parseApiUrl(opts.apiUrl);
    this.apiUrl = origin + basePath;
    this.basePath = basePath;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.userAgent = opts.userAgent ?? "terraform-provider-voximplant";
    this.now = opts.now ?? Date.now;
    this.origin = origin;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.extraCaCertsFile = opts.extraCaCertsFile;
    this.warn = opts.warn ?? (() => undefined);
    this.poolOptions = {
      connections: opts.connections ?? 8,
      pipelining: 1,
      keepAliveTimeout: opts.keepAliveTimeoutMs ?? 10_000,
      headersTimeout: this.requestTimeoutMs,
      bodyTimeout: this.requestTimeoutMs,
    };
  }

  /** The connection pool, created (and undici loaded) on first use. */
  private connections(): Pool {
    if (this.pool) return this.pool;
    // Lazy on purpose (see the header comment); esbuild still bundles undici.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const undici = require("undici") as typeof import("undici");
    const trust =
      this.extraCaCertsFile !== undefined && this.origin.startsWith("https:")
        ? secureContextTrusting(this.extraCaCertsFile, this.warn)
        : undefined;
    this.pool = new undici.Pool(this.origin, {
      ...this.poolOptions,
      connect: { timeout: this.connectTimeoutMs, ...(trust === undefined ? {} : { secureContext: trust }) },
    });
    return this.pool;
  }

  /**
   * Sends one request and returns the parsed JSON object of a 2xx answer (which may still carry an
   * API `error`; the caller interprets it). Throws TransportError / HttpStatusError / CancelledError.
   * @param secrets exact secret values of this call, scrubbed from any server text we quote
   */
  async post(
    method: string,
    form: FormBody,
    token: string,
    signal: AbortSignal,
    secrets: readonly string[],
  ): Promise<Record<string, unknown>> {
    if (signal.aborted || this.closed) throw new CancelledError(method, false);
    const pool = this.connections();
    let res: Dispatcher.ResponseData;
    try {
      res = await pool.request({
        path: `${this.basePath}/${method}`,
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": form.contentType,
          accept: "application/json",
          "user-agent": this.userAgent,
        },
        body: form.body,
        signal,
      });
    } catch (e) {
      // Once handed to undici we cannot tell whether the bytes left; assume they may have.
      if (signal.aborted) throw new CancelledError(method, true);
      throw classifyNetworkError(method, e);
    }

    let text: string;
    try {
      text = await readBody(method, res.body);
    } catch (e) {
      if (signal.aborted) throw new CancelledError(method, true);
      if (e instanceof TransportError) throw e;
      const err = classifyNetworkError(method, e);
      err.mayHaveCommitted = true; // the server already answered with a status
      throw err;
    }

    const status = res.statusCode;
    if (status < 200 || status > 299) {
      const retryAfterMs =
        status === 429 || status === 503 ? parseRetryAfter(res.headers["retry-after"], this.now()) : undefined;
      const snippet = redactText(text.slice(0, 200).replace(/\s+/g, " ").trim(), secrets);
      throw new HttpStatusError({
        method,
        status,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(snippet !== "" ? { detail: snippet } : {}),
      });
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new TransportError({
        method,
        failure: "invalid_response",
        mayHaveCommitted: true,
        detail: `HTTP ${status} with a body that is not JSON`,
      });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new TransportError({
        method,
        failure: "invalid_response",
        mayHaveCommitted: true,
        detail: `HTTP ${status} with a JSON body that is not an object`,
      });
    }
    return parsed as Record<string, unknown>;
  }

  /** Waits for in-flight requests, then closes the connections. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.close();
  }

  /** Closes every connection now, failing in-flight requests. */
  async destroy(): Promise<void> {
    this.closed = true;
    await this.pool?.destroy();
  }
}

async function readBody(method: string, body: Dispatcher.ResponseData["body"]): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new TransportError({
        method,
        failure: "invalid_response",
        mayHaveCommitted: true,
        detail: "response body too large",
      });
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}
