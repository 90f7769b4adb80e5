// Helpers for the client ↔ emulator integration suites: start an emulator, drive its test-control
// endpoints over HTTP, and build clients pointed at it.

import { startEmulator as startAnyEmulator, type StartOptions } from "../../../src/emulator";
import { VoximplantClient, type VoximplantClientOptions } from "../../../src/api";

export type Emu = Awaited<ReturnType<typeof startAnyEmulator>>;

/**
 * The client's conformance suites run against the emulator in strict mode: a request in a form no
 * official client sends is refused there, so these suites fail if the client drifts into one.
 */
export function startEmulator(opts: StartOptions = {}): Promise<Emu> {
  return startAnyEmulator({ ...opts, config: { strictRequestForm: true, ...opts.config } });
}

const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 10 };

export async function admin(emu: Emu, verb: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emu.adminUrl}${path}`, {
    method: verb,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`admin ${verb} ${path} → ${res.status}: ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

export async function calls(emu: Emu): Promise<{ total: number; byMethod: Record<string, number> }> {
  return (await admin(emu, "GET", "/calls")) as { total: number; byMethod: Record<string, number> };
}

export async function callsOf(emu: Emu, method: string): Promise<number> {
  return (await calls(emu)).byMethod[method] ?? 0;
}

export async function fault(
  emu: Emu,
  spec: {
    method: string;
    fault: string;
    count?: number;
    probability?: number;
    latency_ms?: number;
    retry_after?: number;
    code?: number;
  },
): Promise<void> {
  await admin(emu, "POST", "/faults", spec);
}

/** Generous pacing so suites are not slowed by the production default (10 rps). */
const FAST_RATE = { requestsPerSecond: 1000, burst: 100 };

export function clientFor(emu: Emu, extra: Partial<VoximplantClientOptions> = {}): VoximplantClient {
  return new VoximplantClient({
    credentialsPath: emu.credentialsPath,
    apiUrl: emu.url,
    env: {},
    retry: FAST_RETRY,
    rateLimit: FAST_RATE,
    ...extra,
  });
}
