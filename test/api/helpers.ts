// Shared test helpers: throw-away RSA keys and credentials, and a tiny node:http server standing in
// for the Management API so transport behaviour (timeouts, resets, statuses) is real HTTP.

import { generateKeyPairSync, type KeyObject } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { VoximplantClient, type ServiceAccountCredentials, type VoximplantClientOptions } from "../../src/api";
import { boundaryOf, parseMultipart } from "../../src/emulator/http/multipart";

export interface TestKey {
  privatePem: string;
  publicKey: KeyObject;
}

export function makeKey(bits = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return { privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKey };
}

let sharedKey: TestKey | undefined;
/** One key per test file: generating RSA keys is slow-ish. */
export function testKey(): TestKey {
  sharedKey ??= makeKey();
  return sharedKey;
}

export function testCredentials(key: TestKey = testKey()): ServiceAccountCredentials {
  return {
    account_id: 4242,
    account_email: "ops@example.com",
    key_id: "0f1e2d3c-aaaa-bbbb-cccc-000000000001",
    private_key: key.privatePem,
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  form: URLSearchParams;
}

export type FakeHandler = (req: RecordedRequest, res: http.ServerResponse, raw: http.IncomingMessage) => void;

export interface FakeApi {
  url: string;
  requests: RecordedRequest[];
  setHandler(h: FakeHandler): void;
  close(): Promise<void>;
}

export function json(
  res: http.ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** The fields of a multipart/form-data body (the client's only form); empty for anything else. */
function formFields(contentType: string | undefined, body: Buffer): URLSearchParams {
  const boundary = boundaryOf(contentType ?? "");
  if (!(contentType ?? "").startsWith("multipart/form-data") || boundary === undefined) return new URLSearchParams();
  return new URLSearchParams(parseMultipart(body, boundary));
}

export async function startFakeApi(handler: FakeHandler = (_q, res) => json(res, { result: 1 })): Promise<FakeApi> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = http.createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      const body = rawBody.toString("utf8");
      const u = new URL(raw.url ?? "/", "http://x");
      const rec: RecordedRequest = {
        method: raw.method ?? "",
        path: u.pathname,
        query: u.search,
        headers: raw.headers,
        body,
        form: formFields(raw.headers["content-type"], rawBody),
      };
      requests.push(rec);
      current(rec, res, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/platform_api`,
    requests,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port with nothing listening on it (bound then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

export function captureLogger(): {
  lines: LogLine[];
  logger: (
    level: "trace" | "debug" | "info" | "warn" | "error",
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
} {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: (level, message, fields) => {
      lines.push(fields ? { level, message, fields } : { level, message });
    },
  };
}

/** Retry delays short enough for tests. */
export const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

/**
 * A fresh fake API for every test of the calling file, and clients against it with fast retries
 * (extra options override); every client is destroyed and the server closed after each test.
 */
export function fakeApiClients(credentials: ServiceAccountCredentials = testCredentials()): {
  readonly api: FakeApi;
  client(extra?: Partial<VoximplantClientOptions>): VoximplantClient;
  /** Destroys a client the test built itself after the test. */
  destroyAfterTest(c: VoximplantClient): void;
} {
  let current: FakeApi | undefined;
  const api = (): FakeApi => {
    if (current === undefined) throw new Error("the fake API runs only inside a test");
    return current;
  };
  const clients: VoximplantClient[] = [];
  beforeEach(async () => {
    current = await startFakeApi();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.destroy();
    await current?.close();
  });
  return {
    get api(): FakeApi {
      return api();
    },
    client(extra = {}) {
      const c = new VoximplantClient({
        credentials,
        apiUrl: api().url,
        env: {},
        retry: FAST_RETRY,
        requestTimeoutMs: 2000,
        ...extra,
      });
      clients.push(c);
      return c;
    },
    destroyAfterTest(c) {
      clients.push(c);
    },
  };
}
