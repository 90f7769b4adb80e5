// Runs the `npm run package` command line in-process (same code as dist/src/release/cli.js) and
// collects what it prints.
import { runPackageCli } from "../../src/release/cli";
import { ensureBundle } from "../support";
import { REPO_ROOT } from "../support/install";

export interface PackageRun {
  code: number;
  out: string;
  err: string;
}

export async function runPackage(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<PackageRun> {
  ensureBundle();
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPackageCli(args, {
    env,
    root: REPO_ROOT,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
