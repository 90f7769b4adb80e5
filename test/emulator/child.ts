// Running the emulator as a separate process: a fresh esbuild bundle of src/emulator/cli.ts (so
// the test never depends on a stale dist/), or the real bin/ launcher.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

let bundled: string | undefined;

export function bundleCli(): string {
  if (bundled) return bundled;
  const esbuild = require("esbuild") as typeof import("esbuild");
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "emu-bundle-")), "cli.js");
  esbuild.buildSync({
    stdin: { contents: 'require("./src/emulator/cli").main(process.argv.slice(2));', resolveDir: ROOT, loader: "js" },
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile: out,
    logLevel: "error",
  });
  bundled = out;
  return out;
}

export interface StartedLine {
  url: string;
  admin: string;
  credentials: string;
  account_id: number;
}

export interface Child {
  proc: ChildProcess;
  info: StartedLine;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code/signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node <script> args`, resolving once the first stdout line (the JSON) has arrived. */
export function spawnEmulator(script: string, args: string[]): Promise<Child> {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    proc.stderr?.on("data", (c: Buffer) => (err += c.toString()));
    proc.stdout?.on("data", (c: Buffer) => {
      const wasEmpty = !out.includes("\n");
      out += c.toString();
      if (wasEmpty && out.includes("\n")) {
        try {
          resolve({
            proc,
            info: JSON.parse(out.split("\n")[0]) as StartedLine,
            stdout: () => out,
            stderr: () => err,
            exited,
          });
        } catch (e) {
          reject(e);
        }
      }
    });
    void exited.then(({ code }) => reject(new Error(`emulator exited early (${code}): ${err}`)));
  });
}
