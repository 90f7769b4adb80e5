// Test controls under /__emulator/ — not part of the Voximplant API, no authentication (the
// emulator listens on loopback by default). JSON in, JSON out; bad input → 400 {"message"}.
// See docs/emulator.md for the full list.

import { createPublicKey, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isAllowed } from "./auth";
import type { Emulator } from "./engine";
import { readBody } from "./http/request";
import { sendJson } from "./http/respond";
import { generateServiceKey, type Credentials } from "./keys";
import { METHODS } from "./methods";
import { centsToAmount, registrationView } from "./methods/registrations";
import { ALL_ROLES, type Role } from "./model";
import { planAttempt } from "./registrar";
import { parseFaultSpec, type FaultSpec } from "./faults";
import { applicationView } from "./methods/applications";
import { ruleView } from "./methods/rules";
import { scenarioView } from "./methods/scenarios";
import { userView } from "./methods/users";

class BadRequest extends Error {}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new BadRequest("request body must be JSON");
  }
}

function asObject(v: unknown): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new BadRequest("request body must be a JSON object");
  return v as Record<string, unknown>;
}

function parseRoles(v: unknown): Role[] {
  if (v === undefined) return ["Owner"];
  if (!Array.isArray(v) || !v.every((r) => typeof r === "string" && (ALL_ROLES as readonly string[]).includes(r))) {
    throw new BadRequest(`"roles" must be an array of: ${ALL_ROLES.join(", ")}`);
  }
  return v as Role[];
}

export async function handleAdmin(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  url: URL,
): Promise<void> {
  const r = route.length > 1 && route.endsWith("/") ? route.slice(0, -1) : route;
  const verb = req.method ?? "GET";
  try {
    const result = await dispatch(emu, req, verb, r, url);
    if (result === undefined)
      return sendJson(res, 404, { message: `no such test control: ${verb} ${ADMIN_ROUTE_HINT}${r}` });
    sendJson(res, 200, result);
  } catch (e) {
    if (e instanceof BadRequest || e instanceof TypeError) return sendJson(res, 400, { message: e.message });
    throw e;
  }
}

const ADMIN_ROUTE_HINT = "/__emulator";

async function dispatch(emu: Emulator, req: IncomingMessage, verb: string, route: string, url: URL): Promise<unknown> {
  const s = emu.state;
  switch (`${verb} ${route}`) {
    case "GET /calls":
      return emu.log.counts();
    case "GET /log": {
      const since = url.searchParams.get("since");
      return emu.log.list(since !== null && /^\d+$/.test(since) ? Number(since) : 0);
    }
    case "POST /reset":
      emu.resetControls();
      return { ok: true };
    case "POST /wipe":
      await emu.wipeRegistrations();
      return { ok: true };
    case "GET /state":
      return stateDump(emu);
    case "GET /faults":
      return emu.faults.list();
    case "POST /faults": {
      const body = await jsonBody(req);
      const items = Array.isArray(body) ? body : [body];
      const specs: FaultSpec[] = [];
      for (const item of items) {
        const spec = parseFaultSpec(item, new Set(METHODS.keys()));
        if (typeof spec === "string") throw new BadRequest(spec);
        specs.push(spec);
      }
      for (const spec of specs) emu.faults.add(spec);
      return emu.faults.list();
    }
    case "DELETE /faults":
      emu.faults.clear();
      return { ok: true };
    case "GET /config":
      return { ...emu.config, balance: centsToAmount(s.account.balance_cents) };
    case "POST /config": {
      const body = asObject(await jsonBody(req));
      const { balance, ...rest } = body;
      if (balance !== undefined && (typeof balance !== "number" || !Number.isFinite(balance) || balance < 0)) {
        throw new BadRequest('"balance" must be a non-negative number');
      }
      emu.updateConfig(rest);
      if (typeof balance === "number") {
        s.account.balance_cents = Math.round(balance * 100);
        await emu.persist();
      }
      return { ...emu.config, balance: centsToAmount(s.account.balance_cents) };
    }
    case "GET /keys":
      return s.account.keys.map((k) => ({ key_id: k.key_id, roles: k.roles, revoked: k.revoked }));
    case "POST /keys":
      return addKey(emu, asObject(await jsonBody(req)));
    case "POST /keys/revoke": {
      const body = asObject(await jsonBody(req));
      const key = s.account.keys.find((k) => k.key_id === body.key_id);
      if (!key) throw new BadRequest('"key_id" does not name a key of this account');
      key.revoked = true;
      await emu.persist();
      return { key_id: key.key_id, revoked: true };
    }
    case "POST /registrar":
      return setRegistrarOutcome(emu, asObject(await jsonBody(req)));
    case "POST /sdk-session":
      return setSdkSession(emu, asObject(await jsonBody(req)));
    case "GET /roles": {
      // Which methods each role may call — handy when writing permission tests.
      const out: Record<string, string[]> = {};
      for (const role of ALL_ROLES) {
        out[role] = [...METHODS.values()].filter((m) => isAllowed({ roles: [role] }, m.roles)).map((m) => m.name);
      }
      return out;
    }
    default:
      return undefined;
  }
}

async function addKey(emu: Emulator, body: Record<string, unknown>): Promise<unknown> {
  const account = emu.state.account;
  const roles = parseRoles(body.roles);
  if (body.key_id !== undefined && (typeof body.key_id !== "string" || body.key_id === "")) {
    throw new BadRequest('"key_id" must be a non-empty string');
  }
  const keyId = (body.key_id as string | undefined) ?? randomUUID();
  if (account.keys.some((k) => k.key_id === keyId)) throw new BadRequest('"key_id" is already in use');
  if (body.public_key !== undefined) {
    // Register a key pair the test made itself: only the public half ever reaches the emulator.
    if (typeof body.public_key !== "string") throw new BadRequest('"public_key" must be an SPKI PEM string');
    let pem: string;
    try {
      const k = createPublicKey(body.public_key);
      if (k.asymmetricKeyType !== "rsa") throw new Error("not RSA");
      pem = k.export({ type: "spki", format: "pem" }).toString();
    } catch {
      throw new BadRequest('"public_key" must be an RSA public key in PEM');
    }
    account.keys.push({ key_id: keyId, public_key: pem, roles, revoked: false });
    await emu.persist();
    return { account_id: account.account_id, key_id: keyId, roles };
  }
  const generated = await generateServiceKey(roles);
  generated.key_id = keyId;
  // Unlike the emulator's own default key, an added key's private half is not kept in state.
  account.keys.push({ key_id: keyId, public_key: generated.public_key, roles, revoked: false });
  await emu.persist();
  const creds: Credentials = {
    account_id: account.account_id,
    account_email: account.account_email,
    key_id: keyId,
    private_key: generated.private_key,
  };
  return { ...creds, roles };
}

async function setRegistrarOutcome(emu: Emulator, body: Record<string, unknown>): Promise<unknown> {
  const id = body.sip_registration_id;
  const reg = typeof id === "number" ? emu.state.registrations.get(id) : undefined;
  if (!reg) throw new BadRequest('"sip_registration_id" does not name an existing registration');
  if (body.deactivated !== undefined) {
    if (typeof body.deactivated !== "boolean") throw new BadRequest('"deactivated" must be a boolean');
  }
  if (body.in_progress === true) {
    reg.attempt = { settle_at: null, successful: true, status_code: 200 };
  } else if (body.status_code !== undefined || body.successful !== undefined) {
    const code = body.status_code ?? 200;
    if (!Number.isSafeInteger(code) || (code as number) < 100 || (code as number) > 699) {
      throw new BadRequest('"status_code" must be a SIP status code (100-699)');
    }
    const successful = body.successful ?? ((code as number) >= 200 && (code as number) < 300);
    if (typeof successful !== "boolean") throw new BadRequest('"successful" must be a boolean');
    if (body.error_message !== undefined && typeof body.error_message !== "string") {
      throw new BadRequest('"error_message" must be a string');
    }
    reg.attempt = { settle_at: Date.now(), successful, status_code: code as number };
    if (typeof body.error_message === "string") reg.attempt.error_message = body.error_message;
  }
  if (typeof body.deactivated === "boolean") reg.deactivated = body.deactivated;
  await emu.persist();
  return registrationView(emu.state, reg, { ...emu.config, exposeInProgress: true }, Date.now());
}

/**
 * A user logs in to (or off from) a Voximplant SDK. Logging in starts a new attempt for every
 * non-persistent registration bound to the user; logging off leaves them not registered.
 */
async function setSdkSession(emu: Emulator, body: Record<string, unknown>): Promise<unknown> {
  const s = emu.state;
  const user =
    typeof body.user_id === "number"
      ? s.users.get(body.user_id)
      : typeof body.user_name === "string"
        ? [...s.users.values()].find((u) => u.user_name === body.user_name)
        : undefined;
  if (!user) throw new BadRequest('"user_id" or "user_name" must name an existing user');
  if (typeof body.logged_in !== "boolean") throw new BadRequest('"logged_in" must be a boolean');
  user.sdk_logged_in = body.logged_in;
  const now = Date.now();
  const affected = [...s.registrations.values()].filter((r) => !r.is_persistent && r.user_id === user.user_id);
  if (body.logged_in) for (const r of affected) r.attempt = planAttempt(r.proxy, emu.config, now);
  await emu.persist();
  return {
    user_id: user.user_id,
    logged_in: body.logged_in,
    registrations: affected.map((r) => registrationView(s, r, { ...emu.config, exposeInProgress: true }, now)),
  };
}

function stateDump(emu: Emulator): unknown {
  const s = emu.state;
  const now = Date.now();
  return {
    account: {
      account_id: s.account.account_id,
      account_name: s.account.account_name,
      account_email: s.account.account_email,
      balance: centsToAmount(s.account.balance_cents),
      currency: emu.config.currency,
      frozen: s.account.frozen,
      keys: s.account.keys.map((k) => ({ key_id: k.key_id, roles: k.roles, revoked: k.revoked })),
    },
    counters: { ...s.counters },
    applications: [...s.applications.values()].map(applicationView),
    scenarios: [...s.scenarios.values()].map((sc) => ({
      ...scenarioView(sc, true),
      ...(sc.application_id !== undefined ? { application_id: sc.application_id } : {}),
    })),
    rules: [...s.rules.values()].map((r) => ({ ...ruleView(r), scenario_ids: [...r.scenario_ids], order: r.order })),
    users: [...s.users.values()].map((u) => ({
      ...userView(u),
      application_ids: [...u.application_ids],
      sdk_logged_in: u.sdk_logged_in === true,
    })),
    registrations: [...s.registrations.values()].map((reg) => ({
      ...registrationView(s, reg, { ...emu.config, exposeInProgress: true }, now),
      password_set: reg.password !== undefined,
    })),
  };
}
