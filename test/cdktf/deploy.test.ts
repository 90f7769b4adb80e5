// End to end: `cdktf deploy`, `cdktf diff` and `cdktf destroy` of the example stack (root cdktf.json →
// examples/) with the real terraform binary and the provider from a local mirror, against the
// emulator; the emulator's state is what is asserted.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cdktfCliPath } from "../../src/demo/paths";
import { startStack, type Stack } from "../support";
import { ROOT } from "./helpers";

const PASSWORD = "cdktf-e2e-password-Vb6";
const USER_PASSWORD = "Cdktf-e2e-user-3!";

let stack: Stack;
let work: string;

beforeAll(async () => {
  stack = await startStack({ seed: false });
  work = mkdtempSync(path.join(os.tmpdir(), "cdktf-e2e-"));
});

afterAll(async () => {
  await stack?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function cdktf(args: string[]): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...stack.env,
    CI: "1",
    DISABLE_VERSION_CHECK: "1",
    FORCE_COLOR: "0",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    CDKTF_HOME: path.join(work, "cdktf-home"),
    VOXIMPLANT_EXAMPLE_STATE_FILE: path.join(work, "terraform.tfstate"),
    TF_VAR_sip_password: PASSWORD,
    TF_VAR_user_password: USER_PASSWORD,
  };
  const argv = [
    cdktfCliPath(),
    ...args,
    "--skip-provider-lock",
    "--no-color",
    "--output",
    path.join(work, "cdktf.out"),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

describe("cdktf deploy / destroy of examples/ against the emulator", () => {
  it("deploy creates the whole setup, the registrations bound by reference, the passwords write-only", async () => {
    const r = await cdktf(["deploy", "voximplant-sip", "--auto-approve"]);
    if (r.code !== 0) throw new Error(`cdktf deploy exited ${r.code}:\n${r.output}`);
    expect(r.output).toContain("Apply complete! Resources: 6 added, 0 changed, 0 destroyed.");
    expect(r.output).not.toContain(PASSWORD);
    expect(r.output).not.toContain(USER_PASSWORD);

    const state = await stack.emulatorState();
    expect(state.applications.map((a) => a.application_name)).toEqual(["pbx-gateway.emulator.voximplant.com"]);
    const app = state.applications[0]?.application_id;
    const rule = state.rules.find((x) => x.rule_name === "extensions");
    const user = state.users.find((x) => x.user_name === "reception");
    expect(state.scenarios.map((x) => x.scenario_name)).toEqual(["pbx-gateway-inbound"]);
    expect(rule).toEqual(expect.objectContaining({ application_id: app, rule_pattern: "^1\\d{3}$" }));
    const byName = Object.fromEntries(state.registrations.map((x) => [x.sip_username, x]));
    expect(Object.keys(byName).sort()).toEqual(["agent", "office"]);
    expect(byName.office).toEqual(
      expect.objectContaining({
        proxy: "sip.example.com",
        application_id: app,
        rule_id: rule?.rule_id,
        password_set: true,
      }),
    );
    expect(byName.office?.user_id ?? null).toBeNull();
    expect(byName.agent).toEqual(
      expect.objectContaining({ application_id: app, user_id: user?.user_id, password_set: false }),
    );
    expect(byName.agent?.rule_id ?? null).toBeNull();

    // Write-only: the passwords reached the API but are in neither the synthesized JSON nor the state.
    const synthesized = readFileSync(path.join(work, "cdktf.out", "stacks", "voximplant-sip", "cdk.tf.json"), "utf8");
    const tfstate = readFileSync(path.join(work, "terraform.tfstate"), "utf8");
    for (const secret of [PASSWORD, USER_PASSWORD]) {
      expect(synthesized).not.toContain(secret);
      expect(tfstate).not.toContain(secret);
    }
  });

  it("a second diff finds nothing to do", async () => {
    const r = await cdktf(["diff", "voximplant-sip"]);
    if (r.code !== 0) throw new Error(`cdktf diff exited ${r.code}:\n${r.output}`);
    expect(r.output).toMatch(/No changes/);
  });

  it("destroy deletes it all, leaving the emulator empty", async () => {
    const r = await cdktf(["destroy", "voximplant-sip", "--auto-approve"]);
    if (r.code !== 0) throw new Error(`cdktf destroy exited ${r.code}:\n${r.output}`);
    expect(r.output).toContain("Destroy complete! Resources: 6 destroyed.");
    const after = await stack.emulatorState();
    expect([after.applications, after.scenarios, after.rules, after.users, after.registrations]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });
});
