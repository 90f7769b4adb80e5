// Per-method call counters and an ordered call log for tests (GET /__emulator/calls, /log).
// Secrets are redacted before anything is stored, so nothing secret can leak through the log.

export interface CallLogEntry {
  seq: number;
  method: string;
  params: Record<string, string>;
  error_code?: number;
  /** Fault injected into this call, if any. */
  fault?: string;
}

const SECRET_PARAMS: ReadonlySet<string> = new Set([
  "password",
  "api_key",
  "user_password",
  "account_password",
  "admin_user_api_key",
  "admin_user_password",
  "session_id",
]);

function redact(params: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = SECRET_PARAMS.has(k) ? "***" : v;
  return out;
}

export class CallLog {
  private seq = 0;
  private total = 0;
  private byMethod = new Map<string, number>();
  private entries: CallLogEntry[] = [];

  constructor(private limit: () => number) {}

  /** Counts a call as soon as its method is known; returns the entry to complete later. */
  begin(method: string, known: boolean, params: ReadonlyMap<string, string>): CallLogEntry {
    this.total += 1;
    if (known) this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
    this.seq += 1;
    const e: CallLogEntry = { seq: this.seq, method, params: redact(params) };
    this.entries.push(e);
    const over = this.entries.length - this.limit();
    if (over > 0) this.entries.splice(0, over);
    return e;
  }

  counts(): { total: number; byMethod: Record<string, number> } {
    return { total: this.total, byMethod: Object.fromEntries(this.byMethod) };
  }

  list(sinceSeq = 0): CallLogEntry[] {
    return this.entries.filter((e) => e.seq > sinceSeq);
  }

  reset(): void {
    this.total = 0;
    this.byMethod.clear();
    this.entries = [];
    // seq keeps counting so that a test holding an old seq never confuses old and new entries.
  }
}
