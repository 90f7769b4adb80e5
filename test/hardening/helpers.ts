// Helpers shared by the hardening suites (docs/reliability.md): structured diagnostics from
// `terraform … -json`, call-log summaries for the fault reports, convergence checks between
// Terraform state and the emulator, and secret scanning.
import type { CallLogEntry } from "../../src/emulator/calllog";
import type { Stack, StateResource, TfResult } from "../support";

export const RESOURCE = "voximplant_sip_registration";

/** One diagnostic of a `terraform plan -json` / `apply -json` message stream. */
export interface TfDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail: string;
  address?: string;
  range?: { filename: string; start: { line: number } };
  snippet?: { code: string };
}

/** The diagnostics of a `-json` run (one JSON object per line; other lines are ignored). */
export function jsonDiagnostics(r: TfResult): TfDiagnostic[] {
  const out: TfDiagnostic[] = [];
  for (const line of `${r.stdout}\n${r.stderr}`.split("\n")) {
    if (!line.startsWith("{")) continue;
    let msg: { type?: string; diagnostic?: TfDiagnostic };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      continue;
    }
    if (msg.type === "diagnostic" && msg.diagnostic !== undefined) out.push(msg.diagnostic);
  }
  return out;
}

/** Error diagnostics of a human-readable run, as `Error: <summary>` blocks of text. */
export function errorBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/^[│╷╵]\s?/, "");
    if (/^Error: /.test(line)) {
      if (current !== null) blocks.push(current.join("\n"));
      current = [line];
    } else if (/^[╵]/.test(raw) && current !== null) {
      blocks.push(current.join("\n"));
      current = null;
    } else if (current !== null) {
      current.push(line);
    }
  }
  if (current !== null) blocks.push(current.join("\n"));
  return blocks;
}

// ---- call log -------------------------------------------------------------------------------

export interface CallSummary {
  total: number;
  byMethod: Record<string, number>;
  /** calls that got an injected fault, by `method:fault` */
  faults: Record<string, number>;
  /** calls answered with an API error, by `method:code` */
  apiErrors: Record<string, number>;
}

export function summarizeCalls(log: readonly CallLogEntry[]): CallSummary {
  const s: CallSummary = { total: log.length, byMethod: {}, faults: {}, apiErrors: {} };
  const inc = (o: Record<string, number>, k: string): void => {
    o[k] = (o[k] ?? 0) + 1;
  };
  for (const e of log) {
    inc(s.byMethod, e.method);
    if (e.fault !== undefined) inc(s.faults, `${e.method}:${e.fault}`);
    if (e.error_code !== undefined) inc(s.apiErrors, `${e.method}:${e.error_code}`);
  }
  return s;
}

/** One line per summary, for the integrator's closing note (jest prints console.log output). */
export function formatSummary(title: string, s: CallSummary, extra: Record<string, unknown> = {}): string {
  const kv = (o: Record<string, number>): string =>
    Object.entries(o)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(" ") || "-";
  const more = Object.entries(extra)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return (
    `[hardening] ${title}: total=${s.total} | calls ${kv(s.byMethod)} | faults ${kv(s.faults)} | api errors ` +
    `${kv(s.apiErrors)}${more ? ` | ${more}` : ""}`
  );
}

// ---- convergence ----------------------------------------------------------------------------

export interface Convergence {
  /** registrations on the emulator */
  remote: number;
  /** registration instances in Terraform state */
  managed: number;
  /** (sip_username, proxy) pairs that exist more than once on the emulator */
  duplicates: string[];
  /** emulator registrations whose id is in no state instance */
  orphans: number[];
  /** state instances whose id is not on the emulator */
  phantoms: string[];
  /** state instances whose attributes differ from the emulator's record */
  mismatches: string[];
}

const COMPARED = [
  "sip_username",
  "proxy",
  "auth_user",
  "outbound_proxy",
  "application_id",
  "rule_id",
  "user_id",
  "is_persistent",
] as const;

/** Compares the state of `dir` with the emulator's registrations, attribute by attribute. */
export async function convergence(stack: Stack, dir: string): Promise<Convergence> {
  const [shown, remote] = await Promise.all([stack.state(dir), stack.emulatorState()]);
  const instances: StateResource[] = (shown.values?.root_module.resources ?? []).filter(
    (r) => r.mode === "managed" && r.type === RESOURCE,
  );
  const byId = new Map(remote.registrations.map((r) => [r.sip_registration_id, r as Record<string, unknown>]));
  const pairs = new Map<string, number>();
  for (const r of remote.registrations)
    pairs.set(`${r.sip_username}@${r.proxy}`, (pairs.get(`${r.sip_username}@${r.proxy}`) ?? 0) + 1);
  const stateIds = new Set<number>();
  const phantoms: string[] = [];
  const mismatches: string[] = [];
  for (const inst of instances) {
    const id = Number(inst.values.sip_registration_id);
    stateIds.add(id);
    const rec = byId.get(id);
    if (rec === undefined) {
      phantoms.push(`${inst.address} (#${id})`);
      continue;
    }
    for (const f of COMPARED) {
      const want = inst.values[f] ?? null;
      const got = rec[f] ?? null;
      if (want !== got)
        mismatches.push(`${inst.address}.${f}: state ${JSON.stringify(want)}, emulator ${JSON.stringify(got)}`);
    }
  }
  return {
    remote: remote.registrations.length,
    managed: instances.length,
    duplicates: [...pairs].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`),
    orphans: remote.registrations.map((r) => r.sip_registration_id).filter((id) => !stateIds.has(id)),
    phantoms,
    mismatches,
  };
}

// ---- secrets --------------------------------------------------------------------------------

/** Where each secret shows up in `text` (by name, never the value: a failing test must not print it). */
export function leaks(text: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (value.length === 0) continue;
    let at = text.indexOf(value);
    while (at >= 0) {
      found.push(`${name} at offset ${at}`);
      at = text.indexOf(value, at + 1);
      if (found.length > 20) return found;
    }
  }
  return found;
}

/** Anything shaped like a JWT (three base64url parts, the first a JSON header). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

/** Distinctive inner lines of a PEM private key (the armour lines alone prove nothing). */
export function pemBodyLines(pem: string): string[] {
  return pem
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length >= 40 && !l.startsWith("-----"));
}
