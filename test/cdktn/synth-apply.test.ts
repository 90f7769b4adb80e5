// End to end on CDK Terrain: the example app (examples/app-cdktn.js, the shared stack source on
// the `cdktn` library and the cdktn bindings) is synthesized on this Node, and the synthesized
// stack is applied with the real terraform against the emulator, as `cdktn deploy` would: init,
// apply, a plan that finds nothing to do, destroy. Also: cdktn's synth-time check of the declared
// Terraform versions against the write-only password, and the migration docs/cdktf.md promises
// (a stack deployed from the cdktf app, synthesized again by the cdktn app: no change).

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startStack, type Stack } from "../support";
import { ROOT } from "../cdktf/helpers";

const PASSWORD = "cdktn-e2e-password-Qx4";
const USER_PASSWORD = "Cdktn-e2e-user-8!";
const STACK = "voximplant-sip";

let stack: Stack;
let work: string;

beforeAll(async () => {
  stack = await startStack({ seed: false });
  work = mkdtempSync(path.join(os.tmpdir(), "cdktn-e2e-"));
});

afterAll(async () => {
  await stack?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs an example app (app-cdktn.js by default; app.js is the cdktf one) into outdir. */
function synth(
  outdir: string,
  env: NodeJS.ProcessEnv = {},
  app = "app-cdktn.js",
): Promise<{ code: number | null; output: string }> {
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    CDKTF_OUTDIR: outdir,
    VOXIMPLANT_EXAMPLE_STATE_FILE: path.join(work, "terraform.tfstate"),
    TF_VAR_sip_password: PASSWORD,
    TF_VAR_user_password: USER_PASSWORD,
    ...env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "examples", app)], {
      cwd: work,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

describe("cdktn: synthesize the example, apply it with terraform against the emulator", () => {
  const outdir = (): string => path.join(work, "cdktf.out");
  const stackDir = (): string => path.join(outdir(), "stacks", STACK);
  const env = { TF_VAR_sip_password: PASSWORD, TF_VAR_user_password: USER_PASSWORD };

  it("synthesizes with the cdktn library (no password value in the JSON)", async () => {
    const r = await synth(outdir());
    if (r.code !== 0) throw new Error(`app-cdktn.js exited ${r.code}:\n${r.output}`);
    const text = readFileSync(path.join(stackDir(), "cdk.tf.json"), "utf8");
    const json = JSON.parse(text) as {
      "//": { metadata: { version: string } };
      resource: Record<string, Record<string, unknown>>;
    };
    const cdktnVersion = (
      JSON.parse(readFileSync(path.join(ROOT, "node_modules", "cdktn", "package.json"), "utf8")) as { version: string }
    ).version;
    expect(json["//"].metadata.version).toBe(cdktnVersion);
    expect(Object.keys(json.resource.voximplant_sip_registration).sort()).toEqual(["agent", "office"]);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(USER_PASSWORD);
  });

  it("applies: the whole setup created and bound, the write-only passwords sent but not stored", async () => {
    stack.expectOk(await stack.tf(["init", "-input=false"], { cwd: stackDir() }), "terraform init");
    const r = stack.expectOk(await stack.apply(stackDir(), [], { env }), "terraform apply");
    expect(r.stdout).toContain("Apply complete! Resources: 6 added, 0 changed, 0 destroyed.");
    const state = await stack.emulatorState();
    const byName = Object.fromEntries(state.registrations.map((x) => [x.sip_username, x]));
    expect(Object.keys(byName).sort()).toEqual(["agent", "office"]);
    const rule = state.rules.find((x) => x.rule_name === "extensions");
    expect(byName.office).toEqual(expect.objectContaining({ rule_id: rule?.rule_id, password_set: true }));
    const tfstate = readFileSync(path.join(work, "terraform.tfstate"), "utf8");
    expect(tfstate).not.toContain(PASSWORD);
    expect(tfstate).not.toContain(USER_PASSWORD);
  });

  it("plans no change afterwards", async () => {
    const r = await stack.plan(stackDir(), ["-detailed-exitcode"], { env });
    expect({ code: r.code, text: stack.text(r).includes("No changes.") }).toEqual({ code: 0, text: true });
  });

  it("destroys", async () => {
    const r = stack.expectOk(await stack.destroy(stackDir(), [], { env }), "terraform destroy");
    expect(r.stdout).toContain("Destroy complete! Resources: 6 destroyed.");
    const after = await stack.emulatorState();
    expect([after.applications, after.scenarios, after.rules, after.users, after.registrations]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  it("refuses to synthesize when the declared Terraform versions admit one without write-only attributes", async () => {
    const r = await synth(path.join(work, "old-target"), {
      CDKTF_CONTEXT_JSON: JSON.stringify({ targetVersions: { terraform: ">=1.5.7" } }),
    });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("[voximplant-sip/office] write-only attributes requires terraform >=1.11.0");
  });

  it("migration: a stack deployed from the cdktf app plans no change once the cdktn app synthesizes it", async () => {
    const viaCdktf = path.join(work, "migrate-cdktf.out");
    const viaCdktn = path.join(work, "migrate-cdktn.out");
    const r1 = await synth(viaCdktf, {}, "app.js");
    if (r1.code !== 0) throw new Error(`app.js exited ${r1.code}:\n${r1.output}`);
    const cdktfDir = path.join(viaCdktf, "stacks", STACK);
    stack.expectOk(await stack.tf(["init", "-input=false"], { cwd: cdktfDir }), "terraform init");
    stack.expectOk(await stack.apply(cdktfDir, [], { env }), "terraform apply (cdktf)");

    const r2 = await synth(viaCdktn);
    if (r2.code !== 0) throw new Error(`app-cdktn.js exited ${r2.code}:\n${r2.output}`);
    const cdktnDir = path.join(viaCdktn, "stacks", STACK);
    stack.expectOk(await stack.tf(["init", "-input=false"], { cwd: cdktnDir }), "terraform init");
    const plan = await stack.plan(cdktnDir, ["-detailed-exitcode"], { env });
    expect({ code: plan.code, noChanges: stack.text(plan).includes("No changes.") }).toEqual({
      code: 0,
      noChanges: true,
    });
    stack.expectOk(await stack.destroy(cdktnDir, [], { env }), "terraform destroy");
    expect((await stack.emulatorState()).registrations).toEqual([]);
  });
});
