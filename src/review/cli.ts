// `terraform-provider-voximplant review`: reads `terraform show -json PLANFILE` output and prints
// the Markdown review. Thin: argument parsing and I/O only; the logic is in analyze/render.

import { readFileSync, writeFileSync } from "node:fs";
import builtInSchema from "../bindings/schema.json";
import { analyzePlan, hasChangesOrDrift } from "./analyze";
import { parsePlan, PlanFormatError } from "./plan";
import { renderMarkdown } from "./render";
import { hintsFromSchema, type AttributeHints } from "./values";

const REVIEW_USAGE = `Usage: terraform-provider-voximplant review [--schema FILE] [--output FILE] [--detailed-exitcode]
                                           PLAN_JSON

Prints a Markdown review of the Voximplant changes in a Terraform plan (SIP registrations,
applications, scenarios, rules, users): creates, updates (with the changed arguments), bindings,
what each rule routes, script changes in lines, replacements with the argument that forces them,
deletes and what they cascade to, the monthly fees new registrations reserve, and drift. Secrets
are never printed.

  PLAN_JSON       output of 'terraform show -json PLANFILE' ('-' reads standard input)
  --schema FILE   provider schema ('terraform providers schema -json'); default: the schema
                  built into this version of the provider
  --output FILE   write the Markdown to FILE instead of standard output
  --detailed-exitcode
                  exit 2 when the plan changes something or found drift, 0 when not (1 is
                  an error). Use it for drift checks instead of terraform's own exit code:
                  with Terraform 1.11.4, refresh-only plans of this provider exit 2 even
                  when nothing changed (see docs/gitops.md).

Example:
  terraform plan -out=tfplan && terraform show -json tfplan > plan.json
  terraform-provider-voximplant review plan.json
`;

export interface ReviewIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  readStdin(): Promise<string>;
}

/** Sensitive, write-only and computed attributes of the provider version this binary is. */
export function defaultHints(): AttributeHints {
  return hintsFromSchema(builtInSchema);
}

const processIo: ReviewIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, "utf8"),
  writeFile: (p, t) => writeFileSync(p, t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin)
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
  },
};

interface Args {
  plan?: string;
  schema?: string;
  output?: string;
  help: boolean;
  detailedExitCode: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { help: false, detailedExitCode: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (flag: string): string | undefined => {
      if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next !== "-")) return undefined;
      i++;
      return next;
    };
    if (a === "--help" || a === "-h") args.help = true;
    else if (a === "--detailed-exitcode") args.detailedExitCode = true;
    else if (a === "--schema" || a.startsWith("--schema=")) {
      const v = value("--schema");
      if (!v) return "--schema needs a file";
      args.schema = v;
    } else if (a === "--output" || a.startsWith("--output=")) {
      const v = value("--output");
      if (!v) return "--output needs a file";
      args.output = v;
    } else if (a.startsWith("--")) return `unknown option ${JSON.stringify(a)}`;
    else if (args.plan !== undefined)
      return `only one plan file can be reviewed (got ${JSON.stringify(args.plan)} and ${JSON.stringify(a)})`;
    else args.plan = a;
  }
  return args;
}

/** Runs the review command; returns the exit code (0 ok, 1 unreadable/invalid input, 2 usage). */
export async function runReviewCli(argv: readonly string[], io: ReviewIo = processIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    io.stderr(`review: ${args}\n\n${REVIEW_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(REVIEW_USAGE);
    return 0;
  }
  if (args.plan === undefined) {
    io.stderr(`review: PLAN_JSON is missing\n\n${REVIEW_USAGE}`);
    return 2;
  }
  let hints = defaultHints();
  if (args.schema !== undefined) {
    try {
      hints = hintsFromSchema(JSON.parse(io.readFile(args.schema)) as unknown);
    } catch (e) {
      io.stderr(`review: cannot use --schema ${args.schema}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  let text: string;
  try {
    text = args.plan === "-" ? await io.readStdin() : io.readFile(args.plan);
  } catch (e) {
    io.stderr(`review: cannot read ${args.plan}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  let markdown: string;
  let changes: boolean;
  try {
    const review = analyzePlan(parsePlan(text), hints);
    changes = hasChangesOrDrift(review);
    markdown = renderMarkdown(review);
  } catch (e) {
    if (e instanceof PlanFormatError) {
      io.stderr(`review: ${args.plan === "-" ? "standard input" : args.plan}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (args.output !== undefined) {
    try {
      io.writeFile(args.output, markdown);
    } catch (e) {
      io.stderr(`review: cannot write ${args.output}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  } else {
    io.stdout(markdown);
  }
  return args.detailedExitCode && changes ? 2 : 0;
}
