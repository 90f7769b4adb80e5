// Runs the real `terraform` binary for end-to-end tests. Never throws on a non-zero exit code:
// tests assert on { code, stdout, stderr } themselves (a failing plan is often the expectation).
import { execFile } from "node:child_process";

export interface TfResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TfRunOptions {
  cwd: string;
  /** Merged over the stack's environment (which already points at the emulator). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `terraform ...args` with exactly `env` (plus PATH). `-no-color` is appended unless present:
 * terraform strips that flag wherever it appears, so it is safe after positional arguments too.
 */
export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TfResult> {
  const argv = args.includes("-no-color") ? [...args] : [...args, "-no-color"];
  return new Promise((resolve, reject) => {
    execFile("terraform", argv, { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err === null) return resolve({ code: 0, stdout, stderr });
      const code = (err as NodeJS.ErrnoException & { code?: unknown }).code;
      // A numeric code is terraform's exit status; anything else (ENOENT, killed) is the harness failing.
      if (typeof code === "number") return resolve({ code, stdout, stderr });
      reject(new Error(`could not run terraform ${argv.join(" ")}: ${err.message}`));
    });
  });
}

/** Throws with the full output when a terraform command failed; returns the result otherwise. */
export function expectSuccess(result: TfResult, what = "terraform"): TfResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited with ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return result;
}

/** Terraform wraps diagnostics at ~80 columns with box-drawing margins; join them back into one text. */
export function diagnosticsText(output: string): string {
  return output
    .split("\n")
    .map((line) => line.replace(/^[│╷╵]\s?/, ""))
    .join("\n");
}
