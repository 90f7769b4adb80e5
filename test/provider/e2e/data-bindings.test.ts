// A SIP registration bound through references to data sources — the way bindings are meant to be
// written: application_id = data.voximplant_application.app.application_id, and so on. Checks the
// bindings the emulator ends up with, a clean second plan, and a re-bind when a lookup changes.
import { startStack, type Stack } from "../../support";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

function config(app: string, rule: string, user: string): string {
  return `
variable "sip_password" {
  type      = string
  sensitive = true
  default   = "s3cret-pass-word"
}

data "voximplant_application" "app" {
  name = "${app}"
}

data "voximplant_rule" "rule" {
  application_id = data.voximplant_application.app.application_id
  name           = "${rule}"
}

data "voximplant_user" "user" {
  application_id = data.voximplant_application.app.application_id
  name           = "${user}"
}

resource "voximplant_sip_registration" "office" {
  sip_username        = "5001"
  proxy               = "sip.example.com"
  password_wo         = var.sip_password
  password_wo_version = 1

  application_id = data.voximplant_application.app.application_id
  rule_id        = data.voximplant_rule.rule.rule_id
  user_id        = data.voximplant_user.user.user_id
}

data "voximplant_sip_registration" "office" {
  sip_registration_id = voximplant_sip_registration.office.sip_registration_id
}
`;
}

describe("registration bound through data source references", () => {
  let dir: string;

  it("creates the registration bound to the looked-up application, rule and user", async () => {
    dir = stack.workdir({ "main.tf": config("demo-app", "demo-rule-2", "demo-user-2") });
    const r = stack.expectOk(await stack.apply(dir));
    expect(r.stdout).toMatch(/1 added, 0 changed, 0 destroyed/);
    expect(r.stdout + r.stderr).not.toContain("s3cret-pass-word");
    const regs = (await stack.emulatorState()).registrations;
    expect(regs).toHaveLength(1);
    expect(regs[0]).toMatchObject({
      sip_username: "5001",
      application_id: 1,
      rule_id: 2,
      user_id: 2,
      password_set: true,
    });
    expect(await stack.resource(dir, "voximplant_sip_registration.office")).toMatchObject({
      application_id: 1,
      application_name: "demo-app.emulator.voximplant.com",
      rule_id: 2,
      rule_name: "demo-rule-2",
      user_id: 2,
      user_name: "demo-user-2",
    });
    // The data source reading the new registration back sees the same bindings.
    expect(await stack.resource(dir, "data.voximplant_sip_registration.office")).toMatchObject({
      application_id: 1,
      rule_id: 2,
      user_id: 2,
    });
    expect(JSON.stringify(await stack.state(dir))).not.toContain("s3cret-pass-word");
  });

  it("plans no changes on the next run", async () => {
    const plan = stack.expectOk(await stack.plan(dir, ["-detailed-exitcode"]));
    expect(plan.stdout).toMatch(/No changes/);
  });

  it("re-binds in place when a looked-up name changes", async () => {
    stack.writeFiles(dir, { "main.tf": config("demo-app", "demo-rule", "demo-user") });
    await stack.resetCalls();
    const r = stack.expectOk(await stack.apply(dir));
    expect(r.stdout).toMatch(/0 added, 1 changed, 0 destroyed/);
    const counts = (await stack.calls()).byMethod;
    expect(counts.CreateSipRegistration).toBeUndefined();
    expect(counts.DeleteSipRegistration).toBeUndefined();
    const regs = (await stack.emulatorState()).registrations;
    expect(regs).toHaveLength(1);
    expect(regs[0]).toMatchObject({ application_id: 1, rule_id: 1, user_id: 1 });
  });

  it("destroys the registration", async () => {
    stack.expectOk(await stack.destroy(dir));
    expect((await stack.emulatorState()).registrations).toEqual([]);
  });
});
