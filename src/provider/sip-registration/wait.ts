// wait_for_registration: poll the registration until the registrar has answered (the API then
// reports `successful` and `status_code`) or the timeout passes. The interval grows from a
// quarter second to a few seconds: short registrations settle fast, long waits stay cheap.

import type { SipRegistration } from "../../api";

export type WaitOutcome =
  | { readonly kind: "settled"; readonly registration: SipRegistration }
  | { readonly kind: "timeout"; readonly registration: SipRegistration }
  | { readonly kind: "gone" };

export interface WaitOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** first poll interval (default 250 ms); grows by half each time up to maxIntervalMs */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Settled: the registrar answered. `in_progress`, when a server reports it, must be false too. */
function isSettled(reg: SipRegistration): boolean {
  return typeof reg.successful === "boolean" && reg.in_progress !== true;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error("aborted"));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error("aborted"));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function waitForSettled(
  read: () => Promise<SipRegistration | null>,
  options: WaitOptions,
): Promise<WaitOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const deadline = now() + options.timeoutMs;
  let interval = options.initialIntervalMs ?? 250;
  const maxInterval = options.maxIntervalMs ?? 5000;
  for (;;) {
    const reg = await read();
    if (reg === null) return { kind: "gone" };
    if (isSettled(reg)) return { kind: "settled", registration: reg };
    const left = deadline - now();
    if (left <= 0) return { kind: "timeout", registration: reg };
    await sleep(Math.min(interval, left), options.signal);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}

/** "403 Forbidden" style text for messages. */
function statusText(reg: SipRegistration): string {
  const code = reg.status_code !== undefined ? String(reg.status_code) : "no status code";
  return reg.error_message ? `${code} ${JSON.stringify(reg.error_message)}` : code;
}

/**
 * The diagnostic for a registration that is not registered after waiting: refused by the
 * registrar, or still in progress at the timeout. On create it is a warning (see finishWrite).
 */
export function notRegistered(
  outcome: Exclude<WaitOutcome, { kind: "gone" }>,
  id: number,
  timeoutText: string,
  phase: "create" | "update",
): { summary: string; detail: string } {
  const reg = outcome.registration;
  const what =
    outcome.kind === "timeout"
      ? `Registration ${id} was still in progress after registration_timeout (${timeoutText}).`
      : `The registrar answered registration ${id} (sip_username ${JSON.stringify(reg.sip_username)} at proxy ` +
        `${JSON.stringify(reg.proxy)}) with status ${statusText(reg)}.`;
  const fix =
    outcome.kind === "timeout"
      ? "Run terraform apply again to wait again, or raise registration_timeout."
      : "Check proxy, sip_username, auth_user and the password, correct them in the configuration and apply.";
  const kept =
    phase === "create"
      ? " It exists (its monthly fee is reserved) and is kept in the state, not tainted, so it is " +
        "never bought again: " +
        "the next apply updates this same registration."
      : " The registration is kept.";
  return {
    summary:
      outcome.kind === "timeout"
        ? "SIP registration did not complete in time"
        : "SIP registration refused by the registrar",
    detail:
      `${what}${kept} ${fix} Until it is registered, every plan shows an in-place update of this resource ` +
      `(wait_for_registration checks again) and every apply that cannot complete the registration fails.`,
  };
}
