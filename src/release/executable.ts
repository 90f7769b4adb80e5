// The self-contained provider executable: Node.js's single executable application (SEA) support.
// The esbuild bundle becomes a preparation blob (`node --experimental-sea-config`), which
// postject injects into a copy of a Node.js binary, into the section Node looks for when the
// sentinel fuse is flipped. The result needs nothing on the host: no Node.js, no node_modules.
//
// For the host platform the blob carries V8's code cache of the bundle, so start-up skips
// compiling it. The cache is specific to the V8 build that made it, so blobs for other platforms
// are made without it (they still run, compiling lazily like the plain bundle does).
//
// Builds are cached: next to each executable a stamp records what it was made from (bundle hash,
// Node.js version, postject version, code cache). A build with the same inputs reuses the file,
// so tests and `npm run package` pay the ~10-30 s injection once per bundle.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { EXECUTABLE_NAME, executablePathIn, sha256File, STAMP_NAME, type ExecutableStamp } from "./executable-cache";
import { nodeBinaryFor, nodeVersion } from "./node-binary";
import { hostPlatformId, type ReleasePlatform } from "./platforms";

/** Node's fixed sentinel: postject flips it so the binary knows a blob was injected. */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
const SEA_RESOURCE = "NODE_SEA_BLOB";

export interface BuiltExecutable {
  path: string;
  platform: ReleasePlatform;
  /** True when an earlier build with the same inputs was reused. */
  reused: boolean;
}

function postjectVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON outside the TypeScript project
  return (require("postject/package.json") as { version: string }).version;
}

/** Runs a build step, keeping its output unless it fails (postject's LIEF prints section warnings). */
function runQuiet(args: readonly string[], what: string): void {
  try {
    execFileSync(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer };
    const output = `${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`.trim();
    throw new Error(`${what} failed${output ? `:\n${output}` : ""}`);
  }
}

export interface BuildExecutableOptions {
  bundlePath: string;
  platform: ReleasePlatform;
  /** Cache root, e.g. dist/sea: executables under PLATFORM/, downloaded Node binaries under node/. */
  seaDir: string;
}

export function buildExecutable(options: BuildExecutableOptions): BuiltExecutable {
  const { bundlePath, platform, seaDir } = options;
  const codeCache = platform.id === hostPlatformId();
  const stamp: ExecutableStamp = {
    bundleSha256: sha256File(bundlePath),
    node: nodeVersion(),
    postject: postjectVersion(),
    codeCache,
  };
  const exe = executablePathIn(seaDir, platform.id);
  const stampPath = join(dirname(exe), STAMP_NAME);
  if (existsSync(exe) && existsSync(stampPath) && readFileSync(stampPath, "utf8") === `${JSON.stringify(stamp)}\n`) {
    return { path: exe, platform, reused: true };
  }

  const nodeBinary = nodeBinaryFor(platform, join(seaDir, "node"));
  mkdirSync(dirname(exe), { recursive: true });
  const work = mkdtempSync(join(dirname(exe), ".build-"));
  try {
    const blob = join(work, "sea-prep.blob");
    const config = join(work, "sea-config.json");
    writeFileSync(
      config,
      JSON.stringify({ main: bundlePath, output: blob, disableExperimentalSEAWarning: true, useCodeCache: codeCache }),
    );
    runQuiet(["--experimental-sea-config", config], "node --experimental-sea-config");
    const target = join(work, EXECUTABLE_NAME);
    copyFileSync(nodeBinary, target);
    chmodSync(target, 0o755);
    const postjectCli = require.resolve("postject/dist/cli.js");
    runQuiet([postjectCli, target, SEA_RESOURCE, blob, "--sentinel-fuse", SEA_FUSE], "postject");
    // Stamp removed first and written last: an interrupted build never looks complete.
    rmSync(stampPath, { force: true });
    renameSync(target, exe);
    writeFileSync(stampPath, `${JSON.stringify(stamp)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { path: exe, platform, reused: false };
}
