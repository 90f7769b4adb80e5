// Authentication against the emulator: the client's own tokens are accepted; bad signatures,
// unknown key ids, skewed clocks and hand-crafted bad tokens are refused with the documented codes,
// surfaced as credentials errors and never retried.

import { readFileSync } from "node:fs";
import { SignJWT } from "jose";
import { createPrivateKey } from "node:crypto";
import { ApiError, loadCredentialsFile, type ServiceAccountCredentials } from "../../../src/api";
import { makeKey } from "../helpers";
import { admin, calls, clientFor, startEmulator, type Emu } from "./emu";

describe("VoximplantClient ↔ emulator: authentication", () => {
  let emu: Emu;
  let creds: ServiceAccountCredentials;

  beforeAll(async () => {
    emu = await startEmulator();
    creds = loadCredentialsFile(emu.credentialsPath);
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    await admin(emu, "POST", "/reset");
  });

  async function expectAuthFailure(run: () => Promise<unknown>, code: number): Promise<void> {
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(code);
    expect((err as ApiError).isCredentialsError).toBe(true);
    expect((await calls(emu)).total).toBe(1); // never retried
  }

  it("the emulator's credentials.json works as-is (path and inline JSON)", async () => {
    const byPath = clientFor(emu);
    const inline = clientFor(emu, {
      credentialsPath: undefined,
      credentialsJson: readFileSync(emu.credentialsPath, "utf8"),
    });
    const viaEnv = clientFor(emu, { credentialsPath: undefined, env: { VOXIMPLANT_CREDENTIALS: emu.credentialsPath } });
    try {
      for (const c of [byPath, inline, viaEnv])
        await expect(c.getSipRegistrations()).resolves.toMatchObject({ result: [] });
    } finally {
      for (const c of [byPath, inline, viaEnv]) await c.destroy();
    }
  });

  it("bad signature (right kid, another private key) → 100", async () => {
    const c = clientFor(emu, {
      credentialsPath: undefined,
      credentials: { ...creds, private_key: makeKey().privatePem },
    });
    try {
      await expectAuthFailure(() => c.getSipRegistrations(), 100);
    } finally {
      await c.destroy();
    }
  });

  it("unknown key id → 433", async () => {
    const c = clientFor(emu, {
      credentialsPath: undefined,
      credentials: { ...creds, key_id: "00000000-0000-0000-0000-000000000000" },
    });
    try {
      await expectAuthFailure(() => c.getSipRegistrations(), 433);
    } finally {
      await c.destroy();
    }
  });

  it("wrong account (iss) → 100", async () => {
    const c = clientFor(emu, { accountId: emu.accountId + 1 });
    try {
      await expectAuthFailure(() => c.getSipRegistrations(), 100);
    } finally {
      await c.destroy();
    }
  });

  it("a client clock far behind → expired token (456); far ahead → issued in the future (455)", async () => {
    const behind = clientFor(emu, { now: () => Date.now() - 3_600_000 });
    const ahead = clientFor(emu, { now: () => Date.now() + 3_600_000 });
    try {
      await expectAuthFailure(() => behind.getSipRegistrations(), 456);
      await admin(emu, "POST", "/reset");
      await expectAuthFailure(() => ahead.getSipRegistrations(), 455);
    } finally {
      await behind.destroy();
      await ahead.destroy();
    }
  });

  it("a key without the needed role → 104 (credentials problem, not retried)", async () => {
    const dev = (await admin(emu, "POST", "/keys", { roles: ["Developer"] })) as ServiceAccountCredentials;
    const c = clientFor(emu, { credentialsPath: undefined, credentials: dev });
    try {
      await expectAuthFailure(() => c.createSipRegistration({ sip_username: "u", proxy: "p.example.com" }), 104);
      await expect(c.getSipRegistrations()).resolves.toMatchObject({ result: [] });
    } finally {
      await c.destroy();
    }
  });

  describe("hand-crafted tokens", () => {
    const nowS = (): number => Math.floor(Date.now() / 1000);

    async function send(token: string): Promise<{ error?: { code: number } }> {
      // The Python client's form: the base URL, urlencoded, the method in `cmd`.
      const res = await fetch(emu.url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
        body: "cmd=GetSipRegistrations&count=1",
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { error?: { code: number } };
    }

    async function token(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
      const key = createPrivateKey(creds.private_key);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: creds.key_id, typ: "JWT", ...header })
        .sign(key);
    }

    it("a well-formed token is accepted (iss as a number or a string)", async () => {
      expect((await send(await token({ iss: creds.account_id, iat: nowS(), exp: nowS() + 60 }))).error).toBeUndefined();
      expect(
        (await send(await token({ iss: String(creds.account_id), iat: nowS(), exp: nowS() + 60 }))).error,
      ).toBeUndefined();
    });

    it.each([
      ["expired", 456, (n: number) => ({ iat: n - 120, exp: n - 60 })],
      ["issued in the future", 455, (n: number) => ({ iat: n + 600, exp: n + 660 })],
      ["lifetime above 3600 s", 454, (n: number) => ({ iat: n - 5, exp: n - 5 + 3601 })],
    ])("%s → %i", async (_name, code, times) => {
      const body = await send(await token({ iss: creds.account_id, ...times(nowS()) }));
      expect(body.error?.code).toBe(code);
    });

    it("unknown kid → 433; garbage → 447", async () => {
      expect(
        (await send(await token({ iss: creds.account_id, iat: nowS(), exp: nowS() + 60 }, { kid: "nope" }))).error
          ?.code,
      ).toBe(433);
      expect((await send("not-a-jwt")).error?.code).toBe(447);
    });
  });
});
