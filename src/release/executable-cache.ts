// Where built provider executables are kept and how to tell whether one is current. Kept apart
// from the builder so that the provider's own install command can look for an executable without
// pulling the build tooling into the provider bundle.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

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

