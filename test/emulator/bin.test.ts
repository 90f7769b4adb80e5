// The real launcher: bin/voximplant-emulator → dist/src/emulator/cli.js. `npm test` builds dist/
// first; when run on its own, this suite compiles dist/ if it is missing or older than the source.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, spawnEmulator } from "./child";
import { signToken, type Creds } from "./helpers";

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (entry.name.endsWith(ext)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const cliJs = path.join(ROOT, "dist", "src", "emulator", "cli.js");
  if (existsSync(cliJs) && statSync(cliJs).mtimeMs >= newestMtime(path.join(ROOT, "src", "emulator"), ".ts")) return;
  const tsc = require.resolve("typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.build.json")], { cwd: ROOT, stdio: "pipe" });
  } catch {
    // Type errors elsewhere in the tree do not stop tsc from emitting; the check below decides.
  }
  if (!existsSync(cliJs)) throw new Error("dist/src/emulator/cli.js was not built; run `npm run build`");
}

describe("bin/voximplant-emulator", () => {
  const bin = path.join(ROOT, "bin", "voximplant-emulator");
  let dir: string;
  beforeAll(() => ensureBuilt());
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "emu-bin-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is executable and starts with a node shebang", () => {
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("prints exactly one JSON line, serves the API, and exits 0 on SIGTERM", async () => {
    const credentialsOut = path.join(dir, "creds.json");
    const child = await spawnEmulator(bin, ["--seed", "--port", "0", "--credentials-out", credentialsOut]);
    expect(Object.keys(child.info).sort()).toEqual(["account_id", "admin", "credentials", "url"]);
    expect(child.info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/platform_api$/);
    expect(child.info.admin).toBe(child.info.url.replace("/platform_api", "/__emulator"));
    expect(child.info.credentials).toBe(credentialsOut);
    expect(statSync(credentialsOut).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(readFileSync(credentialsOut, "utf8")) as Creds;
    expect(creds.account_id).toBe(child.info.account_id);

    const r = await fetch(`${child.info.url}/GetApplications`, {
      method: "POST",
      headers: { authorization: `Bearer ${await signToken(creds)}` },
    });
    const body = (await r.json()) as { result: Array<{ application_name: string }> };
    expect(body.result.map((a) => a.application_name)).toEqual([
      "demo-app.emulator.voximplant.com",
      "demo-app-2.emulator.voximplant.com",
    ]);

    child.proc.kill("SIGTERM");
    expect((await child.exited).code).toBe(0);
    const lines = child.stdout().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("");
  });

  it("writes credentials to a temp file by default and removes it on exit", async () => {
    const child = await spawnEmulator(bin, []);
    expect(existsSync(child.info.credentials)).toBe(true);
    child.proc.kill("SIGINT");
    expect((await child.exited).code).toBe(0);
    expect(existsSync(child.info.credentials)).toBe(false);
  });

  it("rejects unknown flags with usage on stderr and nothing on stdout", () => {
    let status = 0;
    let stdout = "";
    let stderr = "";
    try {
      stdout = execFileSync(process.execPath, [bin, "--bogus"], { stdio: "pipe" }).toString();
    } catch (e) {
      const err = e as { status: number; stdout: Buffer; stderr: Buffer };
      status = err.status;
      stdout = err.stdout.toString();
      stderr = err.stderr.toString();
    }
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/unknown argument: --bogus/);
  });
});
