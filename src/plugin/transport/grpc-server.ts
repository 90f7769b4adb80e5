// The plugin's gRPC server: tfplugin6.Provider plus the go-plugin housekeeping services
// (GRPCController, GRPCStdio) and the gRPC health service, on a loopback TCP port or a Unix
// socket, with AutoMTLS when Terraform sent its client certificate. Knows nothing about the
// process: serve.ts decides when to print the handshake and when to exit.
//
// gRPC is served directly on node:http2 (wire facts in docs/design/plugin-protocol.md, "gRPC over
// HTTP/2"): the plugin protocol needs unary calls and two never-ending server streams, and a full
// gRPC library costs more start-up time and memory in each of the many provider launches per
// Terraform command than this whole file.
import { randomBytes, X509Certificate } from "node:crypto";
import { chmodSync, chownSync, rmSync } from "node:fs";
import {
  constants as h2,
  createSecureServer,
  createServer,
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { join } from "node:path";
import type { Logger } from "../log";
import { serviceDefinition, type Message } from "../proto/services";
import { generateServerCertificate } from "./certificate";
import {
  encodeGrpcMessage,
  frameMessage,
  messagePrefix,
  MessageReader,
  RpcError,
  Status,
  type StatusCode,
} from "./grpc-wire";
import { providerRoutes, type ProviderSource } from "./provider-service";
import { HTTP2_SERVER_OPTIONS, MAX_MESSAGE_BYTES, pinnedTlsServerOptions } from "./server-options";

/** Below this size a response is copied behind its prefix (one write); above, written in two. */
const COPY_RESPONSE_BELOW_BYTES = 64 * 1024;

export type Listen =
  | { network: "tcp"; host?: string; port?: number }
  /** `group`: numeric gid from PLUGIN_UNIX_SOCKET_GROUP; the socket then gets mode 0660 and that group. */
  | { network: "unix"; dir: string; group?: number };

export interface PluginServerOptions {
  provider: ProviderSource;
  logger: Logger;
  listen: Listen;
  /** PEM of Terraform's client certificate: switches on mutual TLS. Absent → plaintext. */
  clientCertPem?: string;
  /** Called after the Shutdown RPC has been answered. */
  onShutdownRequested?: () => void;
}

export interface PluginAddress {
  network: "tcp" | "unix";
  /** "127.0.0.1:PORT" or the absolute socket path. */
  address: string;
}

export interface PluginServer {
  address: PluginAddress;
  /** DER of the server certificate when serving TLS. */
  certificateDer?: Buffer;
  /** Stops the server (graceful for up to `graceMs`, then forced) and removes a Unix socket. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous last-resort cleanup for process exit paths. */
  cleanupSync(): void;
}

const HEALTH_SERVING = 1;
const HEALTH_SERVICE_UNKNOWN = 3;

/** A server stream that stays open until the client cancels it or the server stops. */
interface OpenStream {
  /** Sends one response message. */
  write(message: Buffer): void;
}

type Route =
  | { kind: "unary"; call: (request: Buffer) => Promise<Buffer> }
  | { kind: "open-stream"; open: (request: Buffer, stream: OpenStream) => void };

const GRPC_RESPONSE_HEADERS = { [h2.HTTP2_HEADER_STATUS]: 200, [h2.HTTP2_HEADER_CONTENT_TYPE]: "application/grpc" };

function statusTrailers(code: StatusCode, message: string): Record<string, string> {
  return code === Status.OK
    ? { "grpc-status": "0" }
    : { "grpc-status": String(code), "grpc-message": encodeGrpcMessage(message) };
}

function errorDetails(err: unknown): { code: StatusCode; message: string } {
  if (err instanceof RpcError) return { code: err.code, message: err.message };
  return { code: Status.INTERNAL, message: err instanceof Error ? err.message : String(err) };
}

/** The routes of every service this server answers, by HTTP/2 path ("/package.Service/Method"). */
function buildRoutes(options: PluginServerOptions): Map<string, Route> {
  const { logger } = options;
  const routes = new Map<string, Route>();
  for (const [path, call] of providerRoutes(options.provider, logger)) routes.set(path, { kind: "unary", call });

  const shutdown = serviceDefinition("controller").Shutdown;
  routes.set(shutdown.path, {
    kind: "unary",
    call: async () => {
      logger.debug("received Shutdown");
      if (options.onShutdownRequested) setImmediate(options.onShutdownRequested);
      return shutdown.responseSerialize({});
    },
  });

  // go-plugin opens StreamStdio once per connection to forward a Go plugin's stdout/stderr. This
  // process logs to stderr directly, so the stream stays open and silent until cancelled.
  routes.set(serviceDefinition("stdio").StreamStdio.path, { kind: "open-stream", open: () => undefined });

  const health = serviceDefinition("health");
  const healthy = (request: Buffer, decode: (b: Buffer) => Message): boolean => {
    const service = decode(request).service;
    return service === "" || service === "plugin";
  };
  routes.set(health.Check.path, {
    kind: "unary",
    call: async (request) => {
      if (!healthy(request, health.Check.requestDeserialize)) {
        const service = String(health.Check.requestDeserialize(request).service);
        throw new RpcError(Status.NOT_FOUND, `unknown service ${service}`);
      }
      return health.Check.responseSerialize({ status: HEALTH_SERVING });
    },
  });
  routes.set(health.Watch.path, {
    kind: "open-stream",
    open: (request, stream) => {
      const status = healthy(request, health.Watch.requestDeserialize) ? HEALTH_SERVING : HEALTH_SERVICE_UNKNOWN;
      stream.write(health.Watch.responseSerialize({ status }));
    },
  });
  return routes;
}

export async function startPluginServer(options: PluginServerOptions): Promise<PluginServer> {
  const { logger } = options;
  // Built on the first request, not before the handshake: a process Terraform starts only to ask
  // for the schema should not pay for what it does not use before it even answers.
  let routes: Map<string, Route> | undefined;
  const sessions = new Set<Http2Session>();
  // Long-lived server streams (StreamStdio, health Watch), ended on stop so a graceful shutdown
  // does not wait for them.
  const openStreams = new Set<ServerHttp2Stream>();
  let stopping = false;

  const endOpenStream = (stream: ServerHttp2Stream): void => {
    openStreams.delete(stream);
    if (!stream.closed && !stream.destroyed) stream.end();
  };

  const respondUnary = (stream: ServerHttp2Stream, response: Buffer): void => {
    if (stream.closed || stream.destroyed) return;
    stream.respond(GRPC_RESPONSE_HEADERS, { waitForTrailers: true });
    stream.once("wantTrailers", () => stream.sendTrailers(statusTrailers(Status.OK, "")));
    if (response.length < COPY_RESPONSE_BELOW_BYTES) {
      stream.end(frameMessage(response));
    } else {
      stream.write(messagePrefix(response.length));
      stream.end(response);
    }
  };

  /** Ends the call with a status; trailers-only when nothing was sent yet. */
  const respondStatus = (stream: ServerHttp2Stream, code: StatusCode, message: string): void => {
    if (stream.closed || stream.destroyed) return;
    if (!stream.headersSent) {
      stream.respond({ ...GRPC_RESPONSE_HEADERS, ...statusTrailers(code, message) }, { endStream: true });
    } else {
      stream.once("wantTrailers", () => stream.sendTrailers(statusTrailers(code, message)));
      stream.end();
    }
    // A client still sending (e.g. an oversized message) is told to stop: RST_STREAM NO_ERROR
    // after the status, as the HTTP/2 rules for an early response allow.
    if (!stream.readableEnded) stream.close(h2.NGHTTP2_NO_ERROR);
  };

  const dispatch = (stream: ServerHttp2Stream, route: Route, request: Buffer): void => {
    if (route.kind === "unary") {
      route.call(request).then(
        (response) => respondUnary(stream, response),
        (err: unknown) => {
          const { code, message } = errorDetails(err);
          respondStatus(stream, code, message);
        },
      );
      return;
    }
    stream.respond(GRPC_RESPONSE_HEADERS, { waitForTrailers: true });
    stream.once("wantTrailers", () => stream.sendTrailers(statusTrailers(Status.OK, "")));
    openStreams.add(stream);
    stream.once("close", () => openStreams.delete(stream));
    try {
      route.open(request, {
        write: (message) => {
          if (!stream.closed && !stream.destroyed) stream.write(frameMessage(message));
        },
      });
    } catch (err) {
      openStreams.delete(stream);
      const { code, message } = errorDetails(err);
      respondStatus(stream, code, message);
    }
    if (stopping) endOpenStream(stream);
  };

  /** With AutoMTLS: the sessions whose client presented Terraform's certificate. */
  let pinnedSessions: WeakSet<Http2Session> | undefined;

  const onStream = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void => {
    stream.on("error", (err) => logger.debug("gRPC stream error", { error: err.message }));
    if (pinnedSessions !== undefined && (stream.session === undefined || !pinnedSessions.has(stream.session))) {
      // unreachable while the session check below destroys such sessions; kept as a second lock
      stream.close(h2.NGHTTP2_REFUSED_STREAM);
      return;
    }
    const contentType = headers[h2.HTTP2_HEADER_CONTENT_TYPE];
    if (
      headers[h2.HTTP2_HEADER_METHOD] !== "POST" ||
      typeof contentType !== "string" ||
      !contentType.startsWith("application/grpc")
    ) {
      // Not a gRPC request at all: a plain HTTP answer, as gRPC servers give.
      stream.respond({ [h2.HTTP2_HEADER_STATUS]: 415 }, { endStream: true });
      stream.close(h2.NGHTTP2_NO_ERROR);
      return;
    }
    const path = String(headers[h2.HTTP2_HEADER_PATH] ?? "");
    const route = (routes ??= buildRoutes(options)).get(path);
    if (!route) {
      respondStatus(stream, Status.UNIMPLEMENTED, `unknown method ${path}`);
      return;
    }
    const encoding = headers["grpc-encoding"];
    if (encoding !== undefined && encoding !== "identity") {
      respondStatus(stream, Status.UNIMPLEMENTED, `message encoding ${String(encoding)} is not supported`);
      return;
    }
    const reader = new MessageReader(MAX_MESSAGE_BYTES);
    let refused = false;
    stream.on("data", (chunk: Buffer) => {
      if (refused) return;
      try {
        reader.push(chunk);
      } catch (err) {
        refused = true;
        const { code, message } = errorDetails(err);
        respondStatus(stream, code, message);
      }
    });
    stream.on("end", () => {
      if (refused) return;
      let messages: Buffer[];
      try {
        messages = reader.finish();
      } catch (err) {
        const { code, message } = errorDetails(err);
        respondStatus(stream, code, message);
        return;
      }
      if (messages.length !== 1) {
        respondStatus(stream, Status.INTERNAL, `expected one request message for ${path}, got ${messages.length}`);
        return;
      }
      dispatch(stream, route, messages[0]);
    });
  };

  let server: Http2Server;
  let certificateDer: Buffer | undefined;
  if (options.clientCertPem) {
    // Terraform's certificate, exactly: the only client this server answers.
    const expectedClient = new X509Certificate(options.clientCertPem).raw;
    const cert = generateServerCertificate();
    certificateDer = cert.der;
    const secure = createSecureServer(pinnedTlsServerOptions(cert));
    secure.on("tlsClientError", (err) => logger.debug("TLS client refused", { error: err.message }));
    const pinned = new WeakSet<Http2Session>();
    pinnedSessions = pinned;
    // "session" is emitted as the TLS connection completes, before any of its frames is read.
    secure.on("session", (session: Http2Session) => {
      const presented = (session.socket as TLSSocket).getPeerX509Certificate()?.raw;
      if (presented !== undefined && presented.equals(expectedClient)) {
        pinned.add(session);
        return;
      }
      logger.debug("TLS client refused", {
        error: presented === undefined ? "no client certificate" : "not Terraform's client certificate",
      });
      session.destroy();
    });
    server = secure;
  } else {
    // Plaintext is HTTP/2 with prior knowledge (h2c), as go-plugin dials it.
    server = createServer(HTTP2_SERVER_OPTIONS);
  }
  server.on("session", (session: Http2Session) => {
    if (session.destroyed) return;
    sessions.add(session);
    session.on("error", (err) => logger.debug("HTTP/2 session error", { error: err.message }));
    session.once("close", () => sessions.delete(session));
    if (stopping) session.close();
  });
  server.on("stream", onStream);

  let socketPath: string | undefined;
  let host = "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    const listening = (): void => {
      server.off("error", reject);
      resolve();
    };
    if (options.listen.network === "unix") {
      socketPath = join(options.listen.dir, `plugin${randomBytes(6).toString("hex")}`);
      server.listen(socketPath, listening);
    } else {
      host = options.listen.host ?? host;
      server.listen(options.listen.port ?? 0, host, listening);
    }
  });
  server.on("error", (err) => logger.error("plugin server error", { error: err.message }));

  if (socketPath !== undefined && options.listen.network === "unix" && options.listen.group !== undefined) {
    chownSync(socketPath, -1, options.listen.group);
    chmodSync(socketPath, 0o660);
  }

  const address: PluginAddress =
    socketPath !== undefined
      ? { network: "unix", address: socketPath }
      : { network: "tcp", address: `${host}:${(server.address() as AddressInfo).port}` };
  logger.debug("plugin server listening", {
    network: address.network,
    address: address.address,
    tls: !!certificateDer,
  });

  let stopped: Promise<void> | undefined;
  const cleanupSync = (): void => {
    if (socketPath) {
      try {
        rmSync(socketPath, { force: true });
      } catch {
        // best effort: the directory may be gone already
      }
    }
  };

  return {
    address,
    certificateDer,
    cleanupSync,
    stop(graceMs = 250) {
      stopped ??= new Promise<void>((resolve) => {
        stopping = true;
        for (const stream of [...openStreams]) endOpenStream(stream);
        // Graceful: no new connections; GOAWAY to each client, whose calls in flight still finish.
        const timer = setTimeout(() => {
          for (const session of sessions) session.destroy();
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        for (const session of sessions) session.close();
      }).then(cleanupSync);
      return stopped;
    },
  };
}
