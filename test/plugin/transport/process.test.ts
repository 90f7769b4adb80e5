// The provider executable as Terraform launches it: handshake, AutoMTLS with a real grpc-js
// client, refusal of wrong clients, cookie/protocol checks, signals, Shutdown, StopProvider,
// stdout hygiene, crash output and log lines. Each test spawns a freshly bundled process.
import { X509Certificate } from "node:crypto";
import { connect as tlsConnect } from "node:tls";
import { existsSync, readdirSync, statSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { status, credentials, type ServiceError } from "@grpc/grpc-js";
import {
  buildFixtureBundle,
  buildProviderBundle,
  callUnary,
  isAlive,
  makeClient,
  newClientCertificate,
  parseHandshake,
  pluginEnv,
  removeTempDirs,
  serverCertPem,
  spawnPlugin,
  tempDir,
  tlsCredentials,
  waitFor,
  type RunningPlugin,
} from "./helpers";

let bundle: string;
let fixture: string;
const running: RunningPlugin[] = [];

beforeAll(() => {
  bundle = buildProviderBundle();
  fixture = buildFixtureBundle();
});

afterEach(() => {
  for (const p of running.splice(0))
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
});

afterAll(removeTempDirs);

function start(script: string, env: NodeJS.ProcessEnv, args: string[] = []): RunningPlugin {
  const p = spawnPlugin(script, env, args);
  running.push(p);
  return p;
}

describe("handshake and AutoMTLS", () => {
  it(
    "prints one six-field handshake line with an unpadded base64 DER certificate, and serves GetProviderSchema " +
      "and Health over mTLS",
    async () => {
      const clientCert = newClientCertificate();
      const p = start(bundle, pluginEnv({}, clientCert));
      const line = await p.handshake;
      const hs = parseHandshake(line);
      expect(hs.fields).toHaveLength(6);
      expect(hs.core).toBe("1");
      expect(hs.protocol).toBe("6");
      expect(hs.network).toBe("tcp");
      expect(hs.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(hs.transport).toBe("grpc");
      expect(hs.certificate).toMatch(/^[A-Za-z0-9+/]+$/); // standard alphabet, no "=" padding
      const cert = new X509Certificate(Buffer.from(hs.certificate, "base64"));
      expect(cert.subjectAltName).toBe("DNS:localhost");

      const client = makeClient(hs, tlsCredentials(serverCertPem(hs.certificate), clientCert));
      try {
        const schema = await callUnary(client, "provider", "GetProviderSchema");
        expect(schema.provider).toEqual(expect.objectContaining({ version: 0 }));
        expect(schema.diagnostics).toEqual([]);
        expect(await callUnary(client, "health", "Check", { service: "plugin" })).toEqual({ status: 1 });
        expect(await callUnary(client, "health", "Check", { service: "" })).toEqual({ status: 1 });
        // everything was on stderr: stdout holds the handshake line only
        expect(p.stdout()).toBe(`${line}\n`);
      } finally {
        client.close();
      }
    },
  );

  it("refuses a client without a certificate and a client with a different certificate", async () => {
    const clientCert = newClientCertificate();
    const p = start(bundle, pluginEnv({}, clientCert));
    const hs = parseHandshake(await p.handshake);
    const serverPem = serverCertPem(hs.certificate);

    for (const creds of [tlsCredentials(serverPem), tlsCredentials(serverPem, newClientCertificate())]) {
      const client = makeClient(hs, creds);
      try {
        const err = (await callUnary(client, "provider", "GetProviderSchema", {}, 5000).then(
          () => null,
          (e: ServiceError) => e,
        )) as ServiceError | null;
        expect(err).not.toBeNull();
        expect(err?.code).toBe(status.UNAVAILABLE);
      } finally {
        client.close();
      }
    }
    // the legitimate client still works afterwards
    const good = makeClient(hs, tlsCredentials(serverPem, clientCert));
    try {
      await expect(callUnary(good, "provider", "GetProviderSchema")).resolves.toHaveProperty("provider");
    } finally {
      good.close();
    }
  });

  it("negotiates ALPN h2 over TLS 1.3 and TLS 1.2 (grpc-go >= 1.67, i.e. Terraform >= 1.12, requires it)", async () => {
    const clientCert = newClientCertificate();
    const p = start(bundle, pluginEnv({}, clientCert));
    const hs = parseHandshake(await p.handshake);
    const [host, port] = hs.address.split(":");
    for (const version of ["TLSv1.3", "TLSv1.2"] as const) {
      const negotiated = await new Promise<{ alpn: string | false | null; protocol: string | null }>(
        (resolve, reject) => {
          const socket = tlsConnect({
            host,
            port: Number(port),
            servername: "localhost",
            ca: serverCertPem(hs.certificate),
            cert: clientCert.certPem,
            key: clientCert.keyPem,
            ALPNProtocols: ["h2"],
            minVersion: version,
            maxVersion: version,
          });
          socket.once("secureConnect", () => {
            resolve({ alpn: socket.alpnProtocol, protocol: socket.getProtocol() });
            socket.destroy();
          });
          socket.once("error", reject);
        },
      );
      expect(negotiated).toEqual({ alpn: "h2", protocol: version });
    }
  });

  it("serves plaintext with an empty certificate field when PLUGIN_CLIENT_CERT is absent", async () => {
    const p = start(bundle, pluginEnv());
    const line = await p.handshake;
    expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|$/);
    const client = makeClient(parseHandshake(line), credentials.createInsecure());
    try {
      await expect(callUnary(client, "provider", "GetProviderSchema")).resolves.toHaveProperty("provider");
    } finally {
      client.close();
    }
  });

  it("listens on a Unix socket in PLUGIN_UNIX_SOCKET_DIR and removes it on exit", async () => {
    const dir = tempDir("tfp-sock-");
    const clientCert = newClientCertificate();
    const p = start(bundle, pluginEnv({ PLUGIN_UNIX_SOCKET_DIR: dir }, clientCert));
    const hs = parseHandshake(await p.handshake);
    expect(hs.network).toBe("unix");
    expect(hs.address.startsWith(`${dir}/`)).toBe(true);
    expect(existsSync(hs.address)).toBe(true);
    const client = makeClient(hs, tlsCredentials(serverCertPem(hs.certificate), clientCert));
    try {
      await expect(callUnary(client, "provider", "GetProviderSchema")).resolves.toHaveProperty("provider");
      await callUnary(client, "controller", "Shutdown");
    } finally {
      client.close();
    }
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("unix socket group", () => {
  it("gives the socket mode 0660 and the numeric group from PLUGIN_UNIX_SOCKET_GROUP", async () => {
    const dir = tempDir("tfp-sockgrp-");
    const gid = process.getgid?.() ?? 0;
    const p = start(bundle, pluginEnv({ PLUGIN_UNIX_SOCKET_DIR: dir, PLUGIN_UNIX_SOCKET_GROUP: String(gid) }));
    const hs = parseHandshake(await p.handshake);
    const st = statSync(hs.address);
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o660);
    expect(st.gid).toBe(gid);
  });

  it("exits 1 naming the variable when the group is not numeric", async () => {
    const p = start(
      bundle,
      pluginEnv({ PLUGIN_UNIX_SOCKET_DIR: tempDir("tfp-sockgrp-"), PLUGIN_UNIX_SOCKET_GROUP: "wheel" }),
    );
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stderr()).toMatch(/PLUGIN_UNIX_SOCKET_GROUP must be a numeric group id.*"wheel"/);
    expect(p.stdout()).toBe("");
  });
});

describe("command line", () => {
  function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [bundle, ...args], { encoding: "utf8", env: { PATH: process.env.PATH } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("prints help and the version", () => {
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/install \[--dir DIR\]/);
    expect(help.stdout).toMatch(/--debug/);
    const version = run(["--version"]);
    expect(version.stdout).toMatch(/^terraform-provider-voximplant \d+\.\d+\.\d+/);
  });

  it("prints the provider schema JSON", () => {
    const r = run(["schema"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { provider_schemas: Record<string, unknown> };
    expect(Object.keys(json.provider_schemas)).toEqual(["voximplant.local/voximplant/voximplant"]);
  });

  it("rejects unknown commands and install arguments with exit 2", () => {
    const unknown = run(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    expect(unknown.stdout).toBe("");
    const badInstall = run(["install", "--force"]);
    expect(badInstall.status).toBe(2);
    expect(badInstall.stderr).toMatch(/install: unknown argument "--force"/);
    expect(run(["install", "--dir"]).stderr).toMatch(/--dir needs a directory/);
  });
});

describe("launch checks", () => {
  it("explains itself on stderr and exits 1 without the magic cookie, printing nothing on stdout", async () => {
    const env = pluginEnv();
    delete env.TF_PLUGIN_MAGIC_COOKIE;
    const p = start(bundle, env);
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stdout()).toBe("");
    expect(p.stderr()).toMatch(/is a Terraform provider plugin/);
    expect(p.stderr()).toMatch(/not meant to be run directly/);
  });

  it("exits 1 with an explanation when the cookie value is wrong", async () => {
    const p = start(bundle, pluginEnv({ TF_PLUGIN_MAGIC_COOKIE: "nope" }));
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stdout()).toBe("");
    expect(p.stderr()).toMatch(/Terraform provider plugin/);
  });

  it("exits 1 naming PLUGIN_CLIENT_CERT when it is not a certificate, before listening", async () => {
    const p = start(
      bundle,
      pluginEnv({ PLUGIN_CLIENT_CERT: "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n" }),
    );
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stdout()).toBe("");
    expect(p.stderr()).toMatch(
      /PLUGIN_CLIENT_CERT must be Terraform's client certificate \(PEM\).*not a readable X\.509 certificate/s,
    );
    expect(p.stderr()).not.toMatch(/panic|at new X509Certificate/);
  });

  it("exits 1 when the client does not offer protocol 6", async () => {
    const p = start(bundle, pluginEnv({ PLUGIN_PROTOCOL_VERSIONS: "4,5" }));
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stdout()).toBe("");
    expect(p.stderr()).toMatch(/protocol 6.*offered only protocol version\(s\) 4,5/s);
  });
});

describe("lifecycle", () => {
  it("ignores SIGINT, keeps serving, and exits 0 after answering Shutdown", async () => {
    const p = start(bundle, pluginEnv({ TF_LOG: "info" }));
    const hs = parseHandshake(await p.handshake);
    const client = makeClient(hs, credentials.createInsecure());
    try {
      p.child.kill("SIGINT");
      await waitFor(() => p.stderr().includes("received SIGINT"), 10_000, "the SIGINT log line");
      expect(isAlive(p.child.pid ?? -1)).toBe(true);
      await expect(callUnary(client, "provider", "GetProviderSchema")).resolves.toHaveProperty("provider");
      await expect(callUnary(client, "controller", "Shutdown")).resolves.toEqual({});
    } finally {
      client.close();
    }
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it("calls the provider's stopProvider on StopProvider and keeps running", async () => {
    const p = start(fixture, pluginEnv());
    const hs = parseHandshake(await p.handshake);
    const client = makeClient(hs, credentials.createInsecure());
    try {
      const before = await callUnary(client, "provider", "GetProviderSchema");
      expect(before.server_capabilities).toEqual(expect.objectContaining({ plan_destroy: false }));
      await expect(callUnary(client, "provider", "StopProvider")).resolves.toEqual({ Error: "" });
      // the fixture reports StopProvider calls through plan_destroy; the process still answers
      const after = await callUnary(client, "provider", "GetProviderSchema");
      expect(after.server_capabilities).toEqual(expect.objectContaining({ plan_destroy: true }));
      expect(p.child.exitCode).toBeNull();
    } finally {
      client.close();
    }
  });

  it("exits on SIGTERM", async () => {
    const p = start(bundle, pluginEnv());
    await p.handshake;
    p.child.kill("SIGTERM");
    const { code } = await p.exited;
    expect(code).toBe(143);
  });

  it("exits by itself when its parent process is gone", async () => {
    // sh starts the provider in the background and exits: the provider is orphaned.
    const sh = spawn("/bin/sh", ["-c", `"${process.execPath}" "${bundle}" >/dev/null 2>&1 & echo $!; sleep 0.5`], {
      env: pluginEnv(),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    sh.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    await new Promise((r) => sh.on("exit", r));
    const pid = Number(out.trim());
    expect(pid).toBeGreaterThan(0);
    try {
      await waitFor(() => !isAlive(pid), 20_000, "the orphaned provider to exit");
    } finally {
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  });

  it("writes a Go-style panic to stderr and exits 2 on an uncaught exception", async () => {
    const p = start(fixture, pluginEnv({ FIXTURE_BEHAVIOUR: "crash" }));
    const client = makeClient(parseHandshake(await p.handshake), credentials.createInsecure());
    try {
      await callUnary(client, "provider", "GetProviderSchema").catch(() => undefined);
    } finally {
      client.close();
    }
    expect(await p.exited).toEqual({ code: 2, signal: null });
    const lines = p.stderr().split("\n");
    const panicAt = lines.findIndex((l) => l === "panic: fixture exploded");
    expect(panicAt).toBeGreaterThanOrEqual(0);
    expect(lines[panicAt + 1]).toMatch(/^\s+at /);
  });
});

describe("stdout hygiene and logging", () => {
  it("routes console.log and stdout writes to stderr log lines after the handshake", async () => {
    const p = start(fixture, pluginEnv({ FIXTURE_BEHAVIOUR: "noisy", TF_LOG: "info" }));
    const line = await p.handshake;
    const client = makeClient(parseHandshake(line), credentials.createInsecure());
    try {
      await callUnary(client, "provider", "GetProviderSchema");
      await callUnary(client, "controller", "Shutdown");
    } finally {
      client.close();
    }
    await p.exited;
    expect(p.stdout()).toBe(`${line}\n`);
    expect(p.stderr()).toContain("stray console.log output");
    expect(p.stderr()).toContain("stray stdout write");
  });

  it("writes hclog JSON lines with six-digit timestamps, redacting sensitive fields", async () => {
    const p = start(fixture, pluginEnv({ TF_LOG_PROVIDER: "debug" }));
    const client = makeClient(parseHandshake(await p.handshake), credentials.createInsecure());
    try {
      await callUnary(client, "provider", "GetProviderSchema");
      await callUnary(client, "controller", "Shutdown");
    } finally {
      client.close();
    }
    await p.exited;
    const lines = p
      .stderr()
      .split("\n")
      .filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(2);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const r of records) {
      for (const key of ["@level", "@message", "@module", "@timestamp"]) expect(typeof r[key]).toBe("string");
      expect(r["@timestamp"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(["trace", "debug", "info", "warn", "error"]).toContain(r["@level"]);
    }
    const schemaLog = records.find((r) => r["@message"] === "schema requested");
    expect(schemaLog).toEqual(
      expect.objectContaining({ "@module": "fixture.fixture", password: "(sensitive)", token: "(sensitive)" }),
    );
    expect(p.stderr()).not.toContain("hunter2");
    expect(records.some((r) => r["@message"] === "served RPC" && r.rpc === "GetProviderSchema")).toBe(true);
  });

  it("writes no log lines when TF_LOG and TF_LOG_PROVIDER are unset", async () => {
    const p = start(fixture, pluginEnv());
    const client = makeClient(parseHandshake(await p.handshake), credentials.createInsecure());
    try {
      await callUnary(client, "provider", "GetProviderSchema");
      await callUnary(client, "controller", "Shutdown");
    } finally {
      client.close();
    }
    await p.exited;
    expect(p.stderr()).toBe("");
  });
});
