// Shared test helpers: raw HTTP against a running emulator, JWTs signed with jose in the test.

import { readFileSync } from "node:fs";
import { importPKCS8, SignJWT } from "jose";
import { startEmulator, type RunningEmulator, type StartOptions } from "../../src/emulator";

export interface ErrorBody {
  code: number;
  msg: string;
  field_name?: string;
}

export interface ApiResponse {
  result?: unknown;
  error?: ErrorBody;
  errors?: ErrorBody[];
  count?: number;
  total_count?: number;
  [field: string]: unknown;
}

export type Row = Record<string, unknown>;

export interface Creds {
  account_id: number;
  account_email: string;
  key_id: string;
  private_key: string;
}

export interface TokenOptions {
  iat?: number;
  exp?: number;
  iss?: unknown;
  kid?: string;
  privateKey?: string;
  extraClaims?: Record<string, unknown>;
}

export type Params = Record<string, string | number | boolean>;

export const nowS = (): number => Math.floor(Date.now() / 1000);

export async function signToken(creds: Creds, o: TokenOptions = {}): Promise<string> {
  const key = await importPKCS8(o.privateKey ?? creds.private_key, "RS256");
  const iat = o.iat ?? nowS() - 5;
  const claims: Record<string, unknown> = { iss: "iss" in o ? o.iss : creds.account_id, iat, exp: o.exp ?? iat + 60 };
  if (claims.iss === undefined) delete claims.iss;
  return new SignJWT({ ...claims, ...o.extraClaims })
    .setProtectedHeader({ alg: "RS256", kid: o.kid ?? creds.key_id, typ: "JWT" })
    .sign(key);
}

export function toStrings(p: Params): Record<string, string> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));
}

export class Harness {
  readonly creds: Creds;
  private token: string | undefined;
  private tokenExp = 0;

  constructor(readonly emu: RunningEmulator) {
    this.creds = JSON.parse(readFileSync(emu.credentialsPath, "utf8")) as Creds;
  }

  static async start(opts: StartOptions = {}): Promise<Harness> {
    return new Harness(await startEmulator(opts));
  }

  async bearer(): Promise<string> {
    if (this.token === undefined || this.tokenExp - nowS() < 20) {
      this.token = await signToken(this.creds);
      this.tokenExp = nowS() + 55;
    }
    return `Bearer ${this.token}`;
  }

  /** POST multipart to /platform_api/<method> with a valid token (the provider's client's form). */
  async call(method: string, params: Params = {}, authorization?: string): Promise<ApiResponse> {
    const form = new FormData();
    for (const [k, v] of Object.entries(toStrings(params))) form.append(k, v);
    const res = await fetch(`${this.emu.url}/${method}`, {
      method: "POST",
      headers: { authorization: authorization ?? (await this.bearer()) },
      body: form,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as ApiResponse;
  }

  /** Like call() but asserts success and returns the body. */
  async ok(method: string, params: Params = {}): Promise<ApiResponse> {
    const body = await this.call(method, params);
    if (body.error) throw new Error(`${method} failed: ${JSON.stringify(body.error)}`);
    return body;
  }

  async rows(method: string, params: Params = {}): Promise<Row[]> {
    return (await this.ok(method, params)).result as Row[];
  }

  async registration(id: number): Promise<Row | undefined> {
    return (await this.rows("GetSipRegistrations", { sip_registration_id: id }))[0];
  }

  async create(params: Params = {}): Promise<number> {
    const body = await this.ok("CreateSipRegistration", { sip_username: "alice", proxy: "sip.example.com", ...params });
    return body.sip_registration_id as number;
  }

  async admin(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.emu.adminUrl}${path}`, {
      method: init.method ?? (init.body !== undefined ? "POST" : "GET"),
      headers: init.body !== undefined ? { "content-type": "application/json" } : {},
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
  }

  close(): Promise<void> {
    return this.emu.close();
  }
}

/** Asserts an API error with the given code (and field name when given). */
export function expectError(body: ApiResponse, code: number, field?: string): void {
  expect(body.result).toBeUndefined();
  expect(body.error?.code).toBe(code);
  expect(typeof body.error?.msg).toBe("string");
  if (field !== undefined) expect(body.error?.field_name).toBe(field);
  expect(body.errors?.[0]?.code).toBe(code);
}
