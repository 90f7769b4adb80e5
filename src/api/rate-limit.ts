// Client-side token bucket shared by every call of one client, with an adaptive rate.
//
// Voximplant publishes no general rate limit (docs/design/voximplant-api.md, "Errors"), so we pace ourselves at a
// modest default and back off when the server says we are too fast: an HTTP 429 or API code
// 340/416 halves the effective rate (at most once per cooldown, so a burst of concurrent refusals
// does not collapse it to the floor), holds it for a while, then recovers linearly to the
// configured rate. A Retry-After answer also pauses the whole bucket, so calls that did not get the
// answer do not run into the same wall.
//
// Idle cost is zero: no timers run; the bucket level and the current rate are computed lazily from
// timestamps when a call asks for a token. Reservations may drive the level negative (a queue
// expressed as debt), so each caller knows its wait at once and sleeps exactly that long.

import { abortableSleep } from "./sleep";

export interface RateLimitOptions {
  /** Sustained rate. Default 10. */
  requestsPerSecond?: number;
  /** Bucket size: how many calls may go at once after an idle period. Default 10. */
  burst?: number;
  /** React to 429/340/416 by slowing down. Default true. */
  adaptive?: boolean;
  /** Floor of the adaptive rate. Default 0.5 rps. */
  minRequestsPerSecond?: number;
  /** How long a reduced rate is held before recovery starts. Default 10 s. */
  holdMs?: number;
  /** How long the linear recovery from the reduced to the full rate takes. Default 30 s. */
  recoveryMs?: number;
  /** Minimum time between two halvings. Default 1 s. */
  penaltyCooldownMs?: number;
  /** Clock (ms); injectable for tests. */
  now?: () => number;
}

export class RateLimiter {
  readonly baseRate: number;
  readonly burst: number;
  private readonly adaptive: boolean;
  private readonly minRate: number;
  private readonly holdMs: number;
  private readonly recoveryMs: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  private tokens: number;
  private lastRefill: number;
  /** Rate right after the latest penalty, and when it was applied; undefined = not penalised. */
  private penalty: { rate: number; at: number } | undefined;
  private pausedUntil = 0;

  constructor(opts: RateLimitOptions = {}) {
    const rate = opts.requestsPerSecond ?? 10;
    const burst = opts.burst ?? 10;
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError("requestsPerSecond must be a positive number");
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError("burst must be at least 1");
    this.baseRate = rate;
    this.burst = burst;
    this.adaptive = opts.adaptive ?? true;
    this.minRate = Math.min(opts.minRequestsPerSecond ?? 0.5, rate);
    this.holdMs = opts.holdMs ?? 10_000;
    this.recoveryMs = opts.recoveryMs ?? 30_000;
    this.cooldownMs = opts.penaltyCooldownMs ?? 1_000;
    this.now = opts.now ?? Date.now;
    this.tokens = burst;
    this.lastRefill = this.now();
  }

  /** The rate in force at `now` (requests per second). */
  currentRate(now: number = this.now()): number {
    const p = this.penalty;
    if (!p) return this.baseRate;
    const since = now - p.at;
    if (since <= this.holdMs) return p.rate;
    const progress = this.recoveryMs <= 0 ? 1 : (since - this.holdMs) / this.recoveryMs;
    if (progress >= 1) {
      this.penalty = undefined;
      return this.baseRate;
    }
    return p.rate + (this.baseRate - p.rate) * progress;
  }

  private refill(now: number): void {
    const elapsed = now - this.lastRefill;
    if (elapsed > 0) {
      this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.currentRate(now));
      this.lastRefill = now;
    }
  }

  /**
   * Takes one token and returns how long (ms) the caller must wait before sending. Pure
   * bookkeeping: callers that give up after reserving must call `release()`.
   */
  reserve(now: number = this.now()): number {
    this.refill(now);
    this.tokens -= 1;
    const rate = this.currentRate(now);
    const debtWait = this.tokens >= 0 ? 0 : (-this.tokens / rate) * 1000;
    return Math.max(debtWait, this.pausedUntil - now, 0);
  }

  /** Returns a reserved token (the caller was cancelled before sending). */
  release(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** Waits for a token. Rejects with the signal's reason if aborted while waiting. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait <= 0) return;
    try {
      await abortableSleep(wait, signal);
    } catch (e) {
      this.release();
      throw e;
    }
  }

  /** The server said "too fast": halve the effective rate (adaptive mode only). */
  penalize(now: number = this.now()): void {
    if (!this.adaptive) return;
    if (this.penalty && now - this.penalty.at < this.cooldownMs) return;
    this.refill(now); // settle the bucket at the old rate first
    const reduced = Math.max(this.minRate, this.currentRate(now) / 2);
    this.penalty = { rate: reduced, at: now };
  }

  /** The server asked everyone to wait (Retry-After): no token is handed out before then. */
  pause(ms: number, now: number = this.now()): void {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, now + ms);
  }
}
