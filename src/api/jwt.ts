// Service-account JWTs (docs/design/voximplant-api.md, "Credentials and tokens"): RS256, header kid = key_id and typ
// JWT, claims iss =
// account id (a JSON number), iat = now − 5 s (tolerates a server clock slightly behind ours),
// exp = iat + 60 s (far below the 3600 s maximum, so a leaked token is short-lived).
//
// Signing costs an RSA private-key operation, so a token is cached and reused until it is
// within `refreshMarginSeconds` of expiry; concurrent callers share one signing operation.

import { createPrivateKey, type KeyObject } from "node:crypto";
// jose is loaded when the first token is signed (processes that never call the API never load it).
import type * as Jose from "jose";

export interface JwtSignerOptions {
  accountId: number;
  keyId: string;
  /** PKCS#8 PEM. */
  privateKey: string;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Seconds subtracted from now for `iat`. Default 5. */
  backdateSeconds?: number;
  /** exp − iat in seconds. Default 60; must be 1..3600. */
  lifetimeSeconds?: number;
  /** Re-sign when fewer than this many seconds of validity remain. Default 10. */
  refreshMarginSeconds?: number;
}

export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

export class JwtSigner {
  private readonly key: KeyObject;
  private readonly accountId: number;
  private readonly keyId: string;
  private readonly now: () => number;
  private readonly backdate: number;
  private readonly lifetime: number;
  private readonly margin: number;
  private cached: { token: string; exp: number } | undefined;
  private pending: Promise<string> | undefined;
  /** How many tokens were signed (for tests and benchmarks). */
  signedCount = 0;

  constructor(opts: JwtSignerOptions) {
    const lifetime = opts.lifetimeSeconds ?? 60;
    if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
      throw new RangeError(`lifetimeSeconds must be an integer in 1..${MAX_TOKEN_LIFETIME_SECONDS}`);
    }
    const margin = opts.refreshMarginSeconds ?? 10;
    const backdate = opts.backdateSeconds ?? 5;
    if (margin < 0 || backdate < 0 || lifetime - backdate - margin <= 0) {
      throw new RangeError("lifetimeSeconds must exceed backdateSeconds + refreshMarginSeconds");
    }
    this.key = createPrivateKey({ key: opts.privateKey, format: "pem" });
    this.accountId = opts.accountId;
    this.keyId = opts.keyId;
    this.now = opts.now ?? Date.now;
    this.backdate = backdate;
    this.lifetime = lifetime;
    this.margin = margin;
  }

  /** A valid token, reusing the cached one while it has more than the margin left. */
  async token(): Promise<string> {
    const nowSec = Math.floor(this.now() / 1000);
    const c = this.cached;
    if (c && c.exp - nowSec > this.margin) return c.token;
    if (this.pending) return this.pending;
    const p = this.sign(nowSec).finally(() => {
      this.pending = undefined;
    });
    this.pending = p;
    return p;
  }

  /** Drops the cached token (e.g. after the server rejected it). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async sign(nowSec: number): Promise<string> {
    const iat = nowSec - this.backdate;
    const exp = iat + this.lifetime;
    // jose types `iss` as a string; the Node/Python/Go SDKs send the account id as a JSON number,
    // which is what the server documents, so we build the claim set ourselves.
    const claims: Record<string, unknown> = { iss: this.accountId };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SignJWT } = require("jose") as typeof Jose;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: this.keyId, typ: "JWT" })
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    this.signedCount++;
    this.cached = { token, exp };
    return token;
  }
}
