// examples/gitops/workflows/sip-registrations.yml: its triggers, and its plan, review and drift
// step scripts run as written (bash) against the emulator with the real terraform. `npx` is
// replaced by a stand-in that runs the bundled provider executable, as the package's bin would.

import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureBundle, startStack, type Stack } from "../support";

const WORKFLOW = path.resolve(__dirname, "..", "..", "examples", "gitops", "workflows", "sip-registrations.yml");

interface Step {
  name?: string;
  if?: string;
  run?: string;
  "working-directory"?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  concurrency: { "cancel-in-progress": boolean };
  jobs: { terraform: { steps: Step[] } };
}

// js-yaml comes with jest (istanbul's config loader); only this test reads YAML.
const yaml = require("js-yaml") as { load(text: string): unknown };
const workflow = yaml.load(readFileSync(WORKFLOW, "utf8")) as Workflow;
const step = (name: string): Step => {
  const s = workflow.jobs.terraform.steps.find((x) => x.name?.startsWith(name) === true);
  if (!s?.run) throw new Error(`no step "${name}" with a script`);
  return s;
};

describe("gitops workflow", () => {
  it("plans on pull requests, applies on merge to main, checks drift nightly", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push", "schedule", "workflow_dispatch"]);
    expect(workflow.on.push).toEqual(expect.objectContaining({ branches: ["main"] }));
    expect(step("terraform plan").if).toBe("github.event_name == 'pull_request'");
    expect(step("Plan review").if).toBe("github.event_name == 'pull_request'");
    expect(step("terraform apply").if).toBe("github.event_name == 'push'");
    expect(step("terraform apply").run).toMatch(/terraform apply .*-auto-approve/);
    expect(step("Drift check").if).toMatch(/schedule/);
    expect(step("Drift check").run).toContain("terraform plan -refresh-only -detailed-exitcode");
    expect(workflow.concurrency["cancel-in-progress"]).toBe(false);
    // Secrets reach steps through env only, never inside a script.
    for (const s of workflow.jobs.terraform.steps) expect(s.run ?? "").not.toContain("secrets.");
  });

  describe("step scripts against the emulator", () => {
    let stack: Stack;
    let tfDir: string;
    let runnerTemp: string;
    let binDir: string;

    beforeAll(async () => {
      stack = await startStack({ seed: true });
      runnerTemp = mkdtempSync(path.join(os.tmpdir(), "gitops-runner-"));
      binDir = path.join(runnerTemp, "bin");
      mkdirSync(binDir);
      const npx = path.join(binDir, "npx");
      writeFileSync(
        npx,
        `#!/bin/sh\n[ "$1" = terraform-provider-voximplant ] || { echo "unexpected npx $1" >&2; exit 127; ` +
          `}\nshift\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(ensureBundle())} "$@"\n`,
      );
      chmodSync(npx, 0o755);
      tfDir = stack.workdir({
        "main.tf": [
          'data "voximplant_application" "app" {\n  name = "demo-app"\n}',
          'resource "voximplant_sip_registration" "line" {\n  sip_username   = "line"\n  proxy          = ' +
            '"sip.example.com"\n  application_id = data.voximplant_application.app.application_id\n}',
        ].join("\n\n"),
      });
    });
    afterAll(async () => {
      await stack?.close();
      rmSync(runnerTemp, { recursive: true, force: true });
    });

    function runStep(name: string): Promise<{ code: number; output: string; githubOutput: string }> {
      const githubOutput = path.join(runnerTemp, `output-${Date.now()}`);
      writeFileSync(githubOutput, "");
      const env = {
        ...stack.env,
        PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
        RUNNER_TEMP: runnerTemp,
        GITHUB_OUTPUT: githubOutput,
      };
      const s = step(name);
      const cwd = s["working-directory"] ? tfDir : runnerTemp;
      return new Promise((resolve) => {
        // GitHub runs `run:` scripts with `bash -e {0}`.
        execFile("bash", ["-e", "-c", s.run ?? ""], { cwd, env }, (err, stdout, stderr) => {
          const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
          resolve({ code, output: `${stdout}${stderr}`, githubOutput: readFileSync(githubOutput, "utf8") });
        });
      });
    }

    it("pull request: plan, then the review Markdown", async () => {
      const plan = await runStep("terraform plan");
      expect(plan.code).toBe(0);
      const review = await runStep("Plan review");
      expect(review.code).toBe(0);
      const md = readFileSync(path.join(runnerTemp, "review.md"), "utf8");
      expect(md).toContain("**SIP registrations: 1 to create, 0 to update, 0 to replace, 0 to delete.**");
      expect(md).toContain("**1 monthly subscription fee will be reserved**");
    });

    it("nightly: no drift → drift=false; an out-of-band change → drift=true and the drift review", async () => {
      stack.expectOk(await stack.apply(tfDir));
      const clean = await runStep("Drift check");
      expect(clean.code).toBe(0);
      expect(clean.githubOutput).toContain("drift=false");

      const line = await stack.resource(tfDir, "voximplant_sip_registration.line");
      await stack.client.updateSipRegistration({
        sip_registration_id: Number(line.sip_registration_id),
        sip_username: "renamed",
      });
      const drifted = await runStep("Drift check");
      expect(drifted.code).toBe(0);
      expect(drifted.githubOutput).toContain("drift=true");
      expect(readFileSync(path.join(runnerTemp, "drift.md"), "utf8")).toContain("`sip_username`: `line` → `renamed`");
    });

    it("a failing drift check fails the step instead of reporting no drift", async () => {
      const broken = await runStep("Drift check").then(async () => {
        writeFileSync(path.join(tfDir, "broken.tf"), 'output "x" {\n  value = nope\n}\n');
        try {
          return await runStep("Drift check");
        } finally {
          rmSync(path.join(tfDir, "broken.tf"));
        }
      });
      expect(broken.code).toBe(1);
      expect(broken.githubOutput).not.toContain("drift=");
    });
  });
});
