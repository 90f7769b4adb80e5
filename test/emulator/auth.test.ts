import { generateKeyPairSync } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import { expectError, Harness, nowS, signToken, type Creds } from "./helpers";

describe("authentication", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ seed: true });
  });
  afterAll(() => h.close());
  afterEach(async () => {
    await h.admin("/config", { body: { collapseAuthErrors: false, clockOffsetMs: 0 } });
  });

  const get = async (token: string): Promise<Parameters<typeof expectError>[0]> =>
    h.call("GetSipRegistrations", {}, `Bearer ${token}`);

  it("accepts a valid token, with iss as a number or a numeric string", async () => {
    expect((await get(await signToken(h.creds))).error).toBeUndefined();
    expect((await get(await signToken(h.creds, { iss: String(h.creds.account_id) }))).error).toBeUndefined();
    // The .NET library's extra nbf claim is tolerated.
    expect(await get(await signToken(h.creds, { extraClaims: { nbf: nowS() - 5 } }))).not.toHaveProperty("error");
  });

  it("answers 100 without credentials and for a non-Bearer scheme", async () => {
    const r = await fetch(`${h.emu.url}/GetSipRegistrations`, { method: "POST" });
    expectError((await r.json()) as Parameters<typeof expectError>[0], 100);
    expectError(await h.call("GetSipRegistrations", {}, "Basic dXNlcjpwYXNz"), 100);
  });

  it("answers 447 for an unparsable token", async () => {
    expectError(await get("not-a-jwt"), 447);
    expectError(await get("a.b.c"), 447);
  });

  it("answers 447 for an algorithm other than RS256", async () => {
    const hs = await new SignJWT({ iss: String(h.creds.account_id), iat: nowS(), exp: nowS() + 60 })
      .setProtectedHeader({ alg: "HS256", kid: h.creds.key_id })
      .sign(new Uint8Array(32));
    expectError(await get(hs), 447);
    const ps = await new SignJWT({ iss: String(h.creds.account_id), iat: nowS(), exp: nowS() + 60 })
      .setProtectedHeader({ alg: "PS256", kid: h.creds.key_id })
      .sign(await importPKCS8(h.creds.private_key, "PS256"));
    expectError(await get(ps), 447);
  });

  it("answers 433 for an unknown kid", async () => {
    expectError(await get(await signToken(h.creds, { kid: "00000000-0000-0000-0000-000000000000" })), 433);
  });

  it("answers 100 for a bad signature", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    expectError(await get(await signToken(h.creds, { privateKey: other })), 100);
    // A tampered payload fails the signature too.
    const [head, , sig] = (await signToken(h.creds)).split(".");
    const forged = Buffer.from(JSON.stringify({ iss: h.creds.account_id, iat: nowS(), exp: nowS() + 3000 })).toString(
      "base64url",
    );
    expectError(await get(`${head}.${forged}.${sig}`), 100);
  });

  it("answers 100 when iss is not the account", async () => {
    expectError(await get(await signToken(h.creds, { iss: h.creds.account_id + 1 })), 100);
    expectError(await get(await signToken(h.creds, { iss: "abc" })), 100);
    expectError(await get(await signToken(h.creds, { iss: undefined })), 100);
  });

  it("answers 455 for iat in the future beyond 5 s, but tolerates small skew", async () => {
    expectError(await get(await signToken(h.creds, { iat: nowS() + 30, exp: nowS() + 60 })), 455);
    expect((await get(await signToken(h.creds, { iat: nowS() + 2, exp: nowS() + 60 }))).error).toBeUndefined();
  });

  it("answers 456 for an expired token", async () => {
    expectError(await get(await signToken(h.creds, { iat: nowS() - 120, exp: nowS() - 60 })), 456);
  });

  it("answers 454 for a lifetime above 3600 s and accepts exactly 3600 s", async () => {
    expectError(await get(await signToken(h.creds, { iat: nowS() - 5, exp: nowS() - 5 + 3601 })), 454);
    expect((await get(await signToken(h.creds, { iat: nowS() - 5, exp: nowS() - 5 + 3600 }))).error).toBeUndefined();
  });

  it("answers 447 when iat or exp is missing", async () => {
    const key = await importPKCS8(h.creds.private_key, "RS256");
    const noExp = await new SignJWT({ iss: String(h.creds.account_id), iat: nowS() })
      .setProtectedHeader({ alg: "RS256", kid: h.creds.key_id })
      .sign(key);
    expectError(await get(noExp), 447);
  });

  it("checks iat/exp against the (offset) server clock", async () => {
    await h.admin("/config", { body: { clockOffsetMs: 10 * 60 * 1000 } });
    expectError(await get(await signToken(h.creds)), 456);
    await h.admin("/config", { body: { clockOffsetMs: -10 * 60 * 1000 } });
    expectError(await get(await signToken(h.creds)), 455);
  });

  it("collapses every auth failure to 100 behind a switch", async () => {
    await h.admin("/config", { body: { collapseAuthErrors: true } });
    expectError(await get("garbage"), 100);
    expectError(await get(await signToken(h.creds, { kid: "unknown" })), 100);
    expectError(await get(await signToken(h.creds, { iat: nowS() - 120, exp: nowS() - 60 })), 100);
    expectError(await get(await signToken(h.creds, { iat: nowS() + 60, exp: nowS() + 90 })), 100);
    expectError(await get(await signToken(h.creds, { iat: nowS() - 5, exp: nowS() + 4000 })), 100);
  });

  it("does not echo the token in error messages", async () => {
    const token = await signToken(h.creds, { kid: "unknown" });
    const body = await get(token);
    expect(JSON.stringify(body)).not.toContain(token.split(".")[2]);
  });

  it("enforces roles per key (104) and the documented matrix", async () => {
    const added = (await h.admin("/keys", { body: { roles: ["Developer"] } })).body as Creds & { roles: string[] };
    expect(added.roles).toEqual(["Developer"]);
    const dev = `Bearer ${await signToken(added)}`;
    expectError(await h.call("CreateSipRegistration", { sip_username: "d", proxy: "p.example.com" }, dev), 104);
    const id = await h.create({ sip_username: "dev-target" });
    expect(
      (await h.call("UpdateSipRegistration", { sip_registration_id: id, auth_user: "x" }, dev)).error,
    ).toBeUndefined();
    expect(
      (await h.call("BindSipRegistration", { sip_registration_id: id, application_id: 1 }, dev)).error,
    ).toBeUndefined();
    expectError(await h.call("DeleteSipRegistration", { sip_registration_id: id }, dev), 104);

    const acct = (await h.admin("/keys", { body: { roles: ["Accountant"] } })).body as Creds;
    const acc = `Bearer ${await signToken(acct)}`;
    expect(
      (await h.call("CreateSipRegistration", { sip_username: "a", proxy: "p.example.com" }, acc)).error,
    ).toBeUndefined();
    expectError(await h.call("UpdateSipRegistration", { sip_registration_id: id, auth_user: "y" }, acc), 104);

    const none = (await h.admin("/keys", { body: { roles: [] } })).body as Creds;
    expectError(await h.call("GetSipRegistrations", {}, `Bearer ${await signToken(none)}`), 104);
  });

  it("checks authentication before roles and roles before parameters", async () => {
    const support = (await h.admin("/keys", { body: { roles: ["Support"] } })).body as Creds;
    const auth = `Bearer ${await signToken(support)}`;
    expectError(await h.call("CreateSipRegistration", { is_persistent: "bogus" }, auth), 104);
    expectError(await h.call("CreateSipRegistration", { is_persistent: "bogus" }, "Bearer x.y.z"), 447);
  });

  it("accepts a test-registered public key and rejects it once revoked (433)", async () => {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    const reg = await h.admin("/keys", { body: { key_id: "my-test-key", public_key: publicPem } });
    expect(reg.status).toBe(200);
    expect(JSON.stringify(reg.body)).not.toContain("PRIVATE");
    const mine: Creds = {
      ...h.creds,
      key_id: "my-test-key",
      private_key: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
    expect((await get(await signToken(mine))).error).toBeUndefined();
    expect((await h.admin("/keys/revoke", { body: { key_id: "my-test-key" } })).status).toBe(200);
    expectError(await get(await signToken(mine)), 433);
    expect((await h.admin("/keys", { body: { public_key: "nope" } })).status).toBe(400);
    expect((await h.admin("/keys", { body: { roles: ["Emperor"] } })).status).toBe(400);
  });

  it("supports legacy account_id + api_key (115 bad account, 100 bad key)", async () => {
    const legacy = async (p: Record<string, string>): Promise<Parameters<typeof expectError>[0]> => {
      const r = await fetch(`${h.emu.url}/GetSipRegistrations?${new URLSearchParams(p)}`);
      return (await r.json()) as Parameters<typeof expectError>[0];
    };
    expect((await legacy({ account_id: String(h.emu.accountId), api_key: h.emu.apiKey })).error).toBeUndefined();
    expectError(await legacy({ account_id: "42", api_key: h.emu.apiKey }), 115);
    expectError(await legacy({ account_id: String(h.emu.accountId), api_key: "wrong" }), 100);
    const log = (await h.admin("/log")).body as Array<{ params: Record<string, string> }>;
    expect(JSON.stringify(log)).not.toContain(h.emu.apiKey);
    await h.admin("/config", { body: { legacyAuth: false } });
    expectError(await legacy({ account_id: String(h.emu.accountId), api_key: h.emu.apiKey }), 100);
    await h.admin("/config", { body: { legacyAuth: true } });
  });
});
