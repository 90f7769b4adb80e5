// Shared by the CDKTF and CDK Terrain tests: repository paths, the generator script, and a dist/ build check.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type { Stack } from "../support";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface GeneratorModule {
  PROVIDER_CONSTRAINT: string;
  PROVIDER_SOURCE: string;
  bindingsDir: string;
  /** The two sets of bindings: cdktf (src/bindings/) and cdktn (src/bindings-cdktn/). */
  TARGETS: Record<"cdktf" | "cdktn", { dir: string; library: string }>;
  renderBindings(schema: object, target?: "cdktf" | "cdktn"): Promise<Map<string, string>>;
  compareWithDirectory(
    files: Map<string, string>,
    dir?: string,
  ): { missing: string[]; extra: string[]; changed: string[]; upToDate: boolean };
  writeBindings(files: Map<string, string>, dir?: string): void;
}

export function generator(): GeneratorModule {
  return require(path.join(ROOT, "scripts", "generate-bindings.js")) as GeneratorModule;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith(".ts") || entry.name.endsWith(".json")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * `npm test` builds dist/ before jest; a suite run on its own compiles it when it is missing or
 * older than src/ (tsc emits even when other parts of the tree have type errors).
 */
export function ensureBuilt(files: string[]): void {
  const newest = newestMtime(path.join(ROOT, "src"));
  const built = (f: string): boolean => existsSync(f) && statSync(f).mtimeMs >= newest;
  if (files.every(built)) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "build.js")], { cwd: ROOT, stdio: "pipe" });
  } catch {
    // The check below decides.
  }
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`dist/ was not built (${missing.join(", ")} missing); run \`npm run build\``);
}

/** The .tf files of an example directory, by file name, as a user would copy them. */
export function exampleFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(".tf"))
      .map((f) => [f, readFileSync(path.join(dir, f), "utf8")]),
  );
}

/** The names of the `variable` or `output` blocks the files declare, sorted. */
export function declaredBlocks(files: Record<string, string>, kind: "variable" | "output"): string[] {
  const text = Object.values(files).join("\n");
  return [...text.matchAll(new RegExp(`^${kind} "([a-z_]+)"`, "gm"))].map((m) => m[1] as string).sort();
}

/** An example as a user runs it: the plan after the apply finds nothing to do, then destroy. */
export async function expectSecondPlanEmptyThenDestroy(
  stack: Stack,
  dir: string,
  options: { env: NodeJS.ProcessEnv },
): Promise<void> {
  const second = await stack.plan(dir, ["-detailed-exitcode"], options);
  expect({ code: second.code, text: stack.text(second) }).toEqual({
    code: 0,
    text: expect.stringContaining("No changes."),
  });
  stack.expectOk(await stack.destroy(dir, [], options), "terraform destroy");
}
