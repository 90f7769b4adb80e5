// wait_for_registration with the real terraform, under both readings of what the API reports while
// a registration attempt runs: `successful` left out (the emulator's default) or `successful: false`
// (the failedWhileInProgress switch). Either way a slow attempt that succeeds is waited for, and a
// refusal is still reported with its status code.
import { startStack, type Stack } from "../../support";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true, emulatorConfig: { slowSettleMs: 1500 } });
});

afterAll(() => stack.close());

function waitingHcl(name: string, host: string): string {
  return (
    `resource "voximplant_sip_registration" "${name}" {\n` +
    `  sip_username          = "${name}"\n  proxy                 = "${host}"\n` +
    `  wait_for_registration = true\n}\n`
  );
}

describe.each([
  ["successful left out while in progress", false],
  ["successful: false while in progress", true],
])("wait_for_registration, %s", (_label, failedWhileInProgress) => {
  beforeAll(() => stack.configure({ failedWhileInProgress }));

  it("waits through a slow attempt to the registrar's success, no warning", async () => {
    const name = `slow-${String(failedWhileInProgress)}`;
    const dir = stack.workdir({ "main.tf": waitingHcl(name, "slow.example.com") });
    await stack.resetCalls();
    const r = stack.expectOk(await stack.apply(dir));
    expect(stack.text(r)).not.toMatch(/Warning/);
    expect(await stack.resource(dir, `voximplant_sip_registration.${name}`)).toMatchObject({
      successful: true,
      status_code: 200,
    });
    // It polled while the attempt ran (more than the read right after the create).
    const polls = (await stack.callLog()).filter((e) => e.method === "GetSipRegistrations");
    expect(polls.length).toBeGreaterThan(2);
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
  });

  it("still reports a refusal with its status code", async () => {
    const name = `refused-${String(failedWhileInProgress)}`;
    const dir = stack.workdir({ "main.tf": waitingHcl(name, "fail.example.com") });
    const r = stack.expectOk(await stack.apply(dir));
    expect(stack.text(r)).toMatch(/Warning: SIP registration refused by the registrar/);
    expect(stack.text(r)).toMatch(/403 "Forbidden"/);
  });
});
