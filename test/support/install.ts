// One provider installation per jest file (jest gives every test file its own module registry,
// so this module-level cache lives exactly as long as one file's tests), plus one
// `terraform init` whose results (.terraform + lock file) are copied into every new working dir.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { installProvider, type InstallResult } from "../../src/plugin/install";
import { VOXIMPLANT_PROVIDER_SOURCE, VOXIMPLANT_WRAPPER_OPTIONS } from "../../src/provider-address";
import { expectSuccess, runTerraform } from "./terraform";

export const REPO_ROOT = resolve(__dirname, "../..");
const BUNDLE_PATH = join(REPO_ROOT, "dist", "bundle", "provider.js");

/** The `terraform` block every working dir needs (the provider lives in a local mirror). */
export const REQUIRED_PROVIDERS_HCL = `terraform {
  required_providers {
    voximplant = {
      source = "${VOXIMPLANT_PROVIDER_SOURCE}"
    }
  }
}
`;

export interface Installation {
  /** Root temp dir of this installation (mirror, CLI config, HOME, init template). */
  root: string;
  install: InstallResult;
  /** A HOME for terraform, so nothing of the machine's user configuration leaks in. */
  home: string;
  /** A working dir after `terraform init` of REQUIRED_PROVIDERS_HCL. */
  initTemplate: string;
  /** Milliseconds the one real `terraform init` took (for the header comment's measurement). */
  initMs: number;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/bundle/provider.js exists and is not older than the sources. A stale bundle
 * would make e2e tests silently exercise yesterday's provider, so it is rebuilt (esbuild only,
 * about half a second) into a temp file and renamed into place.
 */
export function ensureBundle(): string {
  const fresh = existsSync(BUNDLE_PATH) && statSync(BUNDLE_PATH).mtimeMs >= newestMtime(join(REPO_ROOT, "src"));
  if (fresh) return BUNDLE_PATH;
  const build = require(join(REPO_ROOT, "scripts", "build.js")) as { bundleProvider(outfile?: string): string };
  const temp = `${BUNDLE_PATH}.tmp-${process.pid}`;
  build.bundleProvider(temp);
  renameSync(temp, BUNDLE_PATH);
  return BUNDLE_PATH;
}

function packageVersion(): string {
  return (require(join(REPO_ROOT, "package.json")) as { version: string }).version;
}

let cached: Promise<Installation> | undefined;

export function baseTerraformEnv(inst: Pick<Installation, "home" | "install">): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: inst.home,
    TMPDIR: process.env.TMPDIR,
    TF_CLI_CONFIG_FILE: inst.install.cliConfigPath,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
}

async function createInstallation(): Promise<Installation> {
  const root = mkdtempSync(join(tmpdir(), "vox-e2e-"));
  const install = installProvider({
    dir: join(root, "install"),
    hostname: "voximplant.local",
    namespace: "voximplant",
    type: "voximplant",
    version: packageVersion(),
    bundlePath: ensureBundle(),
    ...VOXIMPLANT_WRAPPER_OPTIONS,
  });
  const home = join(root, "home");
  const initTemplate = join(root, "init-template");
  for (const d of [home, initTemplate]) mkdirSync(d, { recursive: true });
  writeFileSync(join(initTemplate, "versions.tf"), REQUIRED_PROVIDERS_HCL);
  const started = Date.now();
  expectSuccess(
    await runTerraform(["init", "-input=false", "-backend=false"], initTemplate, baseTerraformEnv({ home, install })),
    "terraform init",
  );
  return { root, install, home, initTemplate, initMs: Date.now() - started };
}

/** The installation of this jest file; created on first use. */
export function installation(): Promise<Installation> {
  cached ??= createInstallation();
  return cached;
}

/** Removes the installation (call from the last afterAll; startStack's close() does it when it was the last stack). */
export async function removeInstallation(): Promise<void> {
  if (cached === undefined) return;
  const pending = cached;
  cached = undefined;
  try {
    rmSync((await pending).root, { recursive: true, force: true });
  } catch {
    // The installation never came to be; nothing to remove.
  }
}

/** Copies the initialised provider directory and lock file into `dir` (no network, no re-init). */
export function copyInit(inst: Installation, dir: string): void {
  cpSync(join(inst.initTemplate, ".terraform"), join(dir, ".terraform"), { recursive: true, verbatimSymlinks: true });
  cpSync(join(inst.initTemplate, ".terraform.lock.hcl"), join(dir, ".terraform.lock.hcl"));
}
