// The review command: arguments, files and standard input, exit codes, and the bundled executable.
import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { defaultHints, reviewPlanMarkdown, runReviewCli } from "../../src/review";
import { ensureBundle } from "../support";
import { change, fixture, plan, REG, TYPE } from "./plans";

describe("review CLI", () => {
  function io(
    files: Record<string, string> = {},
    stdin = "",
  ): {
    out: string[];
    err: string[];
    written: Record<string, string>;
    io: Parameters<typeof runReviewCli>[1];
  } {
    const out: string[] = [];
    const err: string[] = [];
    const written: Record<string, string> = {};
    return {
      out,
      err,
      written,
      io: {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        readFile: (p) => {
          if (!(p in files)) throw new Error(`ENOENT: no such file, open '${p}'`);
          return files[p];
        },
        writeFile: (p, t) => {
          written[p] = t;
        },
        readStdin: async () => stdin,
      },
    };
  }

  it("prints the Markdown review of a plan file and exits 0", async () => {
    const t = io({ "plan.json": fixture("changes.json") });
    expect(await runReviewCli(["plan.json"], t.io)).toBe(0);
    expect(t.out.join("")).toBe(reviewPlanMarkdown(fixture("changes.json"), defaultHints()));
    expect(t.err).toEqual([]);
  });

  it("reads standard input for '-' and writes --output", async () => {
    const t = io({}, fixture("drift-only.json"));
    expect(await runReviewCli(["--output", "review.md", "-"], t.io)).toBe(0);
    expect(t.written["review.md"]).toContain("### Drift");
    expect(t.out).toEqual([]);
  });

  it("uses --schema for the attribute hints", async () => {
    const schema = {
      provider_schemas: {
        p: { resource_schemas: { [TYPE]: { block: { attributes: { auth_user: { sensitive: true } } } } } },
      },
    };
    const p = JSON.stringify(
      plan([
        change({
          actions: ["update"],
          before: { ...REG, auth_user: "hidden-a" },
          after: { ...REG, auth_user: "hidden-b" },
        }),
      ]),
    );
    const t = io({ "p.json": p, "s.json": JSON.stringify(schema) });
    expect(await runReviewCli(["--schema=s.json", "p.json"], t.io)).toBe(0);
    expect(t.out.join("")).not.toContain("hidden-");
  });

  it("exits 2 with usage for bad arguments and 1 for unreadable or invalid input, naming it", async () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /PLAN_JSON is missing/],
      [["--bogus", "p.json"], 2, /unknown option "--bogus"/],
      [["a.json", "b.json"], 2, /only one plan file/],
      [["--schema"], 2, /--schema needs a file/],
      [["missing.json"], 1, /cannot read missing\.json: ENOENT/],
      [["state.json"], 1, /state\.json: resource_changes is missing/],
      [["--schema", "missing.json", "state.json"], 1, /cannot use --schema missing\.json/],
    ];
    for (const [argv, code, message] of cases) {
      const t = io({ "state.json": JSON.stringify({ format_version: "1.0", values: {} }) });
      expect(await runReviewCli(argv, t.io)).toBe(code);
      expect(t.err.join("")).toMatch(message);
      expect(t.out).toEqual([]);
    }
  });

  it("--help prints the usage", async () => {
    const t = io();
    expect(await runReviewCli(["--help"], t.io)).toBe(0);
    expect(t.out.join("")).toMatch(/^Usage: terraform-provider-voximplant review/);
  });
});

describe("terraform-provider-voximplant review (the bundled executable)", () => {
  it("prints the same review and exits 0; exits 1 naming a bad file", () => {
    const bundle = ensureBundle();
    const file = path.join(__dirname, "fixtures", "changes.json");
    const out = execFileSync(process.execPath, [bundle, "review", file], { encoding: "utf8" });
    expect(out).toBe(reviewPlanMarkdown(fixture("changes.json"), defaultHints()));
    const r = spawnSync(process.execPath, [bundle, "review", path.join(__dirname, "fixtures")], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/review: cannot read .*fixtures: EISDIR/);
  });
});

describe("review --detailed-exitcode", () => {
  const run = async (text: string): Promise<number> =>
    runReviewCli(["--detailed-exitcode", "p.json"], {
      stdout: () => undefined,
      stderr: () => undefined,
      readFile: () => text,
      writeFile: () => undefined,
      readStdin: async () => "",
    });

  it("exits 2 for changes or drift and 0 for a plan that changes nothing", async () => {
    expect(await run(fixture("changes.json"))).toBe(2);
    expect(await run(fixture("drift-only.json"))).toBe(2);
    expect(await run(JSON.stringify(plan([change({ actions: ["no-op"], before: REG, after: REG })])))).toBe(0);
    // A refresh whose only difference Terraform cannot show (no resource_drift entry) is no drift.
    expect(await run(JSON.stringify(plan([], { resource_drift: [] })))).toBe(0);
    expect(await run(JSON.stringify(plan([], { output_changes: { x: { actions: ["update"] } } })))).toBe(2);
  });
});
