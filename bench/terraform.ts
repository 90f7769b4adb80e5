// Terraform as the benchmarks drive it: the release bundle installed into a private filesystem
// mirror (the project's own install code, as a user would run it), working directories with
// generated configuration, and timed terraform commands in a clean environment (no user CLI
// configuration, plugin cache, logging or checkpoint calls leak in).
//
// An "RSS-probed" installation differs only in its wrapper script: Node is started with a small
// --require module that records the process's peak resident set (VmHWM from /proc/self/status)
// when it exits, so the memory of every provider process Terraform starts can be read afterwards.
import { createHash } from "node:crypto";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_NODE_FLAGS, installProvider } from "../src/plugin/install";
import { START_SCRIPT_NAME } from "../src/plugin/install/code-cache";
import { VOXIMPLANT_WRAPPER_OPTIONS } from "../src/provider-address";
import { REPO_ROOT, runCommand, tail, type CommandResult } from "./util";

const SOURCE = { hostname: "voximplant.local", namespace: "voximplant", type: "voximplant" } as const;
export const SOURCE_ADDRESS = `${SOURCE.hostname}/${SOURCE.namespace}/${SOURCE.type}`;

export interface Installation {
  cliConfigPath: string;
  executablePath: string;
  /** Set for RSS-probed installations: where each provider process appends its record. */
  rssLogPath?: string;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

let snapshot: { path: string; sha256: string } | undefined;

/**
 * Copies the freshly built bundle to a private place and uses that copy from then on: the
 * benchmark then measures exactly the build it started with, even if dist/ is rebuilt meanwhile
 * (e.g. by a test run in the same checkout).
 */
export function snapshotBundle(dir: string): { path: string; sha256: string } {
  const built = join(REPO_ROOT, "dist", "bundle", "provider.js");
  if (!existsSync(built)) throw new Error(`${built} is missing: run the build first (npm run bench does)`);
  const path = join(dir, "provider.js");
  copyFileSync(built, path);
  snapshot = { path, sha256: createHash("sha256").update(readFileSync(path)).digest("hex") };
  return snapshot;
}

export function bundlePath(): string {
  if (!snapshot) throw new Error("snapshotBundle() must run first");
  return snapshot.path;
}

/** Recorded once per provider process: its pid and peak RSS in kB. */
const RSS_PROBE = `"use strict";
// Benchmark probe: records this process's peak resident set size when it exits.
const fs = require("node:fs");
const out = process.env.VOX_BENCH_RSS_LOG;
if (out) try { fs.appendFileSync(out, JSON.stringify({ pid: process.pid, start: true }) + "\\n"); } catch {}
process.on("exit", () => {
  if (!out) return;
  let hwm = null;
  try {
    const m = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (m) hwm = Number(m[1]);
  } catch {}
  const rec = { pid: process.pid, vmHwmKb: hwm, maxRssKb: process.resourceUsage().maxRSS };
  try { fs.appendFileSync(out, JSON.stringify(rec) + "\\n"); } catch {}
});
`;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface InstallOptions {
  /** Record every provider process's peak RSS (see RSS_PROBE). */
  rssProbe?: boolean;
  /** Extra Node.js flags in the wrapper, after the installer's DEFAULT_NODE_FLAGS (experiments only). */
  nodeFlags?: readonly string[];
}

export function install(dir: string, options: InstallOptions = {}): Installation {
  const result = installProvider({
    dir,
    ...SOURCE,
    version: packageVersion(),
    bundlePath: bundlePath(),
    ...VOXIMPLANT_WRAPPER_OPTIONS,
  });
  // the installed wrapper's own flags, then any experiment's
  const flags = [...DEFAULT_NODE_FLAGS, ...(options.nodeFlags ?? [])];
  if (!options.rssProbe && (options.nodeFlags ?? []).length === 0)
    return { cliConfigPath: result.cliConfigPath, executablePath: result.executablePath };
  const lines = ["#!/bin/sh"];
  let rssLogPath: string | undefined;
  const nodeArgs = flags.map(shellQuote);
  if (options.rssProbe) {
    const probePath = join(dir, "rss-probe.js");
    writeFileSync(probePath, RSS_PROBE);
    rssLogPath = join(dir, "rss.jsonl");
    writeFileSync(rssLogPath, "");
    lines.push(`VOX_BENCH_RSS_LOG=${shellQuote(rssLogPath)}`, "export VOX_BENCH_RSS_LOG");
    nodeArgs.push("--require", shellQuote(probePath));
  }
  // Same shape as the installed wrapper (exec of the start script, which uses the code cache the
  // install wrote; no output), plus the probe and the extra flags. Its NODE_EXTRA_CA_CERTS lines
  // are left out: the bench runs Terraform in a clean environment without that variable.
  lines.push(
    `exec ${shellQuote(process.execPath)} ${nodeArgs.join(" ")} "$(dirname -- "$0")/${START_SCRIPT_NAME}" "$@"`,
    "",
  );
  writeFileSync(result.executablePath, lines.join("\n"), { mode: 0o755 });
  return {
    cliConfigPath: result.cliConfigPath,
    executablePath: result.executablePath,
    ...(rssLogPath !== undefined ? { rssLogPath } : {}),
  };
}

const NOOP_SOURCE = { hostname: "bench.local", namespace: "bench", type: "benchnoop" } as const;
export const NOOP_SOURCE_ADDRESS = `${NOOP_SOURCE.hostname}/${NOOP_SOURCE.namespace}/${NOOP_SOURCE.type}`;

/** Bundles a bench program (`entry`, repository-relative) with the release build's esbuild options. */
export function bundleBenchProgram(entry: string, outfile: string): string {
  // scripts/build.js is plain CommonJS outside the TypeScript project; esbuild is needed only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(join(REPO_ROOT, "scripts", "build.js")) as {
    bundleOptions(entry: string, outfile: string): object;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as { buildSync(options: object): unknown };
  esbuild.buildSync(build.bundleOptions(entry, outfile));
  return outfile;
}

/** Bundles bench/noop-provider.ts with the release build's esbuild options and installs it. */
export function installNoop(dir: string): Installation {
  const outfile = bundleBenchProgram("bench/noop-provider.ts", join(dir, "bundle", "noop-provider.js"));
  const result = installProvider({ dir, ...NOOP_SOURCE, version: "0.0.1", bundlePath: outfile });
  return { cliConfigPath: result.cliConfigPath, executablePath: result.executablePath };
}

export interface RssRecord {
  pid: number;
  vmHwmKb: number | null;
  maxRssKb: number;
}

export interface RssLog {
  /** One record per provider process that exited normally. */
  records: RssRecord[];
  /** Provider processes that started. */
  started: number;
  /** Started processes without an exit record (killed before their exit handler ran). */
  unreported: number;
}

export function readRssLog(inst: Installation): RssLog {
  if (!inst.rssLogPath) return { records: [], started: 0, unreported: 0 };
  const lines = readFileSync(inst.rssLogPath, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as (RssRecord & { start?: undefined }) | { pid: number; start: true });
  const records = lines.filter((l): l is RssRecord => l.start === undefined);
  const started = lines.filter((l) => l.start === true).length;
  return { records, started, unreported: Math.max(0, started - records.length) };
}

export function clearRssLog(inst: Installation): void {
  if (inst.rssLogPath) writeFileSync(inst.rssLogPath, "");
}

export class Workspace {
  constructor(
    readonly dir: string,
    private readonly inst: Installation,
    private readonly home: string,
    private readonly extraEnv: NodeJS.ProcessEnv = {},
  ) {
    mkdirSync(dir, { recursive: true });
  }

  writeConfig(hcl: string): void {
    writeFileSync(join(this.dir, "main.tf"), hcl);
  }

  env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_CLI_CONFIG_FILE: this.inst.cliConfigPath,
      ...this.extraEnv,
    };
  }

  /** Runs terraform; throws with the tail of its output unless the exit code is allowed. */
  async terraform(args: readonly string[], allowedCodes: readonly number[] = [0]): Promise<CommandResult> {
    const r = await runCommand("terraform", [...args, "-no-color"], {
      cwd: this.dir,
      env: this.env(),
      timeoutMs: 600_000,
    });
    if (r.code === null || !allowedCodes.includes(r.code)) {
      throw new Error(
        `terraform ${args.join(" ")} exited with ${r.code ?? r.signal}:\n${tail(r.stdout, 15)}\n${tail(r.stderr, 30)}`,
      );
    }
    return r;
  }

  async init(): Promise<void> {
    await this.terraform(["init", "-input=false"]);
  }

  removeState(): void {
    for (const f of ["terraform.tfstate", "terraform.tfstate.backup"]) rmSync(join(this.dir, f), { force: true });
  }

  note(line: string): void {
    appendFileSync(join(this.dir, "bench-notes.txt"), `${line}\n`);
  }
}

/** The terraform CLI version (`terraform version -json`). */
export async function terraformVersion(): Promise<string> {
  const r = await runCommand("terraform", ["version", "-json"], {
    env: { PATH: process.env.PATH, CHECKPOINT_DISABLE: "1" },
  });
  try {
    return (JSON.parse(r.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return r.stdout.trim().split("\n")[0] ?? "unknown";
  }
}

/** HCL string literal (the values we generate are plain, but stay safe anyway). */
export function hcl(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}
