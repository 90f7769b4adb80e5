// What goes wrong, with the real terraform: an existing registration (import hint), a create whose
// response is lost after commit (exactly one registration), a registration that fails while
// waiting (kept, not tainted: never bought twice), invalid configuration (no API call), missing credentials.
import { startStack, type Stack } from "../../support";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

function resourceHcl(name: string, body: string): string {
  return `resource "voximplant_sip_registration" "${name}" {\n${body}\n}\n`;
}

async function registrationsOf(sipUsername: string) {
  return (await stack.emulatorState()).registrations.filter((r) => r.sip_username === sipUsername);
}

describe("failures", () => {
  it("refuses to create over an existing (sip_username, proxy) and shows how to import it", async () => {
    const existing = await stack.client.createSipRegistration({ sip_username: "dup", proxy: "sip.example.com" });
    const dir = stack.workdir({
      "main.tf": resourceHcl("dup", '  sip_username = "dup"\n  proxy        = "sip.example.com"'),
    });
    await stack.resetCalls();
    const r = await stack.apply(dir);
    expect(r.code).toBe(1);
    const text = stack.text(r);
    expect(text).toMatch(/SIP registration already exists/);
    expect(text).toContain(`terraform import voximplant_sip_registration.<name> ${existing.sip_registration_id}`);
    expect(text).toContain("to = voximplant_sip_registration.<name>");
    expect(text).toContain(`id = "${existing.sip_registration_id}"`);
    expect(text).toMatch(/with voximplant_sip_registration\.dup/);
    expect((await stack.callLog()).map((e) => e.method)).not.toContain("CreateSipRegistration");
    expect(await registrationsOf("dup")).toHaveLength(1);
  });

  it("a create whose response is dropped after commit leaves exactly one registration, in state", async () => {
    const dir = stack.workdir({
      "main.tf": resourceHcl(
        "dropped",
        '  sip_username = "dropped"\n  proxy        = "sip.example.com"\n  application_name = "demo-app"',
      ),
    });
    await stack.resetCalls();
    await stack.faults({ method: "CreateSipRegistration", fault: "drop_after_commit", count: 1 });
    const r = stack.expectOk(await stack.apply(dir));
    expect(stack.text(r)).toMatch(/Apply complete! Resources: 1 added/);
    const log = await stack.callLog();
    expect(log.filter((e) => e.method === "CreateSipRegistration")).toHaveLength(1);
    expect(log.find((e) => e.method === "CreateSipRegistration")?.fault).toBe("drop_after_commit");
    const regs = await registrationsOf("dropped");
    expect(regs).toHaveLength(1);
    expect((await stack.resource(dir, "voximplant_sip_registration.dropped")).id).toBe(
      String(regs[0]!.sip_registration_id),
    );
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
  });

  it(
    "wait_for_registration with a failing registrar: a warning with status code and " + "message, kept and not tainted",
    async () => {
      const dir = stack.workdir({
        "main.tf": resourceHcl(
          "failing",
          '  sip_username = "failing"\n  proxy        = "fail.example.com"\n  wait_for_registration = true\n  ' +
            'password_wo = "never-shown"\n  password_wo_version = 1',
        ),
      });
      const r = stack.expectOk(await stack.apply(dir));
      const text = stack.text(r);
      expect(text).toMatch(/Warning: SIP registration refused by the registrar/);
      expect(text).toMatch(/403 "Forbidden"/);
      expect(text).not.toContain("never-shown");
      const regs = await registrationsOf("failing");
      expect(regs).toHaveLength(1);
      const shown = await stack.tf(["state", "show", "voximplant_sip_registration.failing"], { cwd: dir });
      expect(stack.text(shown)).not.toMatch(/tainted/);
      expect(stack.text(shown)).toMatch(new RegExp(`id\\s+= "${regs[0]!.sip_registration_id}"`));
      const plan = await stack.plan(dir, ["-detailed-exitcode"]);
      expect(plan.code).toBe(2);
      expect(stack.text(plan)).toMatch(/will be updated in-place/);
      expect(stack.text(plan)).not.toMatch(/must be replaced/);
    },
  );

  it("invalid configuration fails at plan with the attribute named, and no API call", async () => {
    const dir = stack.workdir({
      "main.tf": resourceHcl(
        "bad",
        '  sip_username = "bad"\n  proxy        = "sip.example.com:99999"\n  rule_name    = "demo-rule"',
      ),
    });
    await stack.resetCalls();
    const r = await stack.plan(dir);
    expect(r.code).toBe(1);
    const text = stack.text(r);
    expect(text).toMatch(/proxy must be host\[:port\].*outside 1-65535/s);
    expect(text).toMatch(/rule_name requires application_id or application_name/);
    expect(text).toMatch(/on main\.tf line 3/);
    expect((await stack.calls()).total).toBe(0);
  });

  it("missing credentials: one error saying how to supply them", async () => {
    const dir = stack.workdir({
      "main.tf": resourceHcl("nocreds", '  sip_username = "nocreds"\n  proxy        = "sip.example.com"'),
    });
    const r = await stack.plan(dir, [], { env: { VOXIMPLANT_CREDENTIALS: "" } });
    expect(r.code).toBe(1);
    const text = stack.text(r);
    expect(text.match(/Error: /g)).toHaveLength(1);
    expect(text).toMatch(/Missing Voximplant credentials/);
    expect(text).toMatch(/credentials_file/);
    expect(text).toMatch(/VOXIMPLANT_CREDENTIALS/);
  });
});
