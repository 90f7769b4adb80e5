import { readFileSync, statSync } from "node:fs";
import { expectError, Harness } from "./helpers";

describe("emulator basics", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ seed: true });
  });
  afterAll(() => h.close());

  it("exposes the documented start contract", () => {
    expect(h.emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/platform_api$/);
    expect(h.emu.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__emulator$/);
    expect(h.emu.accountId).toBe(h.creds.account_id);
    const creds = JSON.parse(readFileSync(h.emu.credentialsPath, "utf8")) as Record<string, unknown>;
    expect(Object.keys(creds).sort()).toEqual(["account_email", "account_id", "key_id", "private_key"]);
    expect(String(creds.private_key)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(statSync(h.emu.credentialsPath).mode & 0o777).toBe(0o600);
  });

  it("creates a registration and reads it back", async () => {
    const created = await h.ok("CreateSipRegistration", {
      sip_username: "bob",
      proxy: "sip.example.com",
      auth_user: "bob-auth",
      outbound_proxy: "out.example.com",
      password: "s3cret",
      application_id: 1,
      rule_id: 1,
      user_id: 1,
    });
    expect(created.result).toBe(1);
    const id = created.sip_registration_id as number;
    expect(Number.isInteger(id) && id > 0).toBe(true);
    expect(created.account_info).toEqual({
      account_id: h.emu.accountId,
      frozen: false,
      balance: 99999.01,
      currency: "USD",
    });

    const row = await h.registration(id);
    expect(row).toMatchObject({
      sip_registration_id: id,
      sip_username: "bob",
      proxy: "sip.example.com",
      auth_user: "bob-auth",
      outbound_proxy: "out.example.com",
      successful: true,
      status_code: 200,
      deactivated: false,
      subscription_price: "0.99",
      is_persistent: true,
      application_id: 1,
      application_name: "demo-app.emulator.voximplant.com",
      rule_id: 1,
      rule_name: "demo-rule",
      user_id: 1,
      user_name: "demo-user",
    });
    expect(row?.purchase_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(row?.next_subscription_renewal).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(typeof row?.last_updated).toBe("number");
    expect(JSON.stringify(row)).not.toContain("s3cret");
    expect(row).not.toHaveProperty("password");
  });

  it("answers API errors with HTTP 200 and the error body", async () => {
    expectError(await h.call("CreateSipRegistration", { proxy: "sip.example.com" }), 485, "sip_username");
  });
});
