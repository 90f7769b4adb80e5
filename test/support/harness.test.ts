// Self-test of the shared e2e harness: installation, init reuse, terraform runner, admin helpers.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startStack, type Stack } from "./index";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true, emulatorConfig: { maxPageSize: 2 } });
});

afterAll(async () => {
  await stack.close();
});

describe("e2e harness", () => {
  it("creates initialised working dirs that terraform accepts without init", async () => {
    const dir = stack.workdir({ "main.tf": 'output "x" {\n  value = 42\n}\n' });
    expect(existsSync(join(dir, ".terraform.lock.hcl"))).toBe(true);
    expect(existsSync(join(dir, "versions.tf"))).toBe(true);
    stack.expectOk(await stack.tf(["validate"], { cwd: dir }));
    stack.expectOk(await stack.apply(dir));
    expect(await stack.outputs(dir)).toEqual({ x: 42 });
    const providers = stack.expectOk(await stack.tf(["providers"], { cwd: dir }));
    expect(providers.stdout).toContain("provider[voximplant.local/voximplant/voximplant]");
  });

  it("returns non-zero exits instead of throwing, and never colours output", async () => {
    const dir = stack.workdir({ "main.tf": 'output "x" {\n  value = nope\n}\n' });
    const r = await stack.plan(dir);
    expect(r.code).toBe(1);
    expect(stack.text(r)).toMatch(/Invalid reference/);
    expect(r.stderr).not.toContain("\u001b[");
    expect(() => stack.expectOk(r)).toThrow(/exited with 1/);
  });

  it("points terraform at the stack's emulator and installation", () => {
    expect(stack.env.VOXIMPLANT_API_URL).toBe(stack.emulator.url);
    expect(stack.env.VOXIMPLANT_CREDENTIALS).toBe(stack.emulator.credentialsPath);
    expect(stack.env.TF_CLI_CONFIG_FILE).toBe(stack.installation.install.cliConfigPath);
    expect(stack.env.CHECKPOINT_DISABLE).toBe("1");
  });

  it("counts the direct client's calls, resets them, and injects faults", async () => {
    await stack.resetCalls();
    const apps = [];
    for await (const a of stack.client.listApplications({})) apps.push(a.application_name);
    expect(apps).toHaveLength(2);
    const counts = await stack.calls();
    // maxPageSize 2 → the two seeded applications fit one full page, so a second request confirms the end.
    expect(counts.byMethod.GetApplications).toBeGreaterThanOrEqual(1);
    const log = await stack.callLog();
    expect(log.map((e) => e.method)).toContain("GetApplications");
    await stack.resetCalls();
    expect(await stack.calls()).toEqual({ total: 0, byMethod: {} });

    await stack.faults({ method: "GetRules", fault: "api_error", code: 999, msg: "boom", count: 1 });
    await expect(stack.client.getRules({ application_id: 1 })).rejects.toThrow(/boom/);
    await stack.clearFaults();
  });

  it("dumps and reconfigures the emulator", async () => {
    const s = await stack.emulatorState();
    expect(s.applications.map((a) => a.application_name).sort()).toEqual([
      "demo-app-2.emulator.voximplant.com",
      "demo-app.emulator.voximplant.com",
    ]);
    const cfg = await stack.configure({ defaultPageSize: 3 });
    expect(cfg.defaultPageSize).toBe(3);
    await expect(stack.configure({ defaultPageSize: -1 } as never)).rejects.toThrow(/400/);
  });
});
