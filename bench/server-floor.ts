// The start-up floor of any plugin server written for Node.js: the least a process must do before
// Terraform can read its handshake line, and nothing more. It checks the launch environment (magic
// cookie, Terraform's client certificate), generates the AutoMTLS key pair and certificate with
// the provider's own generator, listens with node:http2 over TLS using the provider's TLS options,
// and prints the handshake line. It serves no RPC and holds no provider, protobuf runtime or
// logger: the start-up benchmark times it between `node -e 0` and the real provider, so what is
// Node.js's (HTTP/2 and TLS modules, key generation, the TLS context) and what is the provider's
// can be told apart in one run.
import { X509Certificate } from "node:crypto";
import { createSecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { generateServerCertificate } from "../src/plugin/transport/certificate";
import { handshakeLine } from "../src/plugin/transport/handshake";
import { checkLaunchEnvironment } from "../src/plugin/transport/launch-environment";
import { pinnedTlsServerOptions } from "../src/plugin/transport/server-options";

const check = checkLaunchEnvironment(process.env, "bench-server-floor");
if (!check.ok || check.settings.clientCertPem === undefined) {
  process.stderr.write(check.ok ? "the server floor needs PLUGIN_CLIENT_CERT\n" : `${check.message}\n`);
  process.exit(1);
}
const expectedClient = new X509Certificate(check.settings.clientCertPem).raw;
const cert = generateServerCertificate();
const server = createSecureServer(pinnedTlsServerOptions(cert));
// Served only when the client presents Terraform's certificate (the provider's pinning).
server.on("session", (session) => {
  const presented = (session.socket as TLSSocket).getPeerX509Certificate()?.raw;
  if (presented === undefined || !presented.equals(expectedClient)) session.destroy();
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(handshakeLine({ network: "tcp", address: `127.0.0.1:${port}` }, cert.der));
});
