// One SIP registration per user, with the real terraform against the emulator. The API binds a
// user to one registration only (binding a second silently unbinds the first), so two
// voximplant_sip_registration resources of one configuration bound to the same user are refused:
// at plan time when the user is known then, in the apply otherwise — never a perpetual diff. A
// registration the plan does not see (unchanged, of another configuration, made by hand) that
// holds the user is found at apply time, before anything is bought or bound.

import type { CallLogEntry } from "../../../src/emulator/calllog";
import { startStack, type Stack } from "../../support";

jest.setTimeout(240_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ seed: true }); // user 1 is demo-user of application 1
});
afterAll(() => stack.close());

async function writes(): Promise<string[]> {
  const log: CallLogEntry[] = await stack.callLog();
  return log.filter((e) => !/^Get/.test(e.method)).map((e) => e.method);
}

function registration(name: string, user: string): string {
  return `
resource "voximplant_sip_registration" "${name}" {
  sip_username   = "${name}"
  proxy          = "sip.example.com"
  application_id = 1
  ${user}
}
`;
}

describe("one SIP registration per user", () => {
  it("two registrations with the same known user_id: refused at plan time naming user_id, no API write", async () => {
    const dir = stack.workdir({ "main.tf": registration("a", "user_id = 1") + registration("b", "user_id = 1") });
    await stack.resetCalls();
    const p = await stack.plan(dir);
    expect(p.code).toBe(1);
    const text = stack.text(p);
    expect(text).toContain("Error: User bound to two SIP registrations");
    expect(text).toMatch(/with voximplant_sip_registration\.[ab],\s+on main\.tf line \d+[^\n]*\n\s*\d+:\s+user_id = 1/);
    // (terraform wraps the detail at 76 columns)
    expect(text).toMatch(/binds\s+user_id\s+=\s+1,\s+and\s+so\s+does\s+another\s+voximplant_sip_registration/);
    expect(text).toMatch(/A\s+Voximplant\s+user\s+takes\s+one\s+SIP\s+registration\s+only/);
    expect(await writes()).toEqual([]);
  });

  it("the same user by name twice: refused at plan time naming user_name", async () => {
    const dir = stack.workdir({
      "main.tf": registration("a", 'user_name = "demo-user"') + registration("b", 'user_name = "Demo-User"'),
    });
    await stack.resetCalls();
    const p = await stack.plan(dir);
    expect(p.code).toBe(1);
    expect(stack.text(p)).toMatch(/Error: User bound to two SIP registrations[\s\S]*user_name = "[Dd]emo-[Uu]ser"/);
    expect(await writes()).toEqual([]);
  });

  it("a user created in the same apply: an apply error, one registration, then a plan error (no diff)", async () => {
    const user = `
resource "voximplant_user" "shared" {
  application_id      = 1
  name                = "shared-user"
  display_name        = "Shared"
  password_wo         = "Shared-user-1!"
  password_wo_version = 1
}
`;
    const both = user + registration("a", "user_id = voximplant_user.shared.user_id");
    const dir = stack.workdir({
      "main.tf": both + registration("b", "user_id = voximplant_user.shared.user_id"),
    });
    await stack.resetCalls();
    const r = await stack.apply(dir);
    expect(r.code).toBe(1);
    expect(stack.text(r)).toContain("Error: User bound to two SIP registrations");
    // The user and exactly one of the two registrations exist; nothing bought twice.
    const calls = await writes();
    expect(calls.filter((m) => m === "AddUser")).toHaveLength(1);
    expect(calls.filter((m) => m === "CreateSipRegistration")).toHaveLength(1);
    const st = await stack.emulatorState();
    const userId = st.users.find((u) => u.user_name === "shared-user")?.user_id;
    const mine = st.registrations.filter((x) => x.sip_username === "a" || x.sip_username === "b");
    expect(mine).toHaveLength(1);
    expect(mine[0]?.user_id).toBe(userId);
    // Now the user is known at plan time: the plan refuses, it does not plan a binding back and forth.
    await stack.resetCalls();
    const again = await stack.plan(dir);
    expect(again.code).toBe(1);
    expect(stack.text(again)).toContain("Error: User bound to two SIP registrations");
    expect(await writes()).toEqual([]);

    // Fixed as the error says (the second line without a user): applies, then plans clean.
    stack.writeFiles(dir, { "main.tf": both + registration("b", "") });
    stack.expectOk(await stack.apply(dir), "terraform apply");
    const fixed = await stack.plan(dir, ["-detailed-exitcode"]);
    expect(fixed.code).toBe(0);
    stack.expectOk(await stack.destroy(dir), "terraform destroy");
  });

  it("moving the user from one registration to another in one apply is not refused", async () => {
    const dir = stack.workdir({ "main.tf": registration("a", "user_id = 2") + registration("b", "") });
    stack.expectOk(await stack.apply(dir), "terraform apply");
    stack.writeFiles(dir, { "main.tf": registration("a", "") + registration("b", "user_id = 2") });
    stack.expectOk(await stack.apply(dir), "terraform apply (move)");
    const regs = Object.fromEntries((await stack.emulatorState()).registrations.map((x) => [x.sip_username, x]));
    expect(regs.b?.user_id).toBe(2);
    expect(regs.a?.user_id ?? null).toBeNull();
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
    stack.expectOk(await stack.destroy(dir), "terraform destroy");
  });

  it("a user known only at apply, held by an unchanged registration: apply error naming user_id", async () => {
    const a = registration("a", "user_id = 1");
    const dir = stack.workdir({ "main.tf": a });
    stack.expectOk(await stack.apply(dir), "terraform apply");
    // b's user is known only once terraform_data is applied; a is unchanged, so not planned again
    const later = `
resource "terraform_data" "user" { input = 1 }
${registration("b", "user_id = terraform_data.user.output")}`;
    stack.writeFiles(dir, { "main.tf": a + later });
    await stack.resetCalls();
    const r = await stack.apply(dir);
    expect(r.code).toBe(1);
    const text = stack.text(r);
    expect(text).toContain("Error: User already bound to another SIP registration");
    expect(text).toMatch(/with voximplant_sip_registration\.b,[\s\S]*user_id = terraform_data\.user\.output/);
    expect(text).toMatch(/binds\s+user_id\s+1,\s+which\s+registration\s+\d+\s+\(a@sip\.example\.com\)/);
    expect(await writes()).toEqual([]);
    const regs = (await stack.emulatorState()).registrations.filter((x) => ["a", "b"].includes(x.sip_username));
    expect(regs.map((x) => [x.sip_username, x.user_id])).toEqual([["a", 1]]);
    stack.writeFiles(dir, { "main.tf": a });
    stack.expectOk(await stack.destroy(dir), "terraform destroy");
  });

  it("a user held by a registration of another configuration: create and update fail naming user_id", async () => {
    const other = await stack.client.createSipRegistration({
      sip_username: "elsewhere",
      proxy: "sip.example.com",
      application_id: 1,
      user_id: 2,
    });
    const dir = stack.workdir({ "main.tf": registration("c", "user_id = 2") });
    await stack.resetCalls();
    const created = await stack.apply(dir);
    expect(created.code).toBe(1);
    expect(stack.text(created)).toMatch(
      new RegExp(
        `Error: User already bound to another SIP registration[\\s\\S]*registration\\s+${other.sip_registration_id}`,
      ),
    );
    expect(await writes()).toEqual([]);

    // an existing registration of this configuration: the update that would take the user fails too
    stack.writeFiles(dir, { "main.tf": registration("c", "") });
    stack.expectOk(await stack.apply(dir), "terraform apply");
    stack.writeFiles(dir, { "main.tf": registration("c", 'user_name = "demo-user-2"') });
    await stack.resetCalls();
    const updated = await stack.apply(dir);
    expect(updated.code).toBe(1);
    expect(stack.text(updated)).toMatch(/Error: User already bound to another SIP registration[\s\S]*user_name/);
    expect(await writes()).toEqual([]);
    const st = await stack.emulatorState();
    expect(st.registrations.find((x) => x.sip_registration_id === other.sip_registration_id)?.user_id).toBe(2);
    expect(st.registrations.find((x) => x.sip_username === "c")?.user_id ?? null).toBeNull();

    stack.writeFiles(dir, { "main.tf": registration("c", "") });
    stack.expectOk(await stack.destroy(dir), "terraform destroy");
    await stack.client.deleteSipRegistration({ sip_registration_id: other.sip_registration_id });
  });
});
