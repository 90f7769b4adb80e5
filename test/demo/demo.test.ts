// `npm start` for real: the built demo deploys the example stack (the whole setup) with cdktf and terraform against
// its embedded emulator (in a temporary work directory), shows drift, and a second run continues
// from the saved state. The real-account path runs in-process against an emulator standing in
// for the Voximplant API.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { deserializeState } from "../../src/emulator/model";
import { parseDemoArgs } from "../../src/demo/options";
import { ProcessRunner } from "../../src/demo/processes";
import { runDemo } from "../../src/demo/run";
import { ensureBuilt, ROOT } from "../cdktf/helpers";

interface Run {
  code: number | null;
  output: string;
}

function npmStart(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // The demo must decide by itself, not inherit a developer's or CI's real account settings.
  for (const k of [
    "VOXIMPLANT_CREDENTIALS",
    "VOXIMPLANT_API_URL",
    "VOXIMPLANT_DEMO_CONFIRM",
    "TF_VAR_sip_password",
    "TF_VAR_user_password",
  ])
    if (!(k in env)) delete childEnv[k];
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["start", "--silent", "--", ...args], {
      cwd: ROOT,
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

/** The registrations of the emulator state the demo saved in its work directory, by SIP user name. */
function registrations(
  workDir: string,
): Record<string, { application_id?: number; rule_id?: number; user_id?: number }> {
  const state = deserializeState(readFileSync(path.join(workDir, "emulator", "emulator-state.json"), "utf8"));
  return Object.fromEntries([...state.registrations.values()].map((r) => [r.sip_username, r]));
}

describe("npm start (against the embedded emulator)", () => {
  let work: string;

  beforeAll(() => {
    ensureBuilt([path.join(ROOT, "dist", "src", "demo", "main.js"), path.join(ROOT, "dist", "bundle", "provider.js")]);
    work = mkdtempSync(path.join(os.tmpdir(), "demo-e2e-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("deploys the whole setup, prints outputs, changes a registration out of band, detects the drift", async () => {
    const r = await npmStart(["--work-dir", work]);
    if (r.code !== 0) throw new Error(`npm start exited ${r.code}:\n${r.output}`);
    for (const step of [
      "[1/6]",
      "[2/6] Installing the provider",
      "[3/6] cdktf deploy voximplant-sip",
      "[4/6] Stack outputs",
      "[5/6] Changing one registration",
      "[6/6] Drift detection",
    ]) {
      expect(r.output).toContain(step);
    }
    expect(r.output).toContain("Apply complete! Resources: 6 added, 0 changed, 0 destroyed.");
    expect(r.output).toMatch(/application_full_name\s+= "pbx-gateway\.emulator\.voximplant\.com"/);
    expect(r.output).toMatch(/office_registration_id\s+= \d+/);
    expect(r.output).toMatch(/office_successful\s+= true/);
    expect(r.output).toContain("Exit code 2: drift detected");
    expect(r.output).toContain("# voximplant_sip_registration.agent has changed");
    expect(r.output).toContain("was unbound from user `reception`");
    expect(r.output).toContain("How to fix it:");
    expect(r.output).not.toMatch(/PRIVATE KEY|TF_VAR_sip_password=|TF_VAR_user_password=/);
    // The emulator kept its state in the work directory: the stack's objects, the agent line now unbound.
    const state = deserializeState(readFileSync(path.join(work, "emulator", "emulator-state.json"), "utf8"));
    expect([...state.applications.values()].map((a) => a.short_name)).toEqual(["pbx-gateway"]);
    expect([...state.users.values()].map((u) => u.user_name)).toEqual(["reception"]);
    const regs = registrations(work);
    expect(Object.keys(regs).sort()).toEqual(["agent", "office"]);
    expect(regs.office).toEqual(expect.objectContaining({ application_id: 1, rule_id: 1 }));
    expect(regs.agent.user_id).toBeUndefined();
  });

  it("runs again from the saved state: the deploy puts the drifted binding back", async () => {
    const r = await npmStart(["--work-dir", work]);
    if (r.code !== 0) throw new Error(`second npm start exited ${r.code}:\n${r.output}`);
    expect(r.output).toContain("Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
    expect(r.output).toContain("Exit code 2: drift detected");
    expect(Object.keys(registrations(work)).sort()).toEqual(["agent", "office"]);
  });

  it("Ctrl-C during the deploy stops cdktf and terraform and exits 0; the next run continues", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "demo-sigint-"));
    try {
      const child = spawn(process.execPath, [path.join(ROOT, "dist", "src", "demo", "main.js"), "--work-dir", dir], {
        cwd: ROOT,
        env: { ...process.env, VOXIMPLANT_CREDENTIALS: "", VOXIMPLANT_API_URL: "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      const closed = new Promise<number | null>((resolve) => child.once("close", resolve));
      await new Promise<void>((resolve) => {
        child.stdout.on("data", (c: Buffer) => {
          output += c.toString();
          if (output.includes("[3/6]")) resolve();
        });
        void closed.then(() => resolve());
      });
      child.kill("SIGINT");
      expect(await closed).toBe(0);
      expect(output).toContain("Stopped. Run `npm start` again");
      const again = await npmStart(["--work-dir", dir]);
      if (again.code !== 0) throw new Error(`npm start after Ctrl-C exited ${again.code}:\n${again.output}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects unknown arguments with the usage (exit 2)", async () => {
    const r = await npmStart(["--bogus"]);
    expect(r.code).toBe(2);
    expect(r.output).toContain('unknown argument "--bogus"');
    expect(r.output).toContain("Usage: npm start");
  });
});

describe("npm start with VOXIMPLANT_CREDENTIALS (a real account)", () => {
  let api: RunningEmulator;
  let work: string;

  beforeAll(async () => {
    // Stands in for the real API; the demo only sees credentials and a URL, as with a real account.
    api = await startEmulator({ seed: true });
    work = mkdtempSync(path.join(os.tmpdir(), "demo-real-"));
  });
  afterAll(async () => {
    await api.close();
    rmSync(work, { recursive: true, force: true });
  });

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    VOXIMPLANT_CREDENTIALS: api.credentialsPath,
    VOXIMPLANT_API_URL: api.url,
    ...extra,
  });

  it("without VOXIMPLANT_DEMO_CONFIRM=yes says what it would do and does nothing (exit 1)", async () => {
    const r = await npmStart(["--work-dir", work], env());
    expect(r.code).toBe(1);
    expect(r.output).toContain(`deploys to account ${api.accountId}`);
    expect(r.output).toContain("reserves a monthly subscription fee");
    expect(r.output).toContain("Nothing was done. To go ahead, set VOXIMPLANT_DEMO_CONFIRM=yes");
    expect(existsSync(path.join(work, `account-${api.accountId}`))).toBe(false);
    expect(api.emulator.state.registrations.size).toBe(0);
  });

  it("confirmed but without TF_VAR_sip_password: a clear error before anything is created", async () => {
    const r = await npmStart(["--work-dir", work], env({ VOXIMPLANT_DEMO_CONFIRM: "yes" }));
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/TF_VAR_sip_password is not set/);
    expect(api.emulator.state.registrations.size).toBe(0);
  });

  it("confirmed but without TF_VAR_user_password: a clear error naming it, nothing created", async () => {
    const r = await npmStart(
      ["--work-dir", work],
      env({ VOXIMPLANT_DEMO_CONFIRM: "yes", TF_VAR_sip_password: "some-Sip-password-1" }),
    );
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/TF_VAR_user_password is not set: the user the stack creates needs a password/);
    expect(r.output).not.toContain("some-Sip-password-1");
    expect(api.emulator.state.registrations.size).toBe(0);
    expect(api.emulator.state.users.size).toBe(3);
  });

  it("confirmed: deploys to that account with the given password, then destroys with --destroy", async () => {
    const secret = "real-account-password-Tq2";
    const userSecret = "Real-account-user-4!";
    const lines: string[] = [];
    const run = async (argv: string[]): Promise<number> => {
      const parsed = parseDemoArgs(argv, env({ VOXIMPLANT_DEMO_CONFIRM: "yes" }), ROOT);
      if (!("options" in parsed)) throw new Error("unexpected parse result");
      const processEnv = {
        ...process.env,
        ...env({ VOXIMPLANT_DEMO_CONFIRM: "yes", TF_VAR_sip_password: secret, TF_VAR_user_password: userSecret }),
      };
      return runDemo({
        root: ROOT,
        options: parsed.options,
        env: processEnv,
        write: (t) => lines.push(t),
        runner: new ProcessRunner(),
        realAccountGraceSeconds: 0,
      });
    };
    expect(await run(["--work-dir", work])).toBe(0);
    const output = lines.join("");
    expect(output).toContain("against a REAL Voximplant account");
    expect(output).toContain("Exit code 2: drift detected");
    expect(output).not.toContain(secret);
    expect(output).not.toContain(userSecret);
    expect([...api.emulator.state.registrations.values()].map((r) => r.sip_username).sort()).toEqual([
      "agent",
      "office",
    ]);
    expect(existsSync(path.join(work, `account-${api.accountId}`, "terraform.tfstate"))).toBe(true);

    expect(await run(["--work-dir", work, "--destroy"])).toBe(0);
    expect(lines.join("")).toContain("Destroy complete! Resources: 6 destroyed.");
    expect(api.emulator.state.registrations.size).toBe(0);
    expect([...api.emulator.state.applications.values()].map((a) => a.short_name)).not.toContain("pbx-gateway");
  });
});
