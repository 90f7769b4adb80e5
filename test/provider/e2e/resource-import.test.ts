// Adopting registrations created elsewhere: `terraform import`, an `import {}` block, and
// `-generate-config-out` producing a configuration that plans clean.
import { startStack, readWorkFile, type Stack } from "../../support";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

/** A registration made outside Terraform (with a password Terraform can never read back). */
async function outOfBand(sipUsername: string): Promise<number> {
  const r = await stack.client.createSipRegistration({
    sip_username: sipUsername,
    proxy: "pbx.example.com:5060",
    auth_user: `${sipUsername}-auth`,
    password: "set-elsewhere",
    application_id: 1,
    rule_id: 2,
    user_id: 2,
  });
  return r.sip_registration_id;
}

async function writes(): Promise<string[]> {
  return (await stack.callLog()).map((e) => e.method).filter((m) => !m.startsWith("Get"));
}

describe("import", () => {
  it("terraform import by id, then a configuration by id plans clean", async () => {
    const id = await outOfBand("imp-cli");
    const dir = stack.workdir({
      "main.tf": `
resource "voximplant_sip_registration" "imported" {
  sip_username   = "imp-cli"
  proxy          = "pbx.example.com:5060"
  auth_user      = "imp-cli-auth"
  application_id = 1
  rule_id        = 2
  user_id        = 2
}
`,
    });
    await stack.resetCalls();
    const imp = stack.text(
      stack.expectOk(await stack.tf(["import", "voximplant_sip_registration.imported", String(id)], { cwd: dir })),
    );
    expect(imp).toMatch(/Import successful!/);
    expect(await writes()).toEqual([]);
    const r = await stack.resource(dir, "voximplant_sip_registration.imported");
    expect(r).toMatchObject({
      id: String(id),
      sip_username: "imp-cli",
      application_id: 1,
      rule_id: 2,
      user_id: 2,
      password: null,
    });
    const plan = await stack.plan(dir, ["-detailed-exitcode"]);
    expect(stack.text(plan)).toMatch(/No changes/);
    expect(plan.code).toBe(0);
  });

  it("terraform import rejects an id that is not a number, and one that does not exist", async () => {
    const dir = stack.workdir({
      "main.tf": `resource "voximplant_sip_registration" "x" {\n  sip_username = "x"\n  proxy = "x.example.com"\n}\n`,
    });
    const bad = await stack.tf(["import", "voximplant_sip_registration.x", "abc"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(stack.text(bad)).toMatch(/Invalid import ID/);
    expect(stack.text(bad)).toMatch(/numeric sip_registration_id/);
    const missing = await stack.tf(["import", "voximplant_sip_registration.x", "424242"], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(stack.text(missing)).toMatch(/Cannot import non-existent remote object/);
  });

  it("an import block plans as an import with no other change, and applies without writes", async () => {
    const id = await outOfBand("imp-block");
    const dir = stack.workdir({
      "main.tf": `
import {
  to = voximplant_sip_registration.main
  id = "${id}"
}

resource "voximplant_sip_registration" "main" {
  sip_username   = "imp-block"
  proxy          = "pbx.example.com:5060"
  auth_user      = "imp-block-auth"
  application_id = 1
  rule_id        = 2
  user_id        = 2
}
`,
    });
    const plan = stack.text(stack.expectOk(await stack.plan(dir)));
    expect(plan).toMatch(/Plan: 1 to import, 0 to add, 0 to change, 0 to destroy/);
    await stack.resetCalls();
    stack.expectOk(await stack.apply(dir));
    expect(await writes()).toEqual([]);
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
  });

  it("-generate-config-out writes a configuration that validates and plans clean", async () => {
    const id = await outOfBand("imp-gen");
    const dir = stack.workdir({
      "main.tf": `import {\n  to = voximplant_sip_registration.generated\n  id = "${id}"\n}\n`,
    });
    const gen = await stack.plan(dir, ["-generate-config-out=generated.tf"]);
    stack.expectOk(gen);
    expect(stack.text(gen)).toMatch(/Plan: 1 to import, 0 to add, 0 to change, 0 to destroy/);
    const generated = readWorkFile(dir, "generated.tf");
    // ids only: both members of a binding pair would be a configuration error
    expect(generated).toMatch(/application_id\s+= 1/);
    expect(generated).toMatch(/application_name\s+= null/);
    expect(generated).toMatch(/rule_id\s+= 2/);
    expect(generated).toMatch(/user_id\s+= 2/);
    expect(generated).not.toContain("set-elsewhere");
    stack.expectOk(await stack.tf(["validate"], { cwd: dir }));
    await stack.resetCalls();
    stack.expectOk(await stack.apply(dir));
    expect(await writes()).toEqual([]);
    const again = await stack.plan(dir, ["-detailed-exitcode"]);
    expect(stack.text(again)).toMatch(/No changes/);
    expect(again.code).toBe(0);
  });
});
