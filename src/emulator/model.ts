// The emulator's in-memory state and its JSON form on disk. Objects reference each other by id
// only; names shown in responses are looked up when a response is built, so renames or deletions
// can never leave a stale name behind.

export type Role =
  "Owner" | "Admin" | "Developer" | "Accountant" | "Supervisor" | "Support" | "User manager" | "Call list manager";

export const ALL_ROLES: readonly Role[] = [
  "Owner",
  "Admin",
  "Developer",
  "Accountant",
  "Supervisor",
  "Support",
  "User manager",
  "Call list manager",
];

export interface ServiceKey {
  key_id: string;
  /** SPKI PEM. */
  public_key: string;
  /**
   * PKCS#8 PEM, kept only for keys the emulator generated itself so that a restart from a state
   * file can write a usable credentials file again. The real service never keeps it.
   */
  private_key?: string;
  roles: Role[];
  revoked: boolean;
}

export interface Account {
  account_id: number;
  account_name: string;
  account_email: string;
  /** Money in cents, so that thousands of reservations never accumulate float error. */
  balance_cents: number;
  frozen: boolean;
  /** Legacy `api_key` (deprecated auth scheme). */
  api_key: string;
  keys: ServiceKey[];
}

export interface Application {
  application_id: number;
  short_name: string;
  full_name: string;
  secure_record_storage: boolean;
  modified: string;
}

export interface Rule {
  rule_id: number;
  application_id: number;
  rule_name: string;
  rule_pattern: string;
  rule_pattern_exclude?: string;
  video_conference: boolean;
  /** Bound scenarios in the order they run for a call the rule matches. */
  scenario_ids: number[];
  /**
   * Position among the application's rules (ascending; ties by rule_id): an incoming call is
   * routed by the first rule whose pattern matches, so the order is part of the routing.
   */
  order: number;
  modified: string;
}

/** A VoxEngine scenario: named JavaScript source. Account-wide unless created for an application. */
export interface Scenario {
  scenario_id: number;
  scenario_name: string;
  scenario_script: string;
  application_id?: number;
  modified: string;
}

export interface User {
  user_id: number;
  user_name: string;
  user_display_name: string;
  user_active: boolean;
  parent_accounting: boolean;
  user_custom_data?: string;
  application_ids: number[];
  created: string;
  modified: string;
  /** Logged in through a Voximplant SDK (set by POST /__emulator/sdk-session); never in responses. */
  sdk_logged_in?: boolean;
}

/**
 * One registration attempt at the third-party registrar. Before `settle_at` (or forever when it
 * is null) the registration is "in progress"; afterwards the outcome fields apply. Keeping the
 * plan instead of a timer makes the state a pure function of time: nothing to cancel on close,
 * and a reload from disk resumes exactly.
 */
export interface Attempt {
  settle_at: number | null;
  successful: boolean;
  status_code: number;
  error_message?: string;
}

export interface Registration {
  sip_registration_id: number;
  sip_username: string;
  proxy: string;
  auth_user?: string;
  outbound_proxy?: string;
  /** Write-only: stored, never returned. */
  password?: string;
  is_persistent: boolean;
  application_id?: number;
  rule_id?: number;
  user_id?: number;
  deactivated: boolean;
  purchase_date: string;
  next_subscription_renewal: string;
  subscription_price: string;
  /** Unix seconds. */
  last_updated: number;
  attempt: Attempt;
}

export interface Counters {
  application: number;
  scenario: number;
  rule: number;
  user: number;
  registration: number;
}

export interface EmulatorState {
  account: Account;
  counters: Counters;
  applications: Map<number, Application>;
  scenarios: Map<number, Scenario>;
  rules: Map<number, Rule>;
  users: Map<number, User>;
  /** Insertion order = ascending id, which is the order GetSipRegistrations returns. */
  registrations: Map<number, Registration>;
}

const STATE_FORMAT_VERSION = 1;

interface StateFile {
  version: number;
  account: Account;
  counters: Counters;
  applications: Application[];
  /** Absent in files written before scenarios existed. */
  scenarios?: Scenario[];
  rules: Rule[];
  users: User[];
  registrations: Registration[];
}

export function newState(account: Account): EmulatorState {
  return {
    account,
    counters: { application: 0, scenario: 0, rule: 0, user: 0, registration: 0 },
    applications: new Map(),
    scenarios: new Map(),
    rules: new Map(),
    users: new Map(),
    registrations: new Map(),
  };
}

export function serializeState(s: EmulatorState): string {
  const file: StateFile = {
    version: STATE_FORMAT_VERSION,
    account: s.account,
    counters: s.counters,
    applications: [...s.applications.values()],
    scenarios: [...s.scenarios.values()],
    rules: [...s.rules.values()],
    users: [...s.users.values()],
    registrations: [...s.registrations.values()],
  };
  return JSON.stringify(file);
}

/** Throws with a readable message on anything that is not a state file this version wrote. */
export function deserializeState(text: string): EmulatorState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("emulator state file is not valid JSON");
  }
  const f = raw as Partial<StateFile>;
  if (typeof f !== "object" || f === null || f.version !== STATE_FORMAT_VERSION) {
    throw new Error(`emulator state file has an unsupported format (expected version ${STATE_FORMAT_VERSION})`);
  }
  if (
    !f.account ||
    !f.counters ||
    !Array.isArray(f.applications) ||
    !Array.isArray(f.rules) ||
    !Array.isArray(f.users) ||
    !Array.isArray(f.registrations)
  ) {
    throw new Error("emulator state file is incomplete");
  }
  const byId = <T>(rows: T[], id: (t: T) => number): Map<number, T> => {
    const sorted = [...rows].sort((a, b) => id(a) - id(b));
    return new Map(sorted.map((r) => [id(r), r]));
  };
  // Files written before scenarios and rule order existed load with none bound and creation order.
  const rules = f.rules.map((r) => ({ ...r, scenario_ids: r.scenario_ids ?? [], order: r.order ?? r.rule_id }));
  return {
    account: f.account,
    counters: { ...f.counters, scenario: f.counters.scenario ?? 0 },
    applications: byId(f.applications, (a) => a.application_id),
    scenarios: byId(f.scenarios ?? [], (sc) => sc.scenario_id),
    rules: byId(rules, (r) => r.rule_id),
    users: byId(f.users, (u) => u.user_id),
    registrations: byId(f.registrations, (r) => r.sip_registration_id),
  };
}
