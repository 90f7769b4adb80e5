// The plugin's gRPC server: tfplugin6.Provider plus the go-plugin housekeeping services
// (GRPCController, GRPCStdio) and the gRPC health service, on a loopback TCP port or a Unix
// socket, with AutoMTLS when Terraform sent its client certificate. Knows nothing about the
// process: serve.ts decides when to print the handshake and when to exit.
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
} from "@grpc/grpc-js";
import type { Logger } from "../log";
import { serviceDefinition, type Message } from "../proto/services";
import { generateServerCertificate } from "./certificate";
import { providerServiceDefinition, providerServiceImplementation, type ProviderSource } from "./provider-service";

/** terraform-plugin-go's limits; grpc-js would otherwise refuse requests over 4 MiB. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

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

export async function startPluginServer(options: PluginServerOptions): Promise<PluginServer> {
  const { logger } = options;
  const server = new Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  // Long-lived server streams (StreamStdio, health Watch) are ended on stop so a graceful
  // shutdown does not wait for them.
  const openStreams = new Set<ServerWritableStream<Message, Message>>();
  const keepOpen = (call: ServerWritableStream<Message, Message>): void => {
    openStreams.add(call);
    call.on("cancelled", () => {
      openStreams.delete(call);
      call.end();
    });
  };

  server.addService(providerServiceDefinition(), providerServiceImplementation(options.provider, logger));

  server.addService(serviceDefinition("controller"), {
    Shutdown: (_call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
      logger.debug("received Shutdown");
      callback(null, {});
      if (options.onShutdownRequested) setImmediate(options.onShutdownRequested);
    },
  });

  server.addService(serviceDefinition("stdio"), {
    // go-plugin opens this once per connection to forward a Go plugin's stdout/stderr. This
    // process logs to stderr directly, so the stream stays open and silent until cancelled.
    StreamStdio: (call: ServerWritableStream<Message, Message>) => keepOpen(call),
  });

  const healthy = (service: unknown): boolean => service === "" || service === "plugin";
  server.addService(serviceDefinition("health"), {
    Check: (call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
      if (healthy(call.request.service)) callback(null, { status: HEALTH_SERVING });
      else callback({ code: status.NOT_FOUND, details: `unknown service ${String(call.request.service)}` }, null);
    },
    Watch: (call: ServerWritableStream<Message, Message>) => {
      call.write({ status: healthy(call.request.service) ? HEALTH_SERVING : HEALTH_SERVICE_UNKNOWN });
      keepOpen(call);
    },
  });

  let certificateDer: Buffer | undefined;
  let credentials: ServerCredentials;
  if (options.clientCertPem) {
    const cert = generateServerCertificate();
    certificateDer = cert.der;
    // Third argument true: REQUIRE a client certificate and verify it against Terraform's
    // certificate only (grpc-js' default would accept any client).
    credentials = ServerCredentials.createSsl(
      Buffer.from(options.clientCertPem),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true,
    );
  } else {
    credentials = ServerCredentials.createInsecure();
  }

  let socketPath: string | undefined;
  let host = "127.0.0.1";
  let target: string;
  if (options.listen.network === "unix") {
    socketPath = join(options.listen.dir, `plugin${randomBytes(6).toString("hex")}`);
    target = `unix:${socketPath}`;
  } else {
    host = options.listen.host ?? host;
    target = `${host}:${options.listen.port ?? 0}`;
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(target, credentials, (err, boundPort) => (err ? reject(err) : resolve(boundPort)));
  });

  if (socketPath !== undefined && options.listen.network === "unix" && options.listen.group !== undefined) {
    chownSync(socketPath, -1, options.listen.group);
    chmodSync(socketPath, 0o660);
  }

  const address: PluginAddress =
    socketPath !== undefined
      ? { network: "unix", address: socketPath }
      : { network: "tcp", address: `${host}:${port}` };
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
        for (const call of openStreams) call.end();
        openStreams.clear();
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }).then(cleanupSync);
      return stopped;
    },
  };
}
