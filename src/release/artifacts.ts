// The release files in the layout Terraform registries expect (the one goreleaser produces for
// providers), for provider NAME at VERSION:
//
//   NAME_VERSION_OS_ARCH.zip      one per platform, holding the single file NAME_vVERSION (mode 755)
//   NAME_VERSION_manifest.json    {"version":1,"metadata":{"protocol_versions":["6.0"]}}
//   NAME_VERSION_SHA256SUMS       "<sha256 hex>  <file name>" per zip and the manifest, sorted
//   NAME_VERSION_SHA256SUMS.sig   detached binary OpenPGP signature of SHA256SUMS (when signed)
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ReleasePlatform } from "./platforms";
import type { SigningKey } from "./signing";
import { zipArchive } from "./zip";

export const PROVIDER_NAME = "terraform-provider-voximplant";
/** Terraform plugin protocol versions the provider speaks, as the manifest declares them. */
export const PROTOCOL_VERSIONS: readonly string[] = ["6.0"];

export interface ReleaseArchive {
  platform: ReleasePlatform;
  filename: string;
  /** Hex SHA-256 of the zip (the `zh:` hash). */
  sha256: string;
  /** Terraform's `h1:` hash of the unpacked package (its one executable). */
  h1: string;
}

export interface ReleaseFiles {
  version: string;
  archives: ReleaseArchive[];
  manifest: string;
  shasums: string;
  /** Undefined when the release is unsigned. */
  signature?: string;
  signingKey?: Pick<SigningKey, "keyId" | "armoredPublicKey">;
}

export const releaseNames = {
  archive: (version: string, p: Pick<ReleasePlatform, "os" | "arch">) =>
    `${PROVIDER_NAME}_${version}_${p.os}_${p.arch}.zip`,
  executable: (version: string) => `${PROVIDER_NAME}_v${version}`,
  manifest: (version: string) => `${PROVIDER_NAME}_${version}_manifest.json`,
  shasums: (version: string) => `${PROVIDER_NAME}_${version}_SHA256SUMS`,
  signature: (version: string) => `${PROVIDER_NAME}_${version}_SHA256SUMS.sig`,
};

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Terraform's "h1:" package hash: SHA-256 over one "<sha256 hex>  <path>\n" line per file of the
 * unpacked package, in sorted path order, base64-encoded. Our package holds exactly one file.
 */
export function packageHashH1(files: ReadonlyArray<{ name: string; data: Buffer }>): string {
  const lines = [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${sha256Hex(f.data)}  ${f.name}\n`)
    .join("");
  return `h1:${createHash("sha256").update(lines).digest("base64")}`;
}

export function manifestText(): string {
  return `${JSON.stringify({ version: 1, metadata: { protocol_versions: PROTOCOL_VERSIONS } }, null, 2)}\n`;
}

export interface WriteReleaseOptions {
  dir: string;
  version: string;
  executables: ReadonlyArray<{ platform: ReleasePlatform; path: string }>;
  signingKey?: SigningKey;
  /** Time stamp of the zip entries. */
  modified: Date;
}

/** Writes every release file into `dir` (which must exist) and returns what was written. */
export async function writeReleaseFiles(options: WriteReleaseOptions): Promise<ReleaseFiles> {
  const { dir, version } = options;
  const sums: Array<[string, string]> = [];
  const archives: ReleaseArchive[] = [];
  for (const { platform, path } of options.executables) {
    const executable = { name: releaseNames.executable(version), data: readFileSync(path) };
    const zip = zipArchive([{ ...executable, mode: 0o755 }], options.modified);
    const filename = releaseNames.archive(version, platform);
    writeFileSync(join(dir, filename), zip);
    const sha256 = sha256Hex(zip);
    archives.push({ platform, filename, sha256, h1: packageHashH1([executable]) });
    sums.push([filename, sha256]);
  }
  const manifest = releaseNames.manifest(version);
  const manifestBody = manifestText();
  writeFileSync(join(dir, manifest), manifestBody);
  sums.push([manifest, sha256Hex(manifestBody)]);

  const shasums = releaseNames.shasums(version);
  const shasumsBody = sums
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, hash]) => `${hash}  ${name}\n`)
    .join("");
  writeFileSync(join(dir, shasums), shasumsBody);

  const files: ReleaseFiles = { version, archives, manifest, shasums };
  if (options.signingKey !== undefined) {
    const signature = releaseNames.signature(version);
    writeFileSync(join(dir, signature), await options.signingKey.sign(Buffer.from(shasumsBody)));
    files.signature = signature;
    files.signingKey = { keyId: options.signingKey.keyId, armoredPublicKey: options.signingKey.armoredPublicKey };
  }
  return files;
}
