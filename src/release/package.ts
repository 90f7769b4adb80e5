// `npm run package`: the provider executables, the release files, optionally the registry tree.
//
// Everything that can be refused is checked before anything is written (the signing key is read
// and unlocked first, the registry host name validated), and the release is assembled in a
// staging directory beside the output that is moved into place only when complete: a failure
// leaves the output directory as it was.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { writeReleaseFiles, type ReleaseFiles } from "./artifacts";
import { buildExecutable, type BuiltExecutable } from "./executable";
import type { ReleasePlatform } from "./platforms";
import { addToRegistryTree, type ProviderAddress } from "./registry";
import type { SigningKey } from "./signing";

export const NAMESPACE = "voximplant";
export const TYPE = "voximplant";

export interface PackageOptions {
  version: string;
  platforms: readonly ReleasePlatform[];
  /** The esbuild bundle of the provider. */
  bundlePath: string;
  /** Cache of built executables and downloaded Node binaries. */
  seaDir: string;
  outDir: string;
  signingKey?: SigningKey;
  /** `hostnames`: the registry's own host first; the mirror is written for each of them. */
  registry?: { dir: string; hostnames: readonly string[] };
  modified?: Date;
  log?: (line: string) => void;
}

export interface PackageResult {
  outDir: string;
  release: ReleaseFiles;
  executables: BuiltExecutable[];
  registryDir?: string;
}

/** A host name as Terraform accepts it in a provider source address, optionally with a port. */
export function validateRegistryHostname(hostname: string): void {
  const pattern =
    /^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;
  if (!pattern.test(hostname)) {
    throw new Error(`--hostname ${JSON.stringify(hostname)}: expected a lower-case host name, optionally with :PORT`);
  }
}

export async function packageRelease(options: PackageOptions): Promise<PackageResult> {
  const log = options.log ?? (() => undefined);
  if (options.registry !== undefined) {
    if (options.registry.hostnames.length === 0) throw new Error("--registry-dir needs --hostname");
    options.registry.hostnames.forEach(validateRegistryHostname);
    if (options.signingKey === undefined) {
      throw new Error("--registry-dir: Terraform installs from a registry only signed releases; give a signing key");
    }
  }
  const executables = options.platforms.map((platform) => {
    const built = buildExecutable({ bundlePath: options.bundlePath, platform, seaDir: options.seaDir });
    log(`${built.reused ? "reused" : "built"} ${platform.id} executable ${built.path}`);
    return built;
  });

  const outDir = resolve(options.outDir);
  mkdirSync(dirname(outDir), { recursive: true });
  const staging = mkdtempSync(`${outDir}.staging-`);
  try {
    const release = await writeReleaseFiles({
      dir: staging,
      version: options.version,
      executables,
      signingKey: options.signingKey,
      modified: options.modified ?? new Date(),
    });
    mkdirSync(outDir, { recursive: true });
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(outDir, name));
    const result: PackageResult = { outDir, release, executables };
    if (options.registry !== undefined) {
      const address: ProviderAddress = { namespace: NAMESPACE, type: TYPE };
      result.registryDir = resolve(options.registry.dir);
      addToRegistryTree(result.registryDir, address, options.registry.hostnames, release, outDir);
    }
    return result;
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}
