// The gRPC server at the HTTP/2 level, driven by a raw node:http2 client: framing as it arrives
// in DATA frames, trailers, refusals, mutual TLS and a graceful stop. grpc-server.test.ts covers
// the same server through an independent gRPC client.
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from "node:http2";
import { credentials } from "@grpc/grpc-js";
import { createLogger, MemorySink } from "../../../src/plugin/log";
import type { ProviderRpc } from "../../../src/plugin/protocol/messages";
import { serviceDefinition, type Message } from "../../../src/plugin/proto/services";
import { frameMessage } from "../../../src/plugin/transport/grpc-wire";
import { startPluginServer, type PluginServer } from "../../../src/plugin/transport/grpc-server";
import { handshakeLine } from "../../../src/plugin/transport/handshake";
import { callUnary, makeClient, newClientCertificate, parseHandshake, serverCertPem, tlsCredentials } from "./helpers";

const logger = createLogger({ sink: new MemorySink(), threshold: "debug", module: "test" });
const schema = serviceDefinition("provider").GetProviderSchema;
const SCHEMA_PATH = schema.path;

function provider(overrides: Partial<ProviderRpc> = {}): ProviderRpc {
  return {
    getProviderSchema: async () => ({
      provider: { version: 7, block: { attributes: [], block_types: [] } },
      resource_schemas: {},
      data_source_schemas: {},
      diagnostics: [],
    }),
    ...overrides,
  } as ProviderRpc;
}

let server: PluginServer | undefined;
const sessions: ClientHttp2Session[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  await server?.stop();
  server = undefined;
});

async function plainServer(rpc: ProviderRpc = provider()): Promise<string> {
  server = await startPluginServer({ provider: () => rpc, logger, listen: { network: "tcp" } });
  return `http://${server.address.address}`;
}

function open(authority: string): ClientHttp2Session {
  const session = connect(authority);
  session.on("error", () => undefined);
  sessions.push(session);
  return session;
}

interface Answer {
  headers: IncomingHttpHeaders;
  trailers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends `chunks` as the request body (each its own write) and collects the whole answer. */
function call(session: ClientHttp2Session, path: string, chunks: Buffer[], extra: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
      ...extra,
    });
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    const body: Buffer[] = [];
    req.on("response", (h) => (headers = h));
    req.on("trailers", (t) => (trailers = t));
    req.on("data", (d: Buffer) => body.push(d));
    req.on("close", () => resolve({ headers, trailers, body: Buffer.concat(body) }));
    req.on("error", reject);
    const write = (i: number): void => {
      if (i === chunks.length) {
        req.end();
        return;
      }
      req.write(chunks[i], () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
}

/** grpc-status and grpc-message of an answer, from the trailers or a trailers-only response. */
function statusOf(answer: Answer): { code: number; message: string } {
  const source = answer.trailers["grpc-status"] !== undefined ? answer.trailers : answer.headers;
  return { code: Number(source["grpc-status"]), message: decodeURIComponent(String(source["grpc-message"] ?? "")) };
}

describe("gRPC framing on HTTP/2", () => {
  it("answers a request whose message arrives split over several DATA frames", async () => {
    const session = open(await plainServer());
    const framed = frameMessage(schema.requestSerialize({}));
    const answer = await call(session, SCHEMA_PATH, [framed.subarray(0, 2), framed.subarray(2)]);
    expect(answer.headers[":status"]).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/grpc");
    expect(statusOf(answer).code).toBe(0);
    // one length-prefixed, uncompressed response message
    expect(answer.body[0]).toBe(0);
    expect(answer.body.readUInt32BE(1)).toBe(answer.body.length - 5);
    const response = schema.responseDeserialize(answer.body.subarray(5));
    expect((response.provider as Message).version).toBe(7);
  });

  it("answers a request whose prefix and body come in separate frames, the prefix itself split", async () => {
    const message = serviceDefinition("provider").ValidateResourceConfig.requestSerialize({ type_name: "widget" });
    const framed = frameMessage(message);
    const seen: Message[] = [];
    const authority = await plainServer(
      provider({
        validateResourceConfig: async (req) => {
          seen.push(req as unknown as Message);
          return { diagnostics: [] };
        },
      }),
    );
    const answer = await call(open(authority), "/tfplugin6.Provider/ValidateResourceConfig", [
      framed.subarray(0, 3),
      framed.subarray(3, 5),
      framed.subarray(5),
    ]);
    expect(statusOf(answer).code).toBe(0);
    expect(seen.map((r) => r.type_name)).toEqual(["widget"]);
  });

  it("refuses two messages joined in one unary request", async () => {
    const session = open(await plainServer());
    const framed = frameMessage(schema.requestSerialize({}));
    const answer = await call(session, SCHEMA_PATH, [Buffer.concat([framed, framed])]);
    expect(statusOf(answer)).toEqual({ code: 13, message: `expected one request message for ${SCHEMA_PATH}, got 2` });
  });

  it("answers UNIMPLEMENTED, trailers-only, for an unknown method and an unknown service", async () => {
    const session = open(await plainServer());
    for (const path of ["/tfplugin6.Provider/NoSuchRpc", "/acme.Other/Call"]) {
      const answer = await call(session, path, [frameMessage(Buffer.alloc(0))]);
      expect(answer.headers[":status"]).toBe(200);
      expect(answer.headers["grpc-status"]).toBe("12");
      expect(statusOf(answer).message).toBe(`unknown method ${path}`);
      expect(answer.body.length).toBe(0);
    }
  });

  it("refuses a message over 256 MiB from its prefix, without waiting for the body", async () => {
    const session = open(await plainServer());
    const prefix = Buffer.from([0, 0x10, 0, 0, 1]); // 256 MiB + 1
    const answer = await call(session, SCHEMA_PATH, [prefix, Buffer.alloc(1024)]);
    expect(statusOf(answer)).toEqual({
      code: 8,
      message: `received message larger than max (${256 * 1024 * 1024 + 1} vs. ${256 * 1024 * 1024} bytes)`,
    });
  });

  it("refuses compressed messages and encodings clearly", async () => {
    const session = open(await plainServer());
    const compressed = frameMessage(schema.requestSerialize({}));
    compressed[0] = 1;
    const flagged = await call(session, SCHEMA_PATH, [compressed]);
    expect(statusOf(flagged).code).toBe(12);
    expect(statusOf(flagged).message).toMatch(/compressed messages are not supported/);
    const encoded = await call(session, SCHEMA_PATH, [frameMessage(Buffer.alloc(0))], { "grpc-encoding": "gzip" });
    expect(statusOf(encoded)).toEqual({ code: 12, message: "message encoding gzip is not supported" });
  });

  it("percent-encodes the error text in grpc-message", async () => {
    const session = open(
      await plainServer(
        provider({
          readResource: async () => {
            throw new Error("line one\nZürich 100%");
          },
        }),
      ),
    );
    const answer = await call(session, "/tfplugin6.Provider/ReadResource", [frameMessage(Buffer.alloc(0))]);
    const raw = String(answer.headers["grpc-message"] ?? answer.trailers["grpc-message"]);
    expect(raw).toBe("ReadResource: line one%0AZ%C3%BCrich 100%25");
    expect(statusOf(answer)).toEqual({ code: 13, message: "ReadResource: line one\nZürich 100%" });
  });

  it("answers a request that is not gRPC with HTTP 415", async () => {
    const session = open(await plainServer());
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = session.request({ ":method": "GET", ":path": SCHEMA_PATH });
      req.on("response", (h) => resolve(h[":status"]));
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(415);
  });
});

describe("server streams and stopping", () => {
  it("StreamStdio sends headers, no messages, and ends with OK when the server stops", async () => {
    const session = open(await plainServer());
    const req = session.request({
      ":method": "POST",
      ":path": serviceDefinition("stdio").StreamStdio.path,
      "content-type": "application/grpc",
    });
    const body: Buffer[] = [];
    req.on("data", (d: Buffer) => body.push(d));
    const trailers = new Promise<IncomingHttpHeaders>((resolve) => req.on("trailers", resolve));
    const headers = new Promise<IncomingHttpHeaders>((resolve) => req.on("response", resolve));
    req.end(frameMessage(Buffer.alloc(0)));
    expect((await headers)[":status"]).toBe(200);
    await server?.stop();
    server = undefined;
    expect((await trailers)["grpc-status"]).toBe("0");
    expect(body).toEqual([]);
  });

  it("a graceful stop lets a call in flight finish, then closes", async () => {
    let release: () => void = () => undefined;
    const session = open(
      await plainServer(
        provider({
          readResource: () =>
            new Promise((resolve) => {
              release = () => resolve({ diagnostics: [] });
            }),
        }),
      ),
    );
    const inFlight = call(session, "/tfplugin6.Provider/ReadResource", [frameMessage(Buffer.alloc(0))]);
    await new Promise((r) => setTimeout(r, 50));
    const stopping = server!.stop(5_000);
    server = undefined;
    release();
    expect(statusOf(await inFlight).code).toBe(0);
    await stopping;
  });

  it("a stop forces the connections closed after the grace period", async () => {
    const session = open(await plainServer(provider({ readResource: () => new Promise(() => undefined) })));
    const stuck = call(session, "/tfplugin6.Provider/ReadResource", [frameMessage(Buffer.alloc(0))]).catch(
      (e: Error) => e,
    );
    await new Promise((r) => setTimeout(r, 50));
    const stopping = server!.stop(100);
    server = undefined;
    await stopping;
    const outcome = await stuck;
    expect(outcome instanceof Error || statusOf(outcome).code !== 0).toBe(true);
  });
});

describe("mutual TLS", () => {
  async function tlsServer() {
    const terraformCert = newClientCertificate();
    server = await startPluginServer({
      provider: () => provider(),
      logger,
      listen: { network: "tcp" },
      clientCertPem: terraformCert.certPem,
    });
    const handshake = parseHandshake(handshakeLine(server.address, server.certificateDer).trim());
    return { terraformCert, handshake, serverCert: serverCertPem(handshake.certificate) };
  }

  it("serves a gRPC client presenting Terraform's certificate, over ALPN h2", async () => {
    const { terraformCert, handshake, serverCert } = await tlsServer();
    const client = makeClient(handshake, tlsCredentials(serverCert, terraformCert));
    try {
      const res = await callUnary(client, "provider", "GetProviderSchema");
      expect((res.provider as Message).version).toBe(7);
    } finally {
      client.close();
    }
    const alpn = await new Promise<string | false | undefined>((resolve, reject) => {
      const session = connect(`https://${handshake.address}`, {
        ca: serverCert,
        cert: terraformCert.certPem,
        key: terraformCert.keyPem,
        servername: "localhost",
      });
      sessions.push(session);
      session.on("connect", () => resolve(session.alpnProtocol));
      session.on("error", reject);
    });
    expect(alpn).toBe("h2");
  });

  it("refuses a client without a certificate and one with another certificate", async () => {
    const { handshake, serverCert } = await tlsServer();
    for (const creds of [tlsCredentials(serverCert), tlsCredentials(serverCert, newClientCertificate())]) {
      const client = makeClient(handshake, creds);
      try {
        const err = await callUnary(client, "provider", "GetProviderSchema", {}, 3_000).catch(
          (e: { code: number }) => e,
        );
        expect((err as { code: number }).code).toBe(14); // UNAVAILABLE: the TLS handshake failed
      } finally {
        client.close();
      }
    }
  });

  it("refuses a plaintext client on the TLS port", async () => {
    const { handshake } = await tlsServer();
    const client = makeClient(handshake, credentials.createInsecure());
    try {
      const err = await callUnary(client, "provider", "GetProviderSchema", {}, 3_000).catch((e: { code: number }) => e);
      expect([4, 14]).toContain((err as { code: number }).code);
    } finally {
      client.close();
    }
  });
});
