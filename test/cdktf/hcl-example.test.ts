// examples/hcl/ is the same stack as examples/stack.ts in plain HCL: same variables, outputs and
// resulting registrations when applied against the emulator.

import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { SipRegistrationsStack } from "../../examples/stack";
import { startStack, type Stack } from "../support";
import { ROOT } from "./helpers";

const HCL_DIR = path.join(ROOT, "examples", "hcl");
const PASSWORD = "hcl-example-password-Lw3";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ seed: true });
});
afterAll(async () => {
  await stack?.close();
});

function hclFiles(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(HCL_DIR)
      .filter((f) => f.endsWith(".tf"))
      .map((f) => [f, readFileSync(path.join(HCL_DIR, f), "utf8")]),
  );
}

describe("examples/hcl", () => {
  it("is formatted and declares the same variables and outputs as the CDKTF stack", async () => {
    const dir = stack.workdir(hclFiles(), { providerFiles: false });
    stack.expectOk(await stack.tf(["fmt", "-check", "-diff"], { cwd: dir }), "terraform fmt -check");
    const cdktf = JSON.parse(Testing.synth(new SipRegistrationsStack(Testing.app(), "s"))) as {
      variable: object;
      output: object;
    };
    const text = Object.values(hclFiles()).join("\n");
    const declared = (kind: string): string[] =>
      [...text.matchAll(new RegExp(`^${kind} "([a-z_]+)"`, "gm"))].map((m) => m[1]).sort();
    expect(declared("variable")).toEqual(Object.keys(cdktf.variable).sort());
    expect(declared("output")).toEqual(Object.keys(cdktf.output).sort());
  });

  it("applies to the same registrations and destroys them", async () => {
    const dir = stack.workdir(hclFiles(), { providerFiles: false });
    const env = { env: { TF_VAR_sip_password: PASSWORD } };
    stack.expectOk(await stack.apply(dir, [], env), "terraform apply");
    const regs = Object.fromEntries((await stack.emulatorState()).registrations.map((r) => [r.sip_username, r]));
    expect(regs.office).toEqual(expect.objectContaining({ application_id: 1, rule_id: 1, password_set: true }));
    expect(regs.agent).toEqual(expect.objectContaining({ application_id: 1, user_id: 1, password_set: false }));
    expect(await stack.outputs(dir)).toEqual(
      expect.objectContaining({
        office_successful: true,
        office_status_code: 200,
        agent_registration_id: regs.agent.sip_registration_id,
      }),
    );
    expect(readFileSync(path.join(dir, "terraform.tfstate"), "utf8")).not.toContain(PASSWORD);
    stack.expectOk(await stack.destroy(dir, [], env), "terraform destroy");
    expect((await stack.emulatorState()).registrations).toEqual([]);
  });
});
