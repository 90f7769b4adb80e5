// The Management API emulator as the benchmarks use it: its own process (bin/voximplant-emulator,
// so its event loop does not share time with the harness), driven through its documented test
// controls under /__emulator (docs/emulator.md): per-call latency faults, call counters, wiping.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./util";

export interface CallCounts {
  total: number;
  byMethod: Record<string, number>;
}

export class BenchEmulator {
  private constructor(
    private readonly child: ChildProcess,
    /** e.g. http://127.0.0.1:PORT/platform_api */
    readonly url: string,
    readonly adminUrl: string,
    readonly credentialsPath: string,
  ) {}

  static async start(credentialsOut: string): Promise<BenchEmulator> {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, "bin", "voximplant-emulator"), "--credentials-out", credentialsOut],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    child.stderr?.setEncoding("utf8").on("data", (c: string) => (err += c));
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.setEncoding("utf8").on("data", (c: string) => {
        out += c;
        const nl = out.indexOf("\n");
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on("exit", (code) => reject(new Error(`emulator exited (${code}) before it was ready:\n${err}`)));
      child.on("error", reject);
    });
    const info = JSON.parse(line) as { url: string; admin: string; credentials: string };
    return new BenchEmulator(child, info.url, info.admin, info.credentials);
  }

  private async admin(verb: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.adminUrl}${path}`, {
      method: verb,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`emulator ${verb} ${path} answered ${res.status}: ${text}`);
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  }

  /** Every API call from now on is answered `ms` later (0 removes the delay). Clears other faults. */
  async setLatency(ms: number): Promise<void> {
    await this.admin("DELETE", "/faults");
    if (ms > 0) await this.admin("POST", "/faults", { method: "*", fault: "latency", latency_ms: ms, probability: 1 });
  }

  /** Zeroes the call counters and the call log, and removes faults. */
  async resetCounters(): Promise<void> {
    await this.admin("POST", "/reset");
  }

  async calls(): Promise<CallCounts> {
    return (await this.admin("GET", "/calls")) as CallCounts;
  }

  /** Deletes every registration (and resets counters and faults). */
  async wipe(): Promise<void> {
    await this.admin("POST", "/wipe");
  }

  async config(patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (await this.admin("POST", "/config", patch)) as Record<string, unknown>;
  }

  async registrationCount(): Promise<number> {
    const state = (await this.admin("GET", "/state")) as { registrations: unknown[] };
    return state.registrations.length;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    await exited;
  }
}
