// A non-persistent registration with the real terraform: it registers only while its user is logged
// in through a Voximplant SDK (the emulator's default model; POST /__emulator/sdk-session plays the
// SDK). wait_for_registration must not hang on it, and a user logging in or off is not drift.
import { startStack, type Stack } from "../../support";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

const HCL =
  `resource "voximplant_sip_registration" "roaming" {\n` +
  `  sip_username          = "roaming"\n  proxy                 = "sip.example.com"\n` +
  `  is_persistent         = false\n  application_name      = "demo-app"\n  user_name             = "demo-user"\n` +
  `  wait_for_registration = true\n}\n`;

async function sdkSession(loggedIn: boolean): Promise<void> {
  const res = await fetch(`${stack.emulator.adminUrl}/sdk-session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user_name: "demo-user", logged_in: loggedIn }),
  });
  expect(res.status).toBe(200);
}

async function liveSuccessful(): Promise<unknown> {
  return (await stack.emulatorState()).registrations.find((r) => r.sip_username === "roaming")?.successful;
}

describe("non-persistent registration", () => {
  it("apply does not wait for it, warns why, and keeps no live status in the state", async () => {
    const dir = stack.workdir({ "main.tf": HCL });
    await stack.resetCalls();
    const r = stack.expectOk(await stack.apply(dir));
    const text = stack.text(r);
    expect(text).toMatch(/Warning: Waiting for a non-persistent registration/);
    expect(text).toMatch(/wait_for_registration does not wait for it/);
    // No polling until registration_timeout: not one read by id (the row of the listing that checks
    // for a concurrent duplicate after the create is the read-back).
    const reads = (await stack.callLog()).filter(
      (e) => e.method === "GetSipRegistrations" && e.params.sip_registration_id !== undefined,
    );
    expect(reads).toHaveLength(0);
    expect(await stack.resource(dir, "voximplant_sip_registration.roaming")).toMatchObject({
      is_persistent: false,
      successful: null,
      status_code: null,
      error_message: null,
    });
    expect(await liveSuccessful()).toBe(false);

    // The user logs in, then off: the registration goes online and offline; none of it is drift.
    for (const loggedIn of [true, false, true]) {
      await sdkSession(loggedIn);
      expect(await liveSuccessful()).toBe(loggedIn);
      const refresh = await stack.plan(dir, ["-refresh-only", "-detailed-exitcode"]);
      expect(stack.text(refresh)).toMatch(/No changes/);
      expect(refresh.code).toBe(0);
    }
    const plan = await stack.plan(dir, ["-detailed-exitcode"]);
    expect(plan.code).toBe(0);
  });
});
