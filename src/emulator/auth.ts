// Authentication (docs/design/voximplant-api.md, "Credentials and tokens"). A Bearer JWT is checked in this order:
//   not a parsable compact JWS → 447; alg ≠ RS256 → 447; kid unknown or revoked → 433;
//   bad signature → 100; claims not JSON / iat or exp missing → 447; iss not this account → 100;
//   iat > now + leeway → 455; exp ≤ now → 456; exp − iat > 3600 → 454.
// Legacy `account_id` + `api_key` parameters (when no Authorization header is sent): bad
// account_id → 115, wrong api_key → 100. With collapseAuthErrors every failure is 100.

import { createPublicKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { compactVerify, decodeProtectedHeader, errors as joseErrors } from "jose";
import type { EmulatorConfig } from "./config";
import { ApiErrorReply, AUTH_DETAIL_CODES, Code } from "./errors";
import { ALL_ROLES, type EmulatorState, type Role } from "./model";

const MAX_TOKEN_LIFETIME_S = 3600;

export interface Principal {
  roles: readonly Role[];
  /** The key used, or undefined for legacy api_key callers (which get full permissions). */
  keyId?: string;
}

export class Authenticator {
  private readonly publicKeys = new Map<string, KeyObject>();

  /** Throws ApiErrorReply; never echoes the token or any secret in the message. */
  async authenticate(
    authorization: string | undefined,
    params: ReadonlyMap<string, string>,
    state: EmulatorState,
    config: EmulatorConfig,
  ): Promise<Principal> {
    try {
      if (authorization !== undefined && authorization.trim() !== "") {
        return await this.verifyBearer(authorization, state, config);
      }
      if (config.legacyAuth && (params.has("api_key") || params.has("account_id"))) {
        return legacy(params, state);
      }
      throw new ApiErrorReply(Code.AUTH_FAILED, "authorization failed: no credentials");
    } catch (e) {
      if (e instanceof ApiErrorReply && config.collapseAuthErrors && AUTH_DETAIL_CODES.has(e.code)) {
        throw new ApiErrorReply(Code.AUTH_FAILED, "authorization failed");
      }
      throw e;
    }
  }

  private keyObject(pem: string): KeyObject {
    let k = this.publicKeys.get(pem);
    if (!k) {
      k = createPublicKey(pem);
      this.publicKeys.set(pem, k);
    }
    return k;
  }

  private async verifyBearer(authorization: string, state: EmulatorState, config: EmulatorConfig): Promise<Principal> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) throw new ApiErrorReply(Code.AUTH_FAILED, "authorization failed: expected a Bearer token");
    const token = m[1];
    if (token.split(".").length !== 3) throw new ApiErrorReply(Code.TOKEN_FORMAT_INVALID, "token format invalid");
    let header: { alg?: unknown; kid?: unknown };
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new ApiErrorReply(Code.TOKEN_FORMAT_INVALID, "token format invalid");
    }
    if (header.alg !== "RS256")
      throw new ApiErrorReply(Code.TOKEN_FORMAT_INVALID, "token format invalid: alg must be RS256");
    const key = state.account.keys.find((k) => k.key_id === header.kid && !k.revoked);
    if (typeof header.kid !== "string" || !key) throw new ApiErrorReply(Code.KEY_ID_INVALID, "key id invalid");

    let payloadBytes: Uint8Array;
    try {
      payloadBytes = (await compactVerify(token, this.keyObject(key.public_key), { algorithms: ["RS256"] })).payload;
    } catch (e) {
      if (e instanceof joseErrors.JWSSignatureVerificationFailed) {
        throw new ApiErrorReply(Code.AUTH_FAILED, "authorization failed: bad signature");
      }
      throw new ApiErrorReply(Code.TOKEN_FORMAT_INVALID, "token format invalid");
    }
    let claims: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(payloadBytes).toString("utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      claims = parsed as Record<string, unknown>;
    } catch {
      throw new ApiErrorReply(Code.TOKEN_FORMAT_INVALID, "token format invalid: claims are not a JSON object");
    }
    const { iat, exp } = claims;
    if (typeof iat !== "number" || !Number.isFinite(iat) || typeof exp !== "number" || !Number.isFinite(exp)) {
      throw new ApiErrorReply(Code.TOKEN_FORMAT_INVALID, "token format invalid: iat and exp are required");
    }
    // Java and .NET send iss as a string, the others as a number.
    const iss = typeof claims.iss === "string" && /^\d+$/.test(claims.iss) ? Number(claims.iss) : claims.iss;
    if (iss !== state.account.account_id) throw new ApiErrorReply(Code.AUTH_FAILED, "authorization failed: iss");
    const nowS = (Date.now() + config.clockOffsetMs) / 1000;
    if (iat > nowS + config.iatLeewayMs / 1000)
      throw new ApiErrorReply(Code.TOKEN_FROM_FUTURE, "token issued in the future");
    if (exp <= nowS) throw new ApiErrorReply(Code.TOKEN_EXPIRED, "token expired");
    if (exp - iat > MAX_TOKEN_LIFETIME_S) {
      throw new ApiErrorReply(Code.TOKEN_LIFETIME_TOO_LONG, "token lifetime exceeds 3600 seconds");
    }
    return { roles: key.roles, keyId: key.key_id };
  }
}

function legacy(params: ReadonlyMap<string, string>, state: EmulatorState): Principal {
  const accountId = params.get("account_id");
  if (accountId === undefined || !/^\d+$/.test(accountId) || Number(accountId) !== state.account.account_id) {
    throw new ApiErrorReply(Code.ACCOUNT_ID_INVALID, "account_id invalid", "account_id");
  }
  const given = Buffer.from(params.get("api_key") ?? "");
  const expected = Buffer.from(state.account.api_key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiErrorReply(Code.AUTH_FAILED, "authorization failed");
  }
  return { roles: ALL_ROLES };
}

export function isAllowed(principal: Principal, allowed: readonly Role[]): boolean {
  return principal.roles.some((r) => allowed.includes(r));
}
