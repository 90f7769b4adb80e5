// What Terraform tells a provider process through its environment when it launches it
// (docs/design/plugin-protocol.md, "Launch and environment"), validated up front so a wrong launch
// ends with a clear message instead of a half-started server.

import { X509Certificate } from "node:crypto";

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/**
 * Where a wrapper installed with `deferExtraCaCerts` (plugin/install) puts the value of
 * NODE_EXTRA_CA_CERTS, which it removes: Node.js reads that file and builds its whole certificate
 * store while it starts (about 40 ms of every start, even with a single extra certificate), and
 * most provider processes never open a TLS connection. The provider hands the file to the TLS
 * client that needs it, on that client's first connection.
 */
export const DEFERRED_EXTRA_CA_CERTS_KEY = "TF_PLUGIN_NODE_EXTRA_CA_CERTS";

/** The only application protocol this runtime speaks. */
export const PROTOCOL_VERSION = 6;
/** go-plugin's core protocol version, the handshake's first field. */
export const CORE_PROTOCOL_VERSION = 1;

export interface LaunchSettings {
  /** PEM from PLUGIN_CLIENT_CERT; absent → plaintext and no certificate in the handshake. */
  clientCertPem?: string;
  /** PLUGIN_UNIX_SOCKET_DIR: listen on a Unix socket there instead of loopback TCP. */
  unixSocketDir?: string;
  /** PLUGIN_UNIX_SOCKET_GROUP as a numeric gid (group names are not resolved). */
  unixSocketGroup?: number;
}

export type LaunchCheck = { ok: true; settings: LaunchSettings } | { ok: false; message: string };

/**
 * Checks the magic cookie and protocol negotiation. `name` is the executable's name, used only in
 * the explanation for someone who ran the provider by hand.
 */
export function checkLaunchEnvironment(env: NodeJS.ProcessEnv, name: string, hint?: string): LaunchCheck {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    const lines = [
      `${name} is a Terraform provider plugin: Terraform starts it by itself, it is not meant to be run directly.`,
      `Require it in a configuration's required_providers block and run terraform init / plan / apply instead.`,
    ];
    if (hint) lines.push(hint);
    return { ok: false, message: `${lines.join("\n")}\n` };
  }
  const offered = env.PLUGIN_PROTOCOL_VERSIONS;
  // Missing entirely: go-plugin servers fall back to their only/lowest version, i.e. ours.
  if (offered !== undefined && offered.trim() !== "") {
    const versions = offered.split(",").map((v) => v.trim());
    if (!versions.includes(String(PROTOCOL_VERSION))) {
      return {
        ok: false,
        message:
          `${name} speaks Terraform plugin protocol ${PROTOCOL_VERSION}, but this Terraform offered only ` +
          `protocol version(s) ${offered}. Use Terraform 1.0 or newer (or OpenTofu).\n`,
      };
    }
  }
  const settings: LaunchSettings = {};
  const cert = env.PLUGIN_CLIENT_CERT;
  if (cert !== undefined && cert.trim() !== "") {
    // The server trusts exactly this certificate (AutoMTLS): refuse a value that is not one here,
    // rather than as a crash while the TLS server is being set up.
    try {
      new X509Certificate(cert);
    } catch {
      return {
        ok: false,
        message:
          `PLUGIN_CLIENT_CERT must be Terraform's client certificate (PEM) for ${name}, but it is not a ` +
          `readable X.509 certificate.\n`,
      };
    }
    settings.clientCertPem = cert;
  }
  const socketDir = env.PLUGIN_UNIX_SOCKET_DIR;
  if (socketDir !== undefined && socketDir.trim() !== "") settings.unixSocketDir = socketDir;
  const group = env.PLUGIN_UNIX_SOCKET_GROUP?.trim();
  if (settings.unixSocketDir && group) {
    if (!/^\d+$/.test(group)) {
      return {
        ok: false,
        message: `PLUGIN_UNIX_SOCKET_GROUP must be a numeric group id for ${name}, got ${JSON.stringify(group)}.\n`,
      };
    }
    settings.unixSocketGroup = Number(group);
  }
  return { ok: true, settings };
}
