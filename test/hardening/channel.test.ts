// Guarantee 6 (docs/reliability.md): the provider's gRPC endpoint serves only Terraform.
//
// Terraform (go-plugin AutoMTLS) puts its own client certificate into PLUGIN_CLIENT_CERT and
// dials the address of the handshake line. The provider must accept exactly that certificate:
// a local process that finds the port (any user can connect to 127.0.0.1) must not be able to
// configure the provider or drive it with someone else's credentials.
//
// Unlike test/plugin/transport/process.test.ts (a fresh bundle of src/main.ts) this runs the
// executable Terraform really launches: the shell wrapper + bundle copy of the e2e installation
// (test/support), i.e. the artefact `npm test` builds into dist/bundle and installs.
import { spawn, type ChildProcess } from "node:child_process";
import { connect as netConnect } from "node:net";
import { X509Certificate } from "node:crypto";
import { credentials, status, type ServiceError } from "@grpc/grpc-js";
import { installation, type Installation } from "../support/install";
import { removeInstallation } from "../support/install";
import {
  callUnary,
  makeClient,
  newClientCertificate,
  parseHandshake,
  pluginEnv,
  serverCertPem,
  tlsCredentials,
  type ParsedHandshake,
} from "../plugin/transport/helpers";
import type { ServerCertificate } from "../../src/plugin/transport/certificate";

let inst: Installation;
const children: ChildProcess[] = [];

beforeAll(async () => {
  inst = await installation();
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await removeInstallation();
});

interface Launched {
  child: ChildProcess;
  hs: ParsedHandshake;
  stderr: () => string;
}

/** Starts the installed executable exactly as Terraform does (cookie, protocol list, client certificate). */
async function launchInstalled(terraformCert: ServerCertificate): Promise<Launched> {
  const child = spawn(inst.install.executablePath, [], {
    env: pluginEnv({ TF_LOG_PROVIDER: "trace" }, terraformCert),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stderr?.setEncoding("utf8").on("data", (c: string) => (err += c));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on("exit", (code) => reject(new Error(`provider exited (${code}) before the handshake:\n${err}`)));
  });
  return { child, hs: parseHandshake(line), stderr: () => err };
}

async function refusal(hs: ParsedHandshake, creds: ReturnType<typeof tlsCredentials>): Promise<ServiceError | null> {
  const client = makeClient(hs, creds);
  try {
    return (await callUnary(client, "provider", "GetProviderSchema", {}, 5000).then(
      () => null,
      (e: ServiceError) => e,
    )) as ServiceError | null;
  } finally {
    client.close();
  }
}

describe("the installed provider's gRPC channel", () => {
  it("listens on loopback with TLS and a certificate for localhost only", async () => {
    const p = await launchInstalled(newClientCertificate());
    expect(p.hs.network).toBe("tcp");
    expect(p.hs.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(p.hs.certificate).not.toBe("");
    const cert = new X509Certificate(Buffer.from(p.hs.certificate, "base64"));
    expect(cert.subjectAltName).toBe("DNS:localhost");
    p.child.kill("SIGKILL");
  });

  it("refuses plaintext, certificate-less and foreign-certificate clients, and still serves Terraform's", async () => {
    const terraformCert = newClientCertificate();
    const p = await launchInstalled(terraformCert);
    const serverPem = serverCertPem(p.hs.certificate);
    const impostor = newClientCertificate();
    // Same subject and SAN as Terraform's certificate, different key: only the key proves identity.
    expect(new X509Certificate(impostor.certPem).subject).toBe(new X509Certificate(terraformCert.certPem).subject);

    const attempts: Array<[string, ReturnType<typeof tlsCredentials>]> = [
      ["plaintext HTTP/2", credentials.createInsecure()],
      ["TLS without a client certificate", tlsCredentials(serverPem)],
      ["TLS with another self-signed certificate", tlsCredentials(serverPem, impostor)],
    ];
    for (const [what, creds] of attempts) {
      const err = await refusal(p.hs, creds);
      expect({ what, refused: err !== null, code: err?.code }).toEqual({
        what,
        refused: true,
        code: status.UNAVAILABLE,
      });
    }

    // A raw TCP client speaking cleartext gets no HTTP/2 answer: the socket is closed on it.
    const [host, port] = p.hs.address.split(":");
    const answer = await new Promise<string>((resolve) => {
      let got = "";
      const s = netConnect({ host, port: Number(port) }, () => s.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
      s.setEncoding("latin1");
      s.on("data", (d: string) => (got += d));
      s.on("close", () => resolve(got));
      s.on("error", () => undefined);
      s.setTimeout(5000, () => s.destroy());
    });
    // Whatever bytes came back (a TLS alert at most), none is an HTTP/2 SETTINGS frame header.
    expect(answer).not.toContain("HTTP/2");
    expect(Buffer.from(answer, "latin1").subarray(0, 1)[0] ?? 0x15).toBe(0x15); // 0x15 = TLS alert record, or nothing

    // No refused client ever reached the provider: the trace log shows no RPC at all so far.
    expect(p.stderr()).not.toMatch(/GetProviderSchema/);

    // Terraform's own certificate still works on the same process.
    const good = makeClient(p.hs, tlsCredentials(serverPem, terraformCert));
    try {
      const schema = await callUnary(good, "provider", "GetProviderSchema");
      expect(schema).toHaveProperty("provider");
    } finally {
      good.close();
    }
    // ...while the accepted call is logged (so the absence above is meaningful).
    await waitForText(p.stderr, /GetProviderSchema/);
    p.child.kill("SIGKILL");
  });
});

async function waitForText(read: () => string, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 100 && !pattern.test(read()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(read()).toMatch(pattern);
}
