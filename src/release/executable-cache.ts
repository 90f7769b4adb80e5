// Where built provider executables are kept and how to tell whether one is current. Kept apart
// from the builder so that the provider's own install command can look for an executable without
// pulling the build tooling into the provider bundle.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const EXECUTABLE_NAME = "terraform-provider-voximplant";
export const STAMP_NAME = "build-stamp.json";

export interface ExecutableStamp {
  bundleSha256: string;
  node: string;
  postject: string;
  codeCache: boolean;
}

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Where the executable for `platformId` lives under `seaDir` (e.g. dist/sea/linux_amd64/...). */
export function executablePathIn(seaDir: string, platformId: string): string {
  return join(seaDir, platformId, EXECUTABLE_NAME);
}

/**
 * The executable under `seaDir` for this platform if it was built from exactly `bundlePath`
 * (same bytes), else undefined: a stale executable must never be installed in place of the
 * bundle it was meant to carry.
 */
export function freshExecutable(seaDir: string, platformId: string, bundlePath: string): string | undefined {
  const exe = executablePathIn(seaDir, platformId);
  const stampPath = join(dirname(exe), STAMP_NAME);
  if (!existsSync(exe) || !existsSync(stampPath)) return undefined;
  try {
    const stamp = JSON.parse(readFileSync(stampPath, "utf8")) as Partial<ExecutableStamp>;
    return stamp.bundleSha256 === sha256File(bundlePath) ? exe : undefined;
  } catch {
    return undefined;
  }
}
