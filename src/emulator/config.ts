// Run-time switches. Every field can be given to startEmulator and changed later through
// POST /__emulator/config; creation-time-only fields say so.

export type SettleMode = "auto" | "manual";

export interface EmulatorConfig {
  /** Account id of a newly created account (ignored when state is loaded from a file). */
  accountId: number;
  /** Account name, used in full application names `<app>.<accountName>.voximplant.com`. Creation time only. */
  accountName: string;
  accountEmail: string;
  /** Balance of a newly created account, in `currency`. POST /config {"balance": n} sets the live balance. */
  initialBalance: number;
  currency: string;
  /** Monthly fee reserved by CreateSipRegistration; decimal text with at most 2 fraction digits. */
  subscriptionPrice: string;
  /** GetSipRegistrations page size when `count` is absent. */
  defaultPageSize: number;
  /** Largest page any Get* method returns; a bigger `count` is clamped silently. */
  maxPageSize: number;
  /** Add `total_count` to GetSipRegistrations responses (the sibling Get* methods always have it). */
  totalCount: boolean;
  /** Reject a second registration with the same (sip_username, proxy). */
  strictDuplicates: boolean;
  /** Answer every authentication failure with code 100 instead of 433/447/454/455/456/115. */
  collapseAuthErrors: boolean;
  /** How far `iat` may lie ahead of the server clock before 455. */
  iatLeewayMs: number;
  /** Added to the real clock when checking `iat`/`exp` (simulates a skewed server clock). */
  clockOffsetMs: number;
  /** Account-wide number of registrations; 0 = unlimited. Above it Create answers 272. */
  maxRegistrations: number;
  /** Users per account (AddUser answers 109 above it). */
  maxUsers: number;
  /** Applications per account (AddApplication answers 108 above it); 0 = unlimited. */
  maxApplications: number;
  /** Scenarios bound to one rule (AddRule / BindScenario answer 419 above it). */
  maxScenariosPerRule: number;
  /**
   * AddRule without scenario_id/scenario_name answers 375 (the official clients treat a scenario as
   * required; not confirmed on the live service). Off by default so that rules can be fixtures.
   */
  ruleRequiresScenario: boolean;
  /**
   * Reject is_persistent=false without a user (docs/design/voximplant-api.md, "Non-persistent registrations"); off by
   * default.
   */
  requireUserForNonPersistent: boolean;
  /** Accept legacy `account_id` + `api_key` parameters. */
  legacyAuth: boolean;
  /** Add `in_progress` to SIPRegistrationType items (the real structure does not document it). */
  exposeInProgress: boolean;
  /** "auto": attempts settle by the rules below; "manual": they stay in progress until POST /__emulator/registrar. */
  settleMode: SettleMode;
  /** Delay before an ordinary host settles successfully; 0 = settled before the response is sent. */
  settleDelayMs: number;
  /** How long a `slow*` proxy host stays in progress before it succeeds. */
  slowSettleMs: number;
  /** Honour the `fail*` / `timeout*` / `slow*` proxy host prefixes. */
  settleByHostName: boolean;
  /**
   * Report `successful: false` (without `status_code`) while an attempt is in progress, instead of
   * leaving `successful` out: the other reading of an undocumented fact.
   */
  failedWhileInProgress: boolean;
  /**
   * A non-persistent registration is registered only while its bound user is logged in through a
   * Voximplant SDK (POST /__emulator/sdk-session); otherwise it reports `successful: false`. Off:
   * it settles like a persistent one (the other reading).
   */
  nonPersistentNeedsLogin: boolean;
  /** Entries kept in the call log (oldest dropped first). */
  logLimit: number;
  /**
   * Accept only the request forms the official clients send (HTTP 400 for any other); off by
   * default because the documentation's own examples put parameters in the query string.
   */
  strictRequestForm: boolean;
}

const DEFAULT_CONFIG: Readonly<EmulatorConfig> = Object.freeze({
  accountId: 1000001,
  accountName: "emulator",
  accountEmail: "emulator@example.com",
  initialBalance: 100000,
  currency: "USD",
  subscriptionPrice: "0.99",
  defaultPageSize: 20,
  maxPageSize: 1000,
  totalCount: false,
  strictDuplicates: false,
  collapseAuthErrors: false,
  iatLeewayMs: 5000,
  clockOffsetMs: 0,
  maxRegistrations: 0,
  maxUsers: 1000,
  maxApplications: 0,
  maxScenariosPerRule: 100,
  ruleRequiresScenario: false,
  requireUserForNonPersistent: false,
  legacyAuth: true,
  exposeInProgress: false,
  settleMode: "auto",
  settleDelayMs: 0,
  slowSettleMs: 1500,
  settleByHostName: true,
  failedWhileInProgress: false,
  nonPersistentNeedsLogin: true,
  logLimit: 100000,
  strictRequestForm: false,
});

type Kind = "int" | "nonNegInt" | "posInt" | "number" | "bool" | "string" | "price" | "settleMode";

const FIELD_KINDS: Record<keyof EmulatorConfig, Kind> = {
  accountId: "posInt",
  accountName: "string",
  accountEmail: "string",
  initialBalance: "number",
  currency: "string",
  subscriptionPrice: "price",
  defaultPageSize: "nonNegInt",
  maxPageSize: "posInt",
  totalCount: "bool",
  strictDuplicates: "bool",
  collapseAuthErrors: "bool",
  iatLeewayMs: "nonNegInt",
  clockOffsetMs: "int",
  maxRegistrations: "nonNegInt",
  maxUsers: "nonNegInt",
  maxApplications: "nonNegInt",
  maxScenariosPerRule: "posInt",
  ruleRequiresScenario: "bool",
  requireUserForNonPersistent: "bool",
  legacyAuth: "bool",
  exposeInProgress: "bool",
  settleMode: "settleMode",
  settleDelayMs: "nonNegInt",
  slowSettleMs: "nonNegInt",
  settleByHostName: "bool",
  failedWhileInProgress: "bool",
  nonPersistentNeedsLogin: "bool",
  logLimit: "posInt",
  strictRequestForm: "bool",
};

const PRICE_PATTERN = /^\d{1,9}(\.\d{1,2})?$/;

function fits(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case "int":
      return Number.isSafeInteger(v);
    case "nonNegInt":
      return Number.isSafeInteger(v) && (v as number) >= 0;
    case "posInt":
      return Number.isSafeInteger(v) && (v as number) > 0;
    case "number":
      return typeof v === "number" && Number.isFinite(v) && v >= 0;
    case "bool":
      return typeof v === "boolean";
    case "string":
      return typeof v === "string" && v.length > 0;
    case "price":
      return typeof v === "string" && PRICE_PATTERN.test(v);
    case "settleMode":
      return v === "auto" || v === "manual";
  }
}

/**
 * Checks an untrusted patch (from JSON or a caller) field by field. Returns the typed patch or
 * a message naming the first bad field, so POST /config can answer 400 with it.
 */
export function validateConfigPatch(
  patch: unknown,
  extraKeys: readonly string[] = [],
): { ok: true; value: Partial<EmulatorConfig> } | { ok: false; message: string } {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    return { ok: false, message: "config patch must be a JSON object" };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (extraKeys.includes(k)) continue;
    if (!Object.prototype.hasOwnProperty.call(FIELD_KINDS, k)) {
      return { ok: false, message: `unknown config field "${k}"` };
    }
    const kind = FIELD_KINDS[k as keyof EmulatorConfig];
    if (!fits(kind, v)) return { ok: false, message: `config field "${k}" must be ${describe(kind)}` };
    out[k] = v;
  }
  return { ok: true, value: out as Partial<EmulatorConfig> };
}

function describe(kind: Kind): string {
  switch (kind) {
    case "int":
      return "an integer";
    case "nonNegInt":
      return "a non-negative integer";
    case "posInt":
      return "a positive integer";
    case "number":
      return "a non-negative number";
    case "bool":
      return "a boolean";
    case "string":
      return "a non-empty string";
    case "price":
      return 'a decimal string such as "0.99"';
    case "settleMode":
      return '"auto" or "manual"';
  }
}

export function resolveConfig(patch?: Partial<EmulatorConfig>): EmulatorConfig {
  if (patch === undefined) return { ...DEFAULT_CONFIG };
  const checked = validateConfigPatch(patch);
  if (!checked.ok) throw new TypeError(checked.message);
  return { ...DEFAULT_CONFIG, ...checked.value };
}
