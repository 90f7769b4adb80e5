// The node:http2 options of the plugin server, apart from the server itself so that the start-up
// benchmark's server floor (bench/server-floor.ts) listens with exactly the provider's options.
import type { SecureServerOptions, ServerOptions } from "node:http2";

/** terraform-plugin-go's limit for a message in either direction. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export const HTTP2_SERVER_OPTIONS: ServerOptions = {
  // Message size is limited per message; the session-wide memory cap of node:http2 (10 MB by
  // default) would refuse streams while a large message is in flight.
  maxSessionMemory: 2 * (MAX_MESSAGE_BYTES / (1024 * 1024)),
  settings: { initialWindowSize: 1024 * 1024 },
};

/**
 * Mutual TLS, pinned: the handshake requests a client certificate and TLS proves the client holds
 * its key; the server then serves a session only if that certificate is byte for byte Terraform's
 * (checked by the caller once the session exists). Not `ca`: in Node.js, trusting one certificate
 * through `ca` first copies the whole public root store into the server's trust store (parsed on
 * each start, tens of milliseconds of every provider launch) and would let any publicly issued
 * client certificate through the handshake. node:http2 offers ALPN "h2" and refuses clients that
 * do not pick it (grpc-go insists on it).
 */
export function pinnedTlsServerOptions(server: { keyPem: string; certPem: string }): SecureServerOptions {
  return {
    ...HTTP2_SERVER_OPTIONS,
    key: server.keyPem,
    cert: server.certPem,
    ca: [],
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: "TLSv1.2",
    allowHTTP1: false,
  };
}
