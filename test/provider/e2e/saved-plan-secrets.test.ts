// What Terraform itself keeps of a secret in a saved plan, as README and docs/index.md state it:
// a `sensitive` variable's value is in clear text in the plan file and in `terraform show -json`
// of it; an `ephemeral` variable's value is in neither, and must be given again to apply the plan.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { startStack, type Stack } from "../../support";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

const SENSITIVE_VALUE = "sensitive-pw-71c3e9";
const EPHEMERAL_VALUE = "ephemeral-pw-4d82b0";

const HCL = `
variable "line_password" {
  type      = string
  sensitive = true
}

variable "line_password_wo" {
  type      = string
  ephemeral = true
}

resource "voximplant_sip_registration" "kept" {
  sip_username = "saved-plan-kept"
  proxy        = "sip.example.com"
  password     = var.line_password
}

resource "voximplant_sip_registration" "write_only" {
  sip_username        = "saved-plan-wo"
  proxy               = "sip.example.com"
  password_wo         = var.line_password_wo
  password_wo_version = 1
}
`;

describe("secrets in a saved plan", () => {
  it("holds a sensitive variable's value, never an ephemeral one's", async () => {
    const dir = stack.workdir({ "main.tf": HCL });
    const vars = { TF_VAR_line_password: SENSITIVE_VALUE, TF_VAR_line_password_wo: EPHEMERAL_VALUE };
    const shown = JSON.stringify(await stack.planJson(dir, [], { env: vars }));
    expect(shown).toContain(SENSITIVE_VALUE);
    expect(shown).not.toContain(EPHEMERAL_VALUE);
    // The plan file itself (a zip archive; its entries are read back uncompressed).
    const planFile = execFileSync("unzip", ["-p", join(dir, "tfplan.bin")]).toString("latin1");
    expect(planFile).toContain(SENSITIVE_VALUE);
    expect(planFile).not.toContain(EPHEMERAL_VALUE);

    // Applying the saved plan needs the ephemeral value again; with it, both are created.
    const without = await stack.tf(["apply", "-input=false", "tfplan.bin"], { cwd: dir });
    expect(without.code).not.toBe(0);
    expect(stack.text(without)).toMatch(/line_password_wo/);
    stack.expectOk(
      await stack.tf(["apply", "-input=false", "tfplan.bin"], {
        cwd: dir,
        env: { TF_VAR_line_password_wo: EPHEMERAL_VALUE },
      }),
    );
    const names = (await stack.emulatorState()).registrations.map((r) => r.sip_username);
    expect(names).toEqual(expect.arrayContaining(["saved-plan-kept", "saved-plan-wo"]));
    expect(JSON.stringify(await stack.state(dir))).not.toContain(EPHEMERAL_VALUE);
  });
});
