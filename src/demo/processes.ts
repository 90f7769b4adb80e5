// Child processes of the demo (the provider's install command, cdktf, terraform): output streamed
// line by line with an indent, a heartbeat while a step is silent, and cancellation that stops
// the whole process group (cdktf → terraform → provider) on Ctrl-C.

import { spawn, type ChildProcess } from "node:child_process";

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called with every complete output line (stdout and stderr), ANSI colours removed. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Called every heartbeatMs while the child prints nothing, with the elapsed seconds. */
  onHeartbeat?: (elapsedSeconds: number) => void;
  heartbeatMs?: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Runs processes one at a time and can stop the running one (with its children). */
export class ProcessRunner {
  private current: ChildProcess | undefined;
  private cancelled = false;
  private readonly cancelWaiters: (() => void)[] = [];

  /** Resolves once cancel() was called. */
  whenCancelled(): Promise<void> {
    if (this.cancelled) return Promise.resolve();
    return new Promise((resolve) => this.cancelWaiters.push(resolve));
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    if (this.cancelled) return Promise.reject(new DemoInterrupted());
    const started = Date.now();
    // A process group of its own, so cancel() reaches terraform and the provider as well.
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.current = child;
    let stdout = "";
    let stderr = "";
    let lastOutput = Date.now();
    const partial = { stdout: "", stderr: "" };
    const feed = (stream: "stdout" | "stderr", chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      if (stream === "stdout") stdout += text;
      else stderr += text;
      lastOutput = Date.now();
      const lines = (partial[stream] + text).split(/\r?\n/);
      partial[stream] = lines.pop() ?? "";
      for (const line of lines) options.onLine?.(stripAnsi(line), stream);
    };
    child.stdout?.on("data", (c: Buffer) => feed("stdout", c));
    child.stderr?.on("data", (c: Buffer) => feed("stderr", c));
    const heartbeatMs = options.heartbeatMs ?? 10_000;
    const timer = options.onHeartbeat
      ? setInterval(
          () => {
            if (Date.now() - lastOutput >= heartbeatMs) {
              lastOutput = Date.now();
              options.onHeartbeat?.(Math.round((Date.now() - started) / 1000));
            }
          },
          Math.min(1000, heartbeatMs),
        )
      : undefined;
    return new Promise((resolve, reject) => {
      child.once("error", (e) => {
        if (timer) clearInterval(timer);
        this.current = undefined;
        reject(e);
      });
      child.once("close", (code, signal) => {
        if (timer) clearInterval(timer);
        this.current = undefined;
        for (const stream of ["stdout", "stderr"] as const) {
          if (partial[stream] !== "") options.onLine?.(stripAnsi(partial[stream]), stream);
        }
        if (this.cancelled) {
          reject(new DemoInterrupted());
          return;
        }
        resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started });
      });
    });
  }

  /** Stops the running process group: SIGINT first (Terraform then stops cleanly), SIGKILL after graceMs. */
  async cancel(graceMs = 8000): Promise<void> {
    this.cancelled = true;
    for (const w of this.cancelWaiters.splice(0)) w();
    const child = this.current;
    if (!child || child.pid === undefined || child.exitCode !== null) return;
    const pid = child.pid;
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    signalGroup(pid, "SIGINT");
    const killed = await Promise.race([exited.then(() => false), delay(graceMs).then(() => true)]);
    if (killed) {
      signalGroup(pid, "SIGKILL");
      await Promise.race([exited, delay(2000)]);
    }
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class DemoInterrupted extends Error {
  override name = "DemoInterrupted";
  constructor() {
    super("stopped (Ctrl-C)");
  }
}
