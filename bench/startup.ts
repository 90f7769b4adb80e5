// Start-up time: how long the provider executable takes from spawn to its handshake line, against
// the floor of starting Node.js at all (`node -e 0`, spawn to exit) and, when given, against the
// server floor (bench/server-floor.ts: the least any Node.js plugin server with AutoMTLS does
// before its handshake line).
//
// The provider is launched exactly as Terraform launches it: the magic cookie, the offered
// protocol versions, a port range and a client certificate (so AutoMTLS — generating the
// server's key pair and certificate — is part of the measured path). Runs of the two commands are
// interleaved so that a slow phase of the machine hits both alike; the first run of each is a
// discarded warm-up (page cache).
import { spawn } from "node:child_process";
import { generateServerCertificate } from "../src/plugin/transport/certificate";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../src/plugin/transport/launch-environment";
import { median, nowMs } from "./util";

export interface StartupResult {
  /** Median spawn → handshake line of the provider. */
  startupMs: number;
  /** Median spawn → exit of `node -e 0`. */
  nodeFloorMs: number;
  /** Median spawn → handshake line of the server floor (null: not measured). */
  serverFloorMs: number | null;
  /** The provider and `node -e 0` with NODE_EXTRA_CA_CERTS set (null: not measured). */
  extraCa: { startupMs: number; nodeFloorMs: number } | null;
  samples: Partial<Record<SeriesName, number[]>>;
  /** The command that was timed, e.g. the installed executable or `node dist/bundle/provider.js`. */
  command: string;
}

type SeriesName = "startup" | "nodeFloor" | "serverFloor" | "startupExtraCa" | "nodeFloorExtraCa";

/** Spawn → first stdout line; the process is killed as soon as the line is seen. */
function timeToHandshake(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const child = spawn(file, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let done = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (!done && out.includes("\n")) {
        done = true;
        const ms = nowMs() - started;
        const line = out.slice(0, out.indexOf("\n"));
        child.kill("SIGKILL");
        if (!/^1\|6\|(tcp|unix)\|/.test(line)) reject(new Error(`not a handshake line: ${line}`));
        else resolve(ms);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!done) reject(new Error(`provider exited with ${code} before its handshake:\n${err}`));
    });
  });
}

function timeToExit(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const child = spawn(file, args, { env, stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(nowMs() - started));
  });
}

export async function measureStartup(options: {
  executable: string;
  args?: readonly string[];
  runs: number;
  /** The bundled server floor, run as `node FILE` in the same rounds. */
  serverFloorScript?: string;
  /** A PEM file for NODE_EXTRA_CA_CERTS: the provider and `node -e 0` are also timed with it set. */
  extraCaCertsFile?: string;
}): Promise<StartupResult> {
  const clientCert = generateServerCertificate();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "5,6",
    PLUGIN_MIN_PORT: "10000",
    PLUGIN_MAX_PORT: "25000",
    PLUGIN_CLIENT_CERT: clientCert.certPem,
  };
  const args = options.args ?? [];
  // The floor gets the provider's environment: variables such as NODE_EXTRA_CA_CERTS make every
  // Node.js start slower, and must weigh on both sides or neither.
  const series: [SeriesName, () => Promise<number>][] = [
    ["startup", () => timeToHandshake(options.executable, args, env)],
    ["nodeFloor", () => timeToExit(process.execPath, ["-e", "0"], env)],
  ];
  const { serverFloorScript, extraCaCertsFile } = options;
  if (serverFloorScript !== undefined)
    series.push(["serverFloor", () => timeToHandshake(process.execPath, [serverFloorScript], env)]);
  if (extraCaCertsFile !== undefined) {
    const caEnv = { ...env, NODE_EXTRA_CA_CERTS: extraCaCertsFile };
    series.push(
      ["startupExtraCa", () => timeToHandshake(options.executable, args, caEnv)],
      ["nodeFloorExtraCa", () => timeToExit(process.execPath, ["-e", "0"], caEnv)],
    );
  }
  const samples: Partial<Record<SeriesName, number[]>> = {};
  for (let i = 0; i <= options.runs; i++) {
    // interleaved, so that a slow phase of the machine hits every series alike
    for (const [name, run] of series) {
      const ms = await run();
      if (i > 0) (samples[name] ??= []).push(ms); // the first round is a warm-up
    }
  }
  const med = (name: SeriesName): number | null => (samples[name] ? median(samples[name]) : null);
  const measured = (name: SeriesName): number => {
    const ms = med(name);
    if (ms === null) throw new Error(`start-up: no samples of ${name}`);
    return ms;
  };
  const startupExtraCa = med("startupExtraCa");
  const nodeFloorExtraCa = med("nodeFloorExtraCa");
  return {
    startupMs: measured("startup"),
    nodeFloorMs: measured("nodeFloor"),
    serverFloorMs: med("serverFloor"),
    extraCa:
      startupExtraCa === null || nodeFloorExtraCa === null
        ? null
        : { startupMs: startupExtraCa, nodeFloorMs: nodeFloorExtraCa },
    samples,
    command: [options.executable, ...args].join(" "),
  };
}
