// The five SIP registration methods (docs/design/voximplant-api.md). Validation order ("Emulator validation order"):
// types (101) →
// id/name pairs (458) → rule/user without application when binding (101) → required (485) →
// value checks (273/274/499) → existence (application, rule, user, then registration) →
// business rules (127, 272) → mutation.

import type { EmulatorConfig } from "../config";
import { findApplicationByName, page, resolveBindings, type ResolvedBindings } from "../directory";
import { ApiErrorReply, Code } from "../errors";
import type { EmulatorState, Registration, Role } from "../model";
import { checkLength, checkRange, exclusive, parse, required, type Parsed } from "../params";
import { planAttempt, statusAt } from "../registrar";
import { formatDatePlusOneMonth, formatTimestamp, unixSeconds } from "../time";
import type { ApiMethod, MethodContext } from "./types";

const BINDING_SPEC = {
  application_id: "int",
  application_name: "string",
  rule_id: "int",
  rule_name: "string",
  user_id: "int",
  user_name: "string",
} as const;

const CONNECTION_SPEC = {
  sip_username: "string",
  proxy: "string",
  auth_user: "string",
  outbound_proxy: "string",
  password: "string",
} as const;

type BindingParams = Parsed<typeof BINDING_SPEC>;
type ConnectionParams = Parsed<typeof CONNECTION_SPEC>;

const CONNECTION_FIELDS = ["sip_username", "proxy", "auth_user", "outbound_proxy", "password"] as const;

/** No published limits; these reject only obvious garbage. */
const MAX_FIELD_LENGTH = 255;

function checkPairs(p: BindingParams): void {
  exclusive(p, "application_id", "application_name");
  exclusive(p, "rule_id", "rule_name");
  exclusive(p, "user_id", "user_name");
}

/** Naming a rule or a user to bind requires naming the application too. */
function checkApplicationGivenForBinding(p: BindingParams): void {
  const hasApp = p.application_id !== undefined || p.application_name !== undefined;
  if (hasApp) return;
  const what =
    p.rule_id !== undefined
      ? "rule_id"
      : p.rule_name !== undefined
        ? "rule_name"
        : p.user_id !== undefined
          ? "user_id"
          : p.user_name !== undefined
            ? "user_name"
            : undefined;
  if (what !== undefined) {
    throw new ApiErrorReply(
      Code.INVALID_ARGUMENTS,
      `${what} requires application_id or application_name`,
      "application_id",
    );
  }
}

function checkConnectionValues(p: ConnectionParams): void {
  const bad = /[\s\u0000-\u001f\u007f]/;
  if (p.sip_username !== undefined && (bad.test(p.sip_username) || p.sip_username.length > MAX_FIELD_LENGTH)) {
    throw new ApiErrorReply(Code.SIP_USERNAME_INVALID, "sip_username is invalid", "sip_username");
  }
  if (p.proxy !== undefined && (bad.test(p.proxy) || p.proxy.length > MAX_FIELD_LENGTH)) {
    throw new ApiErrorReply(Code.PROXY_INVALID, "proxy is invalid", "proxy");
  }
  checkLength("auth_user", p.auth_user, MAX_FIELD_LENGTH);
  checkLength("outbound_proxy", p.outbound_proxy, MAX_FIELD_LENGTH);
  checkLength("password", p.password, MAX_FIELD_LENGTH);
}

function findRegistration(s: EmulatorState, id: number): Registration {
  const r = s.registrations.get(id);
  if (!r)
    throw new ApiErrorReply(
      Code.SIP_REGISTRATION_ID_INVALID,
      `sip_registration_id ${id} not found`,
      "sip_registration_id",
    );
  return r;
}

function checkDuplicate(
  s: EmulatorState,
  config: EmulatorConfig,
  username: string,
  proxy: string,
  self?: number,
): void {
  if (!config.strictDuplicates) return;
  for (const r of s.registrations.values()) {
    if (r.sip_registration_id !== self && r.sip_username === username && r.proxy === proxy) {
      throw new ApiErrorReply(
        Code.PARAMETER_INVALID,
        "a SIP registration with this sip_username and proxy already exists",
        "sip_username",
      );
    }
  }
}

export function priceToCents(price: string): number {
  const [whole, frac = ""] = price.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

export function centsToAmount(cents: number): number {
  return Math.round(cents) / 100;
}

/**
 * Applies resolved bindings. Moving to another application drops a rule or user that does not
 * fit it; binding a user takes it away from whichever registration had it (one per user).
 */
function applyBindings(s: EmulatorState, reg: Registration, b: ResolvedBindings, nowMs: number): void {
  if (b.application) {
    const appId = b.application.application_id;
    reg.application_id = appId;
    if (reg.rule_id !== undefined && s.rules.get(reg.rule_id)?.application_id !== appId) delete reg.rule_id;
    if (reg.user_id !== undefined && !s.users.get(reg.user_id)?.application_ids.includes(appId)) delete reg.user_id;
  }
  if (b.rule) reg.rule_id = b.rule.rule_id;
  if (b.user) {
    const userId = b.user.user_id;
    for (const other of s.registrations.values()) {
      if (other !== reg && other.user_id === userId) {
        delete other.user_id;
        other.last_updated = unixSeconds(nowMs);
      }
    }
    reg.user_id = userId;
  }
}

export function registrationView(
  s: EmulatorState,
  reg: Registration,
  config: EmulatorConfig,
  nowMs: number,
): Record<string, unknown> {
  const status = statusAt(reg, nowMs, config, s.users);
  const v: Record<string, unknown> = {
    sip_registration_id: reg.sip_registration_id,
    sip_username: reg.sip_username,
    proxy: reg.proxy,
  };
  if (reg.auth_user !== undefined) v.auth_user = reg.auth_user;
  if (reg.outbound_proxy !== undefined) v.outbound_proxy = reg.outbound_proxy;
  if (status.successful !== undefined) v.successful = status.successful;
  if (status.status_code !== undefined) v.status_code = status.status_code;
  if (status.error_message !== undefined) v.error_message = status.error_message;
  v.deactivated = reg.deactivated;
  v.next_subscription_renewal = reg.next_subscription_renewal;
  v.purchase_date = reg.purchase_date;
  v.subscription_price = reg.subscription_price;
  v.is_persistent = reg.is_persistent;
  if (reg.user_id !== undefined) {
    v.user_id = reg.user_id;
    const u = s.users.get(reg.user_id);
    if (u) v.user_name = u.user_name;
  }
  if (reg.application_id !== undefined) {
    v.application_id = reg.application_id;
    const a = s.applications.get(reg.application_id);
    if (a) v.application_name = a.full_name;
  }
  if (reg.rule_id !== undefined) {
    v.rule_id = reg.rule_id;
    const r = s.rules.get(reg.rule_id);
    if (r) v.rule_name = r.rule_name;
  }
  v.last_updated = reg.last_updated;
  if (config.exposeInProgress) v.in_progress = status.in_progress;
  return v;
}

// ---------------------------------------------------------------------------------------------

const CREATE_SPEC = { ...CONNECTION_SPEC, is_persistent: "bool", ...BINDING_SPEC } as const;

export const createSipRegistration: ApiMethod = {
  name: "CreateSipRegistration",
  roles: ["Owner", "Admin", "Accountant"] satisfies Role[],
  mutates: true,
  handle({ state: s, config, nowMs, params }: MethodContext) {
    const p = parse(params, CREATE_SPEC);
    checkPairs(p);
    checkApplicationGivenForBinding(p);
    required(p, "sip_username");
    required(p, "proxy");
    checkConnectionValues(p);
    const bindings = resolveBindings(s, p);
    const sipUsername = p.sip_username as string;
    const proxy = p.proxy as string;
    checkDuplicate(s, config, sipUsername, proxy);
    const price = priceToCents(config.subscriptionPrice);
    if (s.account.balance_cents < price) {
      throw new ApiErrorReply(Code.INSUFFICIENT_FUNDS, "insufficient funds to reserve the monthly fee");
    }
    if (config.maxRegistrations > 0 && s.registrations.size >= config.maxRegistrations) {
      throw new ApiErrorReply(Code.SIP_REGISTRATION_LIMIT, "the maximum number of SIP registrations is reached");
    }
    const isPersistent = p.is_persistent ?? true;
    if (!isPersistent && config.requireUserForNonPersistent && !bindings.user) {
      throw new ApiErrorReply(Code.REQUIRED_MISSING, "a non-persistent registration needs a user", "user_id");
    }

    s.counters.registration += 1;
    const reg: Registration = {
      sip_registration_id: s.counters.registration,
      sip_username: sipUsername,
      proxy,
      is_persistent: isPersistent,
      deactivated: false,
      purchase_date: formatTimestamp(nowMs),
      next_subscription_renewal: formatDatePlusOneMonth(nowMs),
      subscription_price: config.subscriptionPrice,
      last_updated: unixSeconds(nowMs),
      attempt: planAttempt(proxy, config, nowMs),
    };
    if (p.auth_user !== undefined) reg.auth_user = p.auth_user;
    if (p.outbound_proxy !== undefined) reg.outbound_proxy = p.outbound_proxy;
    if (p.password !== undefined) reg.password = p.password;
    s.registrations.set(reg.sip_registration_id, reg);
    applyBindings(s, reg, bindings, nowMs);
    s.account.balance_cents -= price;
    return {
      result: 1,
      sip_registration_id: reg.sip_registration_id,
      account_info: {
        account_id: s.account.account_id,
        frozen: s.account.frozen,
        balance: centsToAmount(s.account.balance_cents),
        currency: config.currency,
      },
    };
  },
};

const UPDATE_SPEC = { sip_registration_id: "int", ...CONNECTION_SPEC, ...BINDING_SPEC } as const;

export const updateSipRegistration: ApiMethod = {
  name: "UpdateSipRegistration",
  roles: ["Owner", "Admin", "Developer"] satisfies Role[],
  mutates: true,
  handle({ state: s, config, nowMs, params }: MethodContext) {
    const p = parse(params, UPDATE_SPEC);
    checkPairs(p);
    checkApplicationGivenForBinding(p);
    required(p, "sip_registration_id");
    checkConnectionValues(p);
    const bindings = resolveBindings(s, p);
    const reg = findRegistration(s, p.sip_registration_id as number);
    if (p.sip_username !== undefined || p.proxy !== undefined) {
      checkDuplicate(s, config, p.sip_username ?? reg.sip_username, p.proxy ?? reg.proxy, reg.sip_registration_id);
    }

    // Only a real change restarts the attempt (re-sending identical values is a no-op).
    const changed = CONNECTION_FIELDS.some((f) => p[f] !== undefined && p[f] !== reg[f]);
    for (const f of CONNECTION_FIELDS) {
      const v = p[f];
      if (v !== undefined) reg[f] = v;
    }
    if (changed) reg.attempt = planAttempt(reg.proxy, config, nowMs);
    applyBindings(s, reg, bindings, nowMs);
    reg.last_updated = unixSeconds(nowMs);
    return { result: 1 };
  },
};

const BIND_SPEC = { sip_registration_id: "int", ...BINDING_SPEC, bind: "bool" } as const;

export const bindSipRegistration: ApiMethod = {
  name: "BindSipRegistration",
  roles: ["Owner", "Admin", "Developer"] satisfies Role[],
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, BIND_SPEC);
    checkPairs(p);
    const bind = p.bind ?? true;
    if (bind) {
      checkApplicationGivenForBinding(p);
      required(p, "sip_registration_id");
    } else {
      // Unbinding may name only the object to detach everywhere.
      required(
        p,
        "sip_registration_id",
        "application_id",
        "application_name",
        "rule_id",
        "rule_name",
        "user_id",
        "user_name",
      );
    }
    const b = resolveBindings(s, p);
    const reg = p.sip_registration_id !== undefined ? findRegistration(s, p.sip_registration_id) : undefined;
    const stamp = unixSeconds(nowMs);

    if (bind) {
      applyBindings(s, reg as Registration, b, nowMs);
      (reg as Registration).last_updated = stamp;
      return { result: 1 };
    }

    const targets = reg ? [reg] : [...s.registrations.values()];
    const namedNothing = !b.application && !b.rule && !b.user;
    for (const r of targets) {
      let touched = false;
      // Naming only the application detaches it, and with it the rule and user (they cannot stay
      // bound without it). Next to a rule or user the application only scopes what is detached.
      const onlyApp = b.application !== undefined && !b.rule && !b.user;
      const dropApp = namedNothing || (onlyApp && r.application_id === b.application?.application_id);
      if (dropApp && r.application_id !== undefined) {
        delete r.application_id;
        delete r.rule_id;
        delete r.user_id;
        touched = true;
      }
      if (b.rule && r.rule_id === b.rule.rule_id) {
        delete r.rule_id;
        touched = true;
      }
      if (b.user && r.user_id === b.user.user_id) {
        delete r.user_id;
        touched = true;
      }
      if (namedNothing && (r.rule_id !== undefined || r.user_id !== undefined)) {
        delete r.rule_id;
        delete r.user_id;
        touched = true;
      }
      if (touched) r.last_updated = stamp;
    }
    return { result: 1 };
  },
};

export const deleteSipRegistration: ApiMethod = {
  name: "DeleteSipRegistration",
  // Not documented; the same roles as Create, which reserves the money.
  roles: ["Owner", "Admin", "Accountant"] satisfies Role[],
  mutates: true,
  handle({ state: s, params }: MethodContext) {
    const p = parse(params, { sip_registration_id: "int" } as const);
    required(p, "sip_registration_id");
    const reg = findRegistration(s, p.sip_registration_id as number);
    // No refund: the reference leaves it open and the month was reserved, not spent per day.
    s.registrations.delete(reg.sip_registration_id);
    return { result: 1 };
  },
};

const GET_SPEC = {
  sip_registration_id: "int",
  sip_username: "string",
  deactivated: "bool",
  successful: "bool",
  is_persistent: "bool",
  application_id: "intlist",
  application_name: "stringlist",
  is_bound_to_application: "bool",
  rule_id: "intlist",
  rule_name: "stringlist",
  user_id: "intlist",
  user_name: "stringlist",
  proxy: "stringlist",
  in_progress: "bool",
  status_code: "string",
  count: "int",
  offset: "int",
} as const;

/** `200;400:499` → a predicate over SIP status codes (`a:b` inclusive range, `;` = or). */
export function parseStatusCodeExpression(expr: string): (code: number) => boolean {
  const ranges: Array<[number, number]> = [];
  for (const part of expr.split(";")) {
    const t = part.trim();
    if (t === "") continue;
    const m = /^(\d{1,3})(?::(\d{1,3}))?$/.exec(t);
    if (!m) throw new ApiErrorReply(Code.INVALID_ARGUMENTS, "status_code must look like 200;400:499", "status_code");
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    ranges.push([Math.min(lo, hi), Math.max(lo, hi)]);
  }
  return (code) => ranges.some(([lo, hi]) => code >= lo && code <= hi);
}

export const getSipRegistrations: ApiMethod = {
  name: "GetSipRegistrations",
  roles: ["Owner", "Admin", "Developer", "Accountant", "Supervisor", "Support"] satisfies Role[],
  mutates: false,
  handle({ state: s, config, nowMs, params }: MethodContext) {
    const p = parse(params, GET_SPEC);
    const statusMatches = p.status_code !== undefined ? parseStatusCodeExpression(p.status_code) : undefined;
    exclusive(p, "application_id", "application_name");
    exclusive(p, "rule_id", "rule_name");
    exclusive(p, "user_id", "user_name");
    checkRange("count", p.count, 0);
    checkRange("offset", p.offset, 0);

    // Filters by name are resolved to ids once; an unknown name simply matches nothing.
    const appIds =
      p.application_id ?? p.application_name?.map((n) => findApplicationByName(s, n)?.application_id ?? -1);
    const ruleNames = p.rule_name ? new Set(p.rule_name) : undefined;
    const userNames = p.user_name ? new Set(p.user_name) : undefined;
    const proxies = p.proxy ? new Set(p.proxy) : undefined;

    const rows: Registration[] = [];
    for (const r of s.registrations.values()) {
      const st = statusAt(r, nowMs, config, s.users);
      if (p.sip_registration_id !== undefined && r.sip_registration_id !== p.sip_registration_id) continue;
      if (p.sip_username !== undefined && r.sip_username !== p.sip_username) continue;
      if (p.deactivated !== undefined && r.deactivated !== p.deactivated) continue;
      if (p.successful !== undefined && st.successful !== p.successful) continue;
      if (p.is_persistent !== undefined && r.is_persistent !== p.is_persistent) continue;
      if (appIds && (r.application_id === undefined || !appIds.includes(r.application_id))) continue;
      if (p.is_bound_to_application !== undefined && (r.application_id !== undefined) !== p.is_bound_to_application)
        continue;
      if (p.rule_id && (r.rule_id === undefined || !p.rule_id.includes(r.rule_id))) continue;
      if (ruleNames && (r.rule_id === undefined || !ruleNames.has(s.rules.get(r.rule_id)?.rule_name ?? ""))) continue;
      if (p.user_id && (r.user_id === undefined || !p.user_id.includes(r.user_id))) continue;
      if (userNames && (r.user_id === undefined || !userNames.has(s.users.get(r.user_id)?.user_name ?? ""))) continue;
      if (proxies && !proxies.has(r.proxy)) continue;
      if (p.in_progress !== undefined && st.in_progress !== p.in_progress) continue;
      if (statusMatches && (st.status_code === undefined || !statusMatches(st.status_code))) continue;
      rows.push(r);
    }
    const pageRows = page(rows, p.count, p.offset, config.defaultPageSize, config.maxPageSize);
    const out: Record<string, unknown> = {
      result: pageRows.map((r) => registrationView(s, r, config, nowMs)),
      count: pageRows.length,
    };
    if (config.totalCount) out.total_count = rows.length;
    return out;
  },
};
