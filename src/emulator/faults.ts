// Fault injection for client robustness tests (POST /__emulator/faults). A fault matches a method
// name or "*"; it fires for the next `count` matching calls, or with `probability` per call, or
// both (each call rolls, at most `count` fire), or — with neither — on every matching call until
// DELETE /__emulator/faults.

const FAULT_KINDS = ["latency", "http_500", "http_429", "reset", "drop_after_commit", "api_error"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  method: string;
  fault: FaultKind;
  count?: number;
  probability?: number;
  latency_ms?: number;
  retry_after?: number;
  /** For api_error: the error code and message to answer with (HTTP 200). */
  code?: number;
  msg?: string;
}

export interface FaultPlan {
  latencyMs: number;
  /** The first terminal fault that fired, if any. */
  terminal?: FaultSpec;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number | undefined;
}

export class FaultInjector {
  private active: ActiveFault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): void {
    this.active.push({ spec, remaining: spec.count });
  }

  clear(): void {
    this.active = [];
  }

  list(): Array<FaultSpec & { remaining?: number }> {
    return this.active.map((a) => ({ ...a.spec, ...(a.remaining !== undefined ? { remaining: a.remaining } : {}) }));
  }

  /**
   * Decides what happens to one call. Every latency fault that fires adds its delay; the first
   * terminal fault (in the order they were added) that fires wins and later ones are not consumed.
   */
  plan(method: string): FaultPlan {
    const out: FaultPlan = { latencyMs: 0 };
    for (const a of this.active) {
      if (a.spec.method !== "*" && a.spec.method !== method) continue;
      const isLatency = a.spec.fault === "latency";
      if (!isLatency && out.terminal) continue;
      if (a.spec.probability !== undefined && this.random() >= a.spec.probability) continue;
      if (a.remaining !== undefined) a.remaining -= 1;
      if (isLatency) out.latencyMs += a.spec.latency_ms ?? 0;
      else out.terminal = a.spec;
    }
    this.active = this.active.filter((a) => a.remaining === undefined || a.remaining > 0);
    return out;
  }
}

/** Validates an untrusted fault description; returns a message naming the bad field. */
export function parseFaultSpec(raw: unknown, knownMethods: ReadonlySet<string>): FaultSpec | string {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "a fault must be a JSON object";
  const r = raw as Record<string, unknown>;
  if (typeof r.method !== "string" || (r.method !== "*" && !knownMethods.has(r.method))) {
    return 'fault "method" must be an implemented method name or "*"';
  }
  if (typeof r.fault !== "string" || !(FAULT_KINDS as readonly string[]).includes(r.fault)) {
    return `fault "fault" must be one of ${FAULT_KINDS.join(", ")}`;
  }
  const spec: FaultSpec = { method: r.method, fault: r.fault as FaultKind };
  const posInt = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;
  const nonNegInt = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
  if (r.count !== undefined) {
    if (!posInt(r.count)) return 'fault "count" must be a positive integer';
    spec.count = r.count as number;
  }
  if (r.probability !== undefined) {
    if (typeof r.probability !== "number" || !(r.probability >= 0 && r.probability <= 1)) {
      return 'fault "probability" must be a number between 0 and 1';
    }
    spec.probability = r.probability;
  }
  if (r.latency_ms !== undefined) {
    if (!nonNegInt(r.latency_ms)) return 'fault "latency_ms" must be a non-negative integer';
    spec.latency_ms = r.latency_ms as number;
  }
  if (r.retry_after !== undefined) {
    if (!nonNegInt(r.retry_after)) return 'fault "retry_after" must be a non-negative integer (seconds)';
    spec.retry_after = r.retry_after as number;
  }
  if (r.code !== undefined) {
    if (!posInt(r.code)) return 'fault "code" must be a positive integer';
    spec.code = r.code as number;
  }
  if (r.msg !== undefined) {
    if (typeof r.msg !== "string") return 'fault "msg" must be a string';
    spec.msg = r.msg;
  }
  if (spec.fault === "latency" && spec.latency_ms === undefined) return 'a latency fault needs "latency_ms"';
  if (spec.fault === "api_error" && spec.code === undefined) return 'an api_error fault needs "code"';
  return spec;
}
