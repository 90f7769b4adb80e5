// Runs `terraform-provider-voximplant adopt` as a user does: the bundled executable in a child
// process, with an environment of our choosing.

import { execFile } from "node:child_process";
import { ensureBundle } from "../support";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runAdopt(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CliResult> {
  const bundle = ensureBundle();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bundle, "adopt", ...args],
      { cwd: options.cwd, env: options.env },
      (err, stdout, stderr) => {
        if (err === null) return resolve({ code: 0, stdout, stderr });
        const code = (err as NodeJS.ErrnoException & { code?: unknown }).code;
        if (typeof code === "number") return resolve({ code, stdout, stderr });
        reject(err);
      },
    );
  });
}
