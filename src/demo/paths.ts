// Where the demo finds the repository, the cdktf CLI and the built provider.

import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const PACKAGE_NAME = "terraform-provider-voximplant";

/** The repository root: the nearest parent directory whose package.json is this package. */
export function findRepoRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // Not ours; keep looking.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} repository above ${start}`);
    dir = parent;
  }
}

/** The cdktf CLI's JavaScript entry (run with this Node.js, so no shell or npx is involved). */
export function cdktfCliPath(): string {
  const manifestPath = require.resolve("cdktf-cli/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> };
  const bin = manifest.bin?.cdktf;
  if (!bin) throw new Error("cdktf-cli has no 'cdktf' executable");
  return path.join(path.dirname(manifestPath), bin);
}

/** The bundled provider executable `npm run build` writes. */
export function providerBundlePath(root: string): string {
  return path.join(root, "dist", "bundle", "provider.js");
}

/** The terraform binary cdktf and the demo run (cdktf honours the same variable). */
export function terraformBinary(env: NodeJS.ProcessEnv): string {
  return env.TERRAFORM_BINARY_NAME?.trim() || "terraform";
}
