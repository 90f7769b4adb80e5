// Shared helpers for the transport tests: fresh bundles of the real entry point (and of a test
// fixture provider) in a temporary directory, spawning them as Terraform would, and a grpc-js
// client speaking the plugin services.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client, credentials, Metadata, type ChannelCredentials, type ServiceError } from "@grpc/grpc-js";
import { serviceDefinition, type Message, type ServiceKey } from "../../../src/plugin/proto/services";
import { generateServerCertificate, type ServerCertificate } from "../../../src/plugin/transport/certificate";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../../src/plugin/transport/launch-environment";

const repoRoot = resolve(__dirname, "../../..");

interface BuildModule {
  bundleOptions(entry: string, outfile: string): object;
  bundleProvider(outfile: string): string;
  generateProtoDescriptor(): string;
  descriptorPath: string;
}

export function buildScript(): BuildModule {
  return require(join(repoRoot, "scripts", "build.js")) as BuildModule;
}

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Bundles src/main.ts (the real executable) with the build's own esbuild options. */
export function buildProviderBundle(): string {
  return buildScript().bundleProvider(join(tempDir("tfp-bundle-"), "provider.js"));
}

/** Bundles the fixture entry (a provider with test behaviours) the same way. */
export function buildFixtureBundle(): string {
  const esbuild = require("esbuild") as { buildSync(options: object): unknown };
  const outfile = join(tempDir("tfp-fixture-"), "fixture.js");
  esbuild.buildSync(buildScript().bundleOptions("test/plugin/transport/fixtures/fixture-provider.ts", outfile));
  return outfile;
}

/** The environment Terraform gives a provider, optionally with AutoMTLS. */
export function pluginEnv(extra: NodeJS.ProcessEnv = {}, clientCert?: ServerCertificate): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "5,6",
    PLUGIN_MIN_PORT: "10000",
    PLUGIN_MAX_PORT: "25000",
  };
  if (clientCert) env.PLUGIN_CLIENT_CERT = clientCert.certPem;
  return { ...env, ...extra };
}

export interface RunningPlugin {
  child: ChildProcess;
  /** Resolves with the first stdout line (the handshake), rejects if the process exits first. */
  handshake: Promise<string>;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnPlugin(script: string, env: NodeJS.ProcessEnv, args: string[] = []): RunningPlugin {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.on("exit", (code, signal) => res({ code, signal }));
  });
  const handshake = new Promise<string>((res, rej) => {
    child.stdout?.on("data", (chunk: string) => {
      out += chunk;
      const nl = out.indexOf("\n");
      if (nl >= 0) res(out.slice(0, nl));
    });
    void exited.then(({ code, signal }) =>
      rej(new Error(`plugin exited (code ${code}, signal ${signal}) before the handshake; stderr:\n${err}`)),
    );
  });
  child.stderr?.on("data", (chunk: string) => {
    err += chunk;
  });
  // Tests that expect an early exit never await the handshake: keep that rejection handled.
  handshake.catch(() => undefined);
  return { child, handshake, stdout: () => out, stderr: () => err, exited };
}

export interface ParsedHandshake {
  core: string;
  protocol: string;
  network: string;
  address: string;
  transport: string;
  certificate: string;
  fields: string[];
}

export function parseHandshake(line: string): ParsedHandshake {
  const fields = line.split("|");
  return {
    core: fields[0],
    protocol: fields[1],
    network: fields[2],
    address: fields[3],
    transport: fields[4],
    certificate: fields[5] ?? "",
    fields,
  };
}

export function serverCertPem(base64Der: string): string {
  const der = Buffer.from(base64Der, "base64");
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** grpc-js client credentials as Terraform uses them: trust only the announced certificate. */
export function tlsCredentials(serverCert: string, clientCert?: ServerCertificate): ChannelCredentials {
  return clientCert
    ? credentials.createSsl(Buffer.from(serverCert), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem))
    : credentials.createSsl(Buffer.from(serverCert));
}

export function makeClient(handshake: ParsedHandshake, creds: ChannelCredentials): Client {
  const target = handshake.network === "unix" ? `unix:${handshake.address}` : handshake.address;
  return new Client(target, creds, {
    "grpc.ssl_target_name_override": "localhost",
    "grpc.default_authority": "localhost",
    "grpc.max_receive_message_length": 512 * 1024 * 1024,
    "grpc.max_send_message_length": 512 * 1024 * 1024,
  });
}

export function callUnary(
  client: Client,
  service: ServiceKey,
  method: string,
  request: Message = {},
  timeoutMs = 10_000,
): Promise<Message> {
  const def = serviceDefinition(service)[method];
  if (!def) throw new Error(`no method ${service}/${method}`);
  return new Promise((res, rej) => {
    client.makeUnaryRequest(
      def.path,
      def.requestSerialize as (value: Message) => Buffer,
      def.responseDeserialize as (bytes: Buffer) => Message,
      request,
      new Metadata(),
      { deadline: Date.now() + timeoutMs },
      (err: ServiceError | null, value?: Message) => (err ? rej(err) : res(value ?? {})),
    );
  });
}

export function newClientCertificate(): ServerCertificate {
  return generateServerCertificate();
}

/** Waits until `predicate` holds, polling; rejects after `limitMs` (a hang guard, not a timing assertion). */
export async function waitFor(predicate: () => boolean, limitMs = 15_000, what = "condition"): Promise<void> {
  const until = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
