// A static tree that any HTTPS host can serve as the web root of HOST, implementing two of
// Terraform's protocols for this provider:
//
//   provider registry protocol (source = "HOST/NAMESPACE/TYPE"):
//     .well-known/terraform.json                               {"providers.v1": "/v1/providers/"}
//     v1/providers/NS/TYPE/versions                            every version found in the tree
//     v1/providers/NS/TYPE/VERSION/download/OS/ARCH            zip, checksums, signature, key
//   provider network mirror protocol (network_mirror { url = "https://HOST/mirror/" }):
//     mirror/HOST/NS/TYPE/index.json                           every version found in the tree
//     mirror/HOST/NS/TYPE/VERSION.json                         zip per platform with its hashes
//   the release files themselves:
//     releases/VERSION/...                                     zips, SHA256SUMS, .sig, manifest
//
// Links between documents are relative URLs (Terraform resolves them against the document's
// own URL), so the tree does not name the host it is served from. Publishing a new version adds
// its files and rewrites the two version lists from what the tree then holds, so older versions
// stay installable.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PROTOCOL_VERSIONS, type ReleaseFiles } from "./artifacts";

export interface ProviderAddress {
  namespace: string;
  type: string;
}

/** Terraform's service discovery document (provider registry protocol, version 1). */
const DISCOVERY_PATH = ".well-known/terraform.json";

const providerRoot = (a: ProviderAddress) => join("v1", "providers", a.namespace, a.type);
/** `hostname` as users write it in `source`, with a port if there is one ("registry.example.com:8443"). */
const mirrorRoot = (hostname: string, a: ProviderAddress) => join("mirror", hostname, a.namespace, a.type);

/** The download document's path; `download/OS/ARCH` has no extension in the protocol. */
function downloadDocPath(a: ProviderAddress, version: string, os: string, arch: string): string {
  return join(providerRoot(a), version, "download", os, arch);
}

/** Parent-directory steps from a document at `docPath` (tree-relative) back to the tree root. */
function toRoot(docPath: string): string {
  const depth = docPath.split(/[\\/]/).length - 1;
  return "../".repeat(depth);
}

function writeJson(root: string, relPath: string, value: unknown): void {
  const path = join(root, relPath);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, path);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    const diff = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Rewrites the registry's versions list from the download documents present in the tree. */
function writeVersionsList(root: string, a: ProviderAddress): void {
  const base = join(root, providerRoot(a));
  const versions = readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(base, e.name, "download")))
    .map((e) => e.name)
    .sort(compareVersions);
  writeJson(root, join(providerRoot(a), "versions"), {
    versions: versions.map((version) => {
      const platforms: Array<{ os: string; arch: string }> = [];
      for (const os of readdirSync(join(base, version, "download")).sort()) {
        for (const arch of readdirSync(join(base, version, "download", os)).sort()) platforms.push({ os, arch });
      }
      return { version, protocols: PROTOCOL_VERSIONS, platforms };
    }),
  });
}

/** Rewrites the mirror's index.json from the VERSION.json documents present in the tree. */
function writeMirrorIndex(root: string, hostname: string, a: ProviderAddress): void {
  const base = join(root, mirrorRoot(hostname, a));
  const versions = readdirSync(base)
    .filter((f) => f.endsWith(".json") && f !== "index.json")
    .map((f) => f.slice(0, -".json".length))
    .sort(compareVersions);
  writeJson(root, join(mirrorRoot(hostname, a), "index.json"), {
    versions: Object.fromEntries(versions.map((v) => [v, {}])),
  });
}

/**
 * Adds one signed release (its files in `releaseDir`) to the static tree at `root`: the registry
 * documents, and mirror documents for each source host name in `mirrorHostnames`. The registry
 * protocol requires a signature; the caller checks that before writing anything.
 */
export function addToRegistryTree(
  root: string,
  a: ProviderAddress,
  mirrorHostnames: readonly string[],
  release: ReleaseFiles,
  releaseDir: string,
): void {
  const { version, signature, signingKey } = release;
  if (signature === undefined || signingKey === undefined) {
    throw new Error("the registry protocol needs a signed release (no signing key was given)");
  }
  const filesRel = join("releases", version);
  mkdirSync(join(root, filesRel), { recursive: true });
  const names = [...release.archives.map((z) => z.filename), release.manifest, release.shasums, signature];
  for (const name of names) copyFileSync(join(releaseDir, name), join(root, filesRel, name));

  writeJson(root, DISCOVERY_PATH, { "providers.v1": "/v1/providers/" });
  for (const archive of release.archives) {
    const docPath = downloadDocPath(a, version, archive.platform.os, archive.platform.arch);
    const up = toRoot(docPath);
    writeJson(root, docPath, {
      protocols: PROTOCOL_VERSIONS,
      os: archive.platform.os,
      arch: archive.platform.arch,
      filename: archive.filename,
      download_url: `${up}releases/${version}/${archive.filename}`,
      shasums_url: `${up}releases/${version}/${release.shasums}`,
      shasums_signature_url: `${up}releases/${version}/${signature}`,
      shasum: archive.sha256,
      signing_keys: { gpg_public_keys: [{ key_id: signingKey.keyId, ascii_armor: signingKey.armoredPublicKey }] },
    });
  }
  writeVersionsList(root, a);

  for (const hostname of mirrorHostnames) {
    const mirrorDoc = join(mirrorRoot(hostname, a), `${version}.json`);
    const up = toRoot(mirrorDoc);
    writeJson(root, mirrorDoc, {
      archives: Object.fromEntries(
        release.archives.map((z) => [
          z.platform.id,
          { url: `${up}releases/${version}/${z.filename}`, hashes: [z.h1, `zh:${z.sha256}`] },
        ]),
      ),
    });
    writeMirrorIndex(root, hostname, a);
  }
}
