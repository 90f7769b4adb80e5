// The two lines a provider prints for its client: the go-plugin handshake (managed mode) and the
// TF_REATTACH_PROVIDERS export line (debug mode).
import { handshakeCertificateField } from "./certificate";
import { CORE_PROTOCOL_VERSION, PROTOCOL_VERSION } from "./launch-environment";
import type { PluginAddress } from "./grpc-server";

/**
 * `1|6|tcp|127.0.0.1:PORT|grpc|<cert>` + newline. The certificate field is empty without TLS
 * (sending one then would crash Terraform); no seventh field, ever (older clients would glue it
 * onto the certificate).
 */
export function handshakeLine(address: PluginAddress, certificateDer?: Buffer): string {
  const cert = certificateDer ? handshakeCertificateField(certificateDer) : "";
  return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|${address.network}|${address.address}|grpc|${cert}\n`;
}

export interface ReattachConfig {
  Protocol: "grpc";
  ProtocolVersion: number;
  Pid: number;
  /** Must be true for protocol 6 (false makes Terraform assume protocol 5 and crash). */
  Test: true;
  Addr: { Network: "tcp" | "unix"; String: string };
}

/** The TF_REATTACH_PROVIDERS value for one provider, keyed by its source address. */
function reattachValue(sourceAddress: string, address: PluginAddress, pid: number): Record<string, ReattachConfig> {
  return {
    [sourceAddress]: {
      Protocol: "grpc",
      ProtocolVersion: PROTOCOL_VERSION,
      Pid: pid,
      Test: true,
      Addr: { Network: address.network, String: address.address },
    },
  };
}

/** POSIX-shell single quoting. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function reattachExportLine(sourceAddress: string, address: PluginAddress, pid: number): string {
  return `export TF_REATTACH_PROVIDERS=${shellQuote(JSON.stringify(reattachValue(sourceAddress, address, pid)))}`;
}
