// The code blocks of README.md and docs/**/*.md, and which test runs each one as written.
//
// Every fenced block is either claimed by a runner below (a test that takes exactly the blocks
// its runner selects, through snippetsRunBy(), and runs them as a user would copy them) or listed
// in NOT_RUN with the reason; snippet-coverage.test.ts fails for any other block, so a new
// snippet in the docs needs a test (or an honest entry) before it lands.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export const REPO = join(__dirname, "..", "..");

export interface Snippet {
  /** path from the repository root, e.g. "docs/cdktf.md" */
  readonly file: string;
  /** the nearest heading above the block, without the #s */
  readonly heading: string;
  /** 0 for the first block under that heading, 1 for the second, ... */
  readonly index: number;
  /** the info string after the opening fence ("terraform", "ts", "sh", "" ...) */
  readonly lang: string;
  /** first line of the block (1-based), for messages */
  readonly line: number;
  /** the block's text as written, with a final newline */
  readonly text: string;
}

/** How a test names a block: file, heading and (when a heading has several) its index. */
export interface SnippetRef {
  readonly file: string;
  readonly heading: string;
  readonly index?: number;
}

export function snippetId(s: SnippetRef): string {
  return `${s.file} "${s.heading}"${s.index ? ` #${s.index + 1}` : ""}`;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
  );
}

/** Every fenced block of README.md and docs/**\/*.md, in file order. */
export function allSnippets(): Snippet[] {
  const files = [join(REPO, "README.md"), ...markdownFiles(join(REPO, "docs"))];
  return files.flatMap((path) => {
    const file = relative(REPO, path);
    const out: Snippet[] = [];
    const perHeading = new Map<string, number>();
    let heading = "";
    let open: { lang: string; line: number; indent: number; body: string[] } | null = null;
    readFileSync(path, "utf8")
      .split("\n")
      .forEach((text, i) => {
        const fence = /^(\s*)```(\S*)\s*$/.exec(text);
        if (open !== null) {
          if (fence !== null) {
            const index = perHeading.get(heading) ?? 0;
            perHeading.set(heading, index + 1);
            const body = open.body.map((l) => l.slice(Math.min(open!.indent, /^\s*/.exec(l)![0].length)));
            out.push({ file, heading, index, lang: open.lang, line: open.line, text: body.join("\n") + "\n" });
            open = null;
          } else open.body.push(text);
          return;
        }
        if (fence !== null)
          open = { lang: fence[2] as string, line: i + 1, indent: (fence[1] as string).length, body: [] };
        else if (/^#{1,6} /.test(text)) heading = text.replace(/^#+ /, "").trim();
      });
    return out;
  });
}

/** The one block `ref` names; throws naming it when the docs no longer have it. */
function snippet(ref: SnippetRef): Snippet {
  const found = allSnippets().find(
    (s) => s.file === ref.file && s.heading === ref.heading && s.index === (ref.index ?? 0),
  );
  if (found === undefined) throw new Error(`no code block ${snippetId(ref)} any more`);
  return found;
}

type Runner = "hcl-validate" | "hcl-apply" | "resource-docs-apply" | "cdktf-stack" | "ts-typecheck";

const HCL = new Set(["terraform", "hcl"]);

/**
 * The runners. hcl-validate (hcl-snippets.test.ts) runs `terraform validate` with the real
 * provider over every HCL block (schema, types and the provider's validators); the others apply
 * the blocks named in APPLIED against the emulator.
 */
const APPLIED: Record<Exclude<Runner, "hcl-validate">, SnippetRef[]> = {
  "hcl-apply": [
    { file: "README.md", heading: "Using the provider", index: 1 },
    { file: "docs/index.md", heading: "Example Usage" },
  ],
  // one configuration together, as a user following the four pages writes it (setup-stack.test.ts)
  "resource-docs-apply": ["application", "scenario", "rule", "user"].map((name) => ({
    file: `docs/resources/${name}.md`,
    heading: "Example Usage",
  })),
  "cdktf-stack": [{ file: "docs/cdktf.md", heading: "Writing a stack" }],
  // type-checked as a file at TYPECHECKED_AT (ts-snippets.test.ts)
  "ts-typecheck": [
    { file: "docs/cdktf.md", heading: "What the package exports" },
    { file: "docs/cdktf.md", heading: "CDK Terrain (cdktn) and moving from cdktf" },
    { file: "docs/client.md", heading: "Voximplant Management API client (`src/api`)" },
    { file: "docs/emulator.md", heading: "From a test (in-process)" },
  ],
};

/** Where a type-checked block stands as a file (its relative imports resolve from there). */
export function typecheckedAt(s: Snippet): string {
  // emulator.md's example imports "../src/emulator": a file in a folder of the repository, like test/
  return s.file === "docs/emulator.md"
    ? `test/copied-${s.index}.ts`
    : `copied-${s.file.replace(/\W/g, "-")}-${s.line}.ts`;
}

/** The blocks `runner` runs: its test iterates over exactly these. */
export function snippetsRunBy(runner: Runner): Snippet[] {
  if (runner === "hcl-validate") {
    const excused = new Set(NOT_RUN.map(snippetId));
    return allSnippets().filter((s) => HCL.has(s.lang) && !excused.has(snippetId(s)));
  }
  return APPLIED[runner].map(snippet);
}

/** Every runner, for the coverage check (each must be used by a test file). */
export const RUNNERS: readonly Runner[] = [
  "hcl-validate",
  "hcl-apply",
  "resource-docs-apply",
  "cdktf-stack",
  "ts-typecheck",
];

/**
 * Blocks no test runs yet, each with why. The coverage test fails for a block that is neither run
 * nor listed here, and for an entry here that no longer names a block.
 */
export const NOT_RUN: ReadonlyArray<SnippetRef & { why: string }> = [
  {
    file: "README.md",
    heading: "Quick start",
    why: "shell: npm ci / npm start; the demo test runs npm start's code path, not this text",
  },
  {
    file: "README.md",
    heading: "Using the provider",
    why: "shell: build and install commands; test/package covers the install, not this text",
  },
  {
    file: "README.md",
    heading: "Using the provider",
    index: 2,
    why: "shell: terraform init/plan/apply commands of a user's shell",
  },
  {
    file: "README.md",
    heading: "The emulator",
    why: "shell: starting the emulator binary; test/emulator/bin.test.ts runs it with other arguments",
  },
  {
    file: "docs/adopt.md",
    heading: "Steps",
    index: 1,
    why: "shell: the adopt workflow; test/adopt/adopt-e2e.test.ts runs the same steps, not this text",
  },
  {
    file: "docs/adopt.md",
    heading: "Secrets",
    why: "HCL fragment: two attribute lines to paste into a generated block, not a configuration",
  },
  { file: "docs/benchmarks.md", heading: "Benchmarks", why: "shell: npm run bench, too slow for the test suite" },
  { file: "docs/cdktf.md", heading: "A project of your own", why: "package.json fragment of a user's project" },
  { file: "docs/cdktf.md", heading: "A project of your own", index: 1, why: "shell: npm install in a user's project" },
  {
    file: "docs/cdktf.md",
    heading: "Deploying: commands and environment",
    why: "shell: cdktf deploy commands; test/cdktf/deploy.test.ts runs the deploy, not this text",
  },
  { file: "docs/cdktf.md", heading: "Testing a stack", why: "TypeScript jest example; not yet run by a test" },
  {
    file: "docs/cdktf.md",
    heading: "Regenerating the bindings",
    why: "shell: npm run generate, minutes long; test/cdktf/bindings.test.ts checks the result",
  },
  {
    file: "docs/client.md",
    heading: "Create and reconciliation",
    why: "TypeScript client example; not yet run by a test",
  },
  { file: "docs/emulator.md", heading: "From the command line", why: "shell: starting the emulator binary" },
  {
    file: "docs/emulator.md",
    heading: "From the command line",
    index: 1,
    why: "JSON: the line the emulator prints; not compared by a test",
  },
  {
    file: "docs/emulator.md",
    heading: "From the command line",
    index: 2,
    why: "shell: curl against a running emulator",
  },
  {
    file: "docs/emulator.md",
    heading: "Fault injection",
    why: "JSON: a fault specification; not yet posted by a test as written",
  },
  {
    file: "docs/gitops.md",
    heading: "Before the first pull request: adopting what exists",
    why: "shell: adopt workflow commands",
  },
  { file: "docs/gitops.md", heading: "The review command", why: "shell: plan, show -json and review commands" },
  {
    file: "docs/gitops.md",
    heading: "The review command",
    index: 1,
    why: "Markdown: abbreviated review output; test/review snapshots hold the full text",
  },
  {
    file: "docs/index.md",
    heading: "Authentication",
    why: "JSON: the credentials.json format of the Voximplant control panel",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "A provider, its configuration and its meta",
    why: "TypeScript excerpt of the fixture provider; not yet compiled as written",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "Defining a resource",
    why: "TypeScript excerpt of the fixture provider; not yet compiled as written",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "Validators",
    why: "TypeScript excerpt of the fixture provider; not yet compiled as written",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "Diagnostics with paths",
    why: "TypeScript excerpt of the fixture provider; not yet compiled as written",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "State upgraders",
    why: "TypeScript excerpt of the fixture provider; not yet compiled as written",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "Testing a provider without Terraform",
    why: "TypeScript excerpt of the surface test; not yet run as written",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "Serving a provider",
    why: "TypeScript two-line entry point; not yet compiled as written",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "Logging",
    why: "TypeScript logging excerpt; not yet compiled as written",
  },
  { file: "docs/plugin-runtime.md", heading: "Installing locally", why: "shell: install commands" },
  {
    file: "docs/plugin-runtime.md",
    heading: "Installing locally",
    index: 1,
    why: "output of the install command; not compared by a test",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "Debugging (reattach mode)",
    why: "shell: starting the provider with --debug",
  },
  {
    file: "docs/plugin-runtime.md",
    heading: "Debugging (reattach mode)",
    index: 1,
    why: "output of --debug; not compared by a test",
  },
  { file: "docs/release.md", heading: "Building a release", why: "shell: npm run package, minutes long" },
  { file: "docs/release.md", heading: "Signing", why: "shell: gpg key generation" },
  { file: "docs/release.md", heading: "Hosting a registry", why: "shell: serving a registry over HTTPS" },
  {
    file: "docs/release.md",
    heading: "Hosting a registry",
    index: 1,
    why: "HCL with a registry host: terraform validate needs that registry",
  },
  {
    file: "docs/release.md",
    heading: "As a network mirror",
    why: "Terraform CLI configuration (provider_installation), not a configuration terraform validate reads",
  },
  {
    file: "docs/resources/application.md",
    heading: "Import",
    why: "shell: terraform import with an example id; the import tests run the same command with real ids",
  },
  {
    file: "docs/resources/rule.md",
    heading: "Import",
    why: "shell: terraform import with an example id; the import tests run the same command with real ids",
  },
  {
    file: "docs/resources/scenario.md",
    heading: "Import",
    why: "shell: terraform import with an example id; the import tests run the same command with real ids",
  },
  {
    file: "docs/resources/sip_registration.md",
    heading: "Import",
    why: "shell: terraform import with an example id; the import tests run the same command with real ids",
  },
  {
    file: "docs/resources/user.md",
    heading: "Import",
    why: "shell: terraform import with an example id; the import tests run the same command with real ids",
  },
];
