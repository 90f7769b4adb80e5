// The simulated third-party registrar. Every create, and every update that changes a connection
// field, starts a new attempt; the proxy host name picks its outcome so tests can provoke each
// path of the provider's wait_for_registration without any extra API:
//   fail*    → fails with 403 "Forbidden"
//   timeout* → fails with 408 "Request Timeout"
//   slow*    → in progress for slowSettleMs, then succeeds
//   anything else → succeeds after settleDelayMs (0 = already settled when the response is sent)
// A non-persistent registration makes attempts only while its user is logged in through an SDK
// (nonPersistentNeedsLogin): logging in starts a new attempt, and while logged off (or without a
// user) it is simply not registered.

import type { EmulatorConfig } from "./config";
import type { Attempt, Registration, User } from "./model";

/** The host part of a proxy value such as `sip:user@fail.example.com:5060;transport=tcp`. */
export function proxyHost(proxy: string): string {
  let s = proxy.trim().toLowerCase();
  s = s.replace(/^sips?:/, "");
  const at = s.lastIndexOf("@");
  if (at >= 0) s = s.slice(at + 1);
  if (s.startsWith("[")) return s.slice(1, Math.max(1, s.indexOf("]")));
  return s.split(/[:;/?]/)[0];
}

export function planAttempt(proxy: string, config: EmulatorConfig, nowMs: number): Attempt {
  if (config.settleMode === "manual") return { settle_at: null, successful: true, status_code: 200 };
  if (config.settleByHostName) {
    const host = proxyHost(proxy);
    if (host.startsWith("fail")) {
      return {
        settle_at: nowMs + config.settleDelayMs,
        successful: false,
        status_code: 403,
        error_message: "Forbidden",
      };
    }
    if (host.startsWith("timeout")) {
      return {
        settle_at: nowMs + config.settleDelayMs,
        successful: false,
        status_code: 408,
        error_message: "Request Timeout",
      };
    }
    if (host.startsWith("slow")) return { settle_at: nowMs + config.slowSettleMs, successful: true, status_code: 200 };
  }
  return { settle_at: nowMs + config.settleDelayMs, successful: true, status_code: 200 };
}

export interface RegistrarStatus {
  in_progress: boolean;
  successful?: boolean;
  status_code?: number;
  error_message?: string;
}

export function statusAt(
  reg: Registration,
  nowMs: number,
  config: Pick<EmulatorConfig, "failedWhileInProgress" | "nonPersistentNeedsLogin">,
  users: ReadonlyMap<number, User>,
): RegistrarStatus {
  if (!reg.is_persistent && config.nonPersistentNeedsLogin) {
    const user = reg.user_id !== undefined ? users.get(reg.user_id) : undefined;
    if (user?.sdk_logged_in !== true) return { in_progress: false, successful: false };
  }
  const a = reg.attempt;
  if (a.settle_at === null || nowMs < a.settle_at) {
    return config.failedWhileInProgress ? { in_progress: true, successful: false } : { in_progress: true };
  }
  const s: RegistrarStatus = { in_progress: false, successful: a.successful, status_code: a.status_code };
  if (a.error_message !== undefined) s.error_message = a.error_message;
  return s;
}
