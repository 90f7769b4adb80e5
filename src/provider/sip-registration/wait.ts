// wait_for_registration: poll the registration until the registrar's answer is final or the
// timeout passes. The interval grows from a quarter second to a few seconds: short registrations
// settle fast, long waits stay cheap.
//
// When an answer is final is not documented (docs/design/voximplant-api.md, "Registration in
// progress"), so every reading is judged on what it holds, never on `successful` being a boolean:
//   - `in_progress` when the server reports it decides: true is pending, false is final;
//   - `successful: true` is final;
//   - `successful: false` with no status code, or a provisional (1xx) one, is still pending: a
//     server may report "not registered" while the first attempt runs;
//   - `successful: false` with a final status code is a refusal once two readings in a row agree,
//     so a transient report during the attempt does not fail the wait.

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

type Reading = "pending" | "registered" | "refused" | "refused-unconfirmed";

/** What one reading says on its own (see the header comment). */
function judge(reg: SipRegistration): Reading {
  if (reg.in_progress === true) return "pending";
  if (reg.successful === true) return "registered";
  if (reg.successful !== false) return "pending";
  if (reg.in_progress === false) return "refused";
  const code = reg.status_code;
  if (code === undefined || code < 200) return "pending";
  return "refused-unconfirmed";
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
  const firstInterval = options.initialIntervalMs ?? 250;
  let interval = firstInterval;
  const maxInterval = options.maxIntervalMs ?? 5000;
  let previousRefusal: SipRegistration | undefined;
  for (;;) {
    const reg = await read();
    if (reg === null) return { kind: "gone" };
    const reading = judge(reg);
    if (reading === "registered" || reading === "refused") return { kind: "settled", registration: reg };
    if (reading === "refused-unconfirmed") {
      if (previousRefusal !== undefined && sameRefusal(previousRefusal, reg)) {
        return { kind: "settled", registration: reg };
      }
      previousRefusal = reg;
    } else {
      previousRefusal = undefined;
    }
    const left = deadline - now();
    if (left <= 0) return { kind: "timeout", registration: reg };
    // A refusal waiting for its confirming reading is checked again soon, not after a long pause.
    await sleep(Math.min(reading === "refused-unconfirmed" ? firstInterval : interval, left), options.signal);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}

function sameRefusal(a: SipRegistration, b: SipRegistration): boolean {
  return a.status_code === b.status_code && a.error_message === b.error_message;
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
      ? `Registration ${id} was still in progress after registration_timeout (${timeoutText})` +
        (reg.successful === false ? ` (last report: not registered, ${statusText(reg)}).` : ".")
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
