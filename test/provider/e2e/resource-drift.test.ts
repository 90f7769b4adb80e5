// Changes made outside Terraform: reported by `plan -refresh-only` (exit 2) and reverted by apply;
// a registration deleted outside Terraform is created again. Without changes, a refresh-only
// plan exits 0: nightly drift detection relies on that exit code.
import type { BlockDef } from "../../../src/plugin";
import { sipRegistrationSchema } from "../../../src/provider/sip-registration/schema";
import { startStack, type Stack } from "../../support";

let stack: Stack;
let dir: string;
let id = 0;

beforeAll(async () => {
  stack = await startStack({ seed: true });
  dir = stack.workdir({
    "main.tf": `
resource "voximplant_sip_registration" "main" {
  sip_username   = "bob"
  proxy          = "sip.example.com"
  application_id = 1
  rule_name      = "demo-rule"
  password       = "drift-test-password"
}
`,
  });
  stack.expectOk(await stack.apply(dir));
  id = Number((await stack.resource(dir, "voximplant_sip_registration.main")).id);
});

afterAll(() => stack.close());

async function writeMethods(): Promise<string[]> {
  return (await stack.callLog()).map((e) => e.method).filter((m) => !m.startsWith("Get"));
}

describe("drift", () => {
  it("starts clean: plan and plan -refresh-only exit 0 with -detailed-exitcode", async () => {
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
    // Several runs: with two sensitive attributes Terraform < 1.12 wrote sensitive_attributes in
    // a random order and exited 2 in about half of the refresh-only runs (see the next test).
    for (let i = 0; i < 4; i++) {
      const refresh = await stack.plan(dir, ["-refresh-only", "-detailed-exitcode"]);
      expect(stack.text(refresh)).toMatch(/No changes\. Your infrastructure still matches the configuration/);
      expect(stack.text(refresh)).not.toMatch(/changed outside of Terraform/);
      expect(refresh.code).toBe(0);
    }
  });

  it("marks at most one attribute sensitive, so Terraform < 1.12 cannot reorder sensitive_attributes", () => {
    // password_wo is write-only: never stored or shown, so it needs no sensitive flag.
    const sensitive: string[] = [];
    const walk = (block: BlockDef, prefix: string): void => {
      for (const [name, a] of Object.entries(block.attributes)) {
        if (a.sensitive === true) sensitive.push(prefix + name);
        if (a.nestedType) walk({ attributes: a.nestedType.attributes }, `${prefix}${name}.`);
      }
      for (const [name, b] of Object.entries(block.blockTypes ?? {})) walk(b.block, `${prefix}${name}.`);
    };
    walk(sipRegistrationSchema.block, "");
    expect(sensitive).toEqual(["password"]);
    expect(sipRegistrationSchema.block.attributes.password_wo!.writeOnly).toBe(true);
  });

  it("reports an out-of-band change with plan -refresh-only (exit 2) and reverts it on apply", async () => {
    await stack.client.updateSipRegistration({ sip_registration_id: id, proxy: "moved.example.com" });
    await stack.client.bindSipRegistration({ sip_registration_id: id, application_id: 1, rule_id: 2 });

    const refresh = await stack.plan(dir, ["-refresh-only", "-detailed-exitcode"]);
    expect(refresh.code).toBe(2);
    const text = stack.text(refresh);
    expect(text).toMatch(/changed outside of Terraform/);
    expect(text).toMatch(/proxy\s+= "sip\.example\.com" -> "moved\.example\.com"/);
    expect(text).toMatch(/rule_name\s+= "demo-rule" -> "demo-rule-2"/);

    await stack.resetCalls();
    const applied = stack.text(stack.expectOk(await stack.apply(dir)));
    expect(applied).toMatch(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect(await writeMethods()).toEqual(["UpdateSipRegistration", "BindSipRegistration"]);
    const log = (await stack.callLog()).filter((e) => !e.method.startsWith("Get"));
    expect(log[0]!.params).toEqual({ sip_registration_id: String(id), proxy: "sip.example.com" });
    expect(log[1]!.params).toEqual({
      sip_registration_id: String(id),
      application_id: "1",
      rule_id: "1",
      bind: "true",
    });

    const emu = (await stack.emulatorState()).registrations.find((r) => r.sip_registration_id === id)!;
    expect(emu).toMatchObject({ proxy: "sip.example.com", rule_id: 1 });
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
  });

  it("unbinds a binding added outside Terraform", async () => {
    await stack.client.bindSipRegistration({ sip_registration_id: id, application_id: 1, user_id: 1 });
    await stack.resetCalls();
    const applied = stack.text(stack.expectOk(await stack.apply(dir)));
    expect(applied).toMatch(/user_id\s+= 1 -> null/);
    expect((await stack.callLog()).filter((e) => !e.method.startsWith("Get")).map((e) => [e.method, e.params])).toEqual(
      [["BindSipRegistration", { sip_registration_id: String(id), user_id: "1", bind: "false" }]],
    );
  });

  it("re-creates a registration deleted outside Terraform", async () => {
    await stack.client.deleteSipRegistration({ sip_registration_id: id });
    const plan = await stack.plan(dir, ["-detailed-exitcode"]);
    expect(plan.code).toBe(2);
    expect(stack.text(plan)).toMatch(/will be created/);
    expect(stack.text(plan)).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);

    await stack.resetCalls();
    stack.expectOk(await stack.apply(dir));
    expect(await writeMethods()).toEqual(["CreateSipRegistration"]);
    const now = Number((await stack.resource(dir, "voximplant_sip_registration.main")).id);
    expect(now).not.toBe(id);
    expect((await stack.emulatorState()).registrations.map((r) => r.sip_registration_id)).toEqual([now]);
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
  });
});
