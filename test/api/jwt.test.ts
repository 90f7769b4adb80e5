import { decodeProtectedHeader, jwtVerify } from "jose";
import { JwtSigner } from "../../src/api";
import { makeKey, testKey } from "./helpers";

describe("JwtSigner", () => {
  const key = testKey();
  const T0 = Date.UTC(2025, 0, 1, 12, 0, 0); // fixed clock

  function signer(clock: { t: number }, extra: Partial<ConstructorParameters<typeof JwtSigner>[0]> = {}): JwtSigner {
    return new JwtSigner({
      accountId: 4242,
      keyId: "kid-123",
      privateKey: key.privatePem,
      now: () => clock.t,
      ...extra,
    });
  }

  it(
    "signs RS256 with kid/typ and iss (number) / iat = now-5 / exp = iat+60, " + "verifiable with the public key",
    async () => {
      const clock = { t: T0 };
      const token = await signer(clock).token();
      expect(decodeProtectedHeader(token)).toEqual({ alg: "RS256", kid: "kid-123", typ: "JWT" });
      const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ["RS256"], currentDate: new Date(T0) });
      const nowSec = T0 / 1000;
      expect(payload).toEqual({ iss: 4242, iat: nowSec - 5, exp: nowSec - 5 + 60 });
      expect(typeof payload.iss).toBe("number");
    },
  );

  it("does not verify with another key", async () => {
    const token = await signer({ t: T0 }).token();
    await expect(jwtVerify(token, makeKey().publicKey, { currentDate: new Date(T0) })).rejects.toThrow(/signature/);
  });

  it("reuses the token until ~10 s before expiry, then re-signs", async () => {
    const clock = { t: T0 };
    const s = signer(clock);
    const first = await s.token();
    clock.t = T0 + 44_000; // exp is T0+55 s: 11 s left → still reused
    expect(await s.token()).toBe(first);
    expect(s.signedCount).toBe(1);
    clock.t = T0 + 45_000; // 10 s left → refresh
    const second = await s.token();
    expect(second).not.toBe(first);
    expect(s.signedCount).toBe(2);
    const { payload } = await jwtVerify(second, key.publicKey, { currentDate: new Date(clock.t) });
    expect(payload.iat).toBe(T0 / 1000 + 45 - 5);
  });

  it("shares one signing operation between concurrent callers", async () => {
    const s = signer({ t: T0 });
    const tokens = await Promise.all([s.token(), s.token(), s.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(s.signedCount).toBe(1);
  });

  it("invalidate() forces a new token", async () => {
    const clock = { t: T0 };
    const s = signer(clock);
    await s.token();
    s.invalidate();
    clock.t += 1000;
    await s.token();
    expect(s.signedCount).toBe(2);
  });

  it("rejects lifetimes above the API maximum or too short to be useful", () => {
    expect(() => signer({ t: T0 }, { lifetimeSeconds: 3601 })).toThrow(/lifetimeSeconds/);
    expect(() => signer({ t: T0 }, { lifetimeSeconds: 15 })).toThrow(/exceed/);
  });
});
