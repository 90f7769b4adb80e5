import { RateLimiter } from "../../src/api";

describe("RateLimiter (token bucket, fake clock)", () => {
  function limiter(opts: ConstructorParameters<typeof RateLimiter>[0] = {}): { l: RateLimiter; clock: { t: number } } {
    const clock = { t: 1_000_000 };
    return { l: new RateLimiter({ requestsPerSecond: 10, burst: 10, now: () => clock.t, ...opts }), clock };
  }

  it("lets a burst through immediately, then spaces calls at the rate", () => {
    const { l, clock } = limiter();
    const waits = Array.from({ length: 13 }, () => l.reserve(clock.t));
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits.slice(10).map(Math.round)).toEqual([100, 200, 300]);
  });

  it("refills over time, up to the burst size only", () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 10; i++) l.reserve(clock.t);
    clock.t += 500; // 5 tokens back
    expect(Array.from({ length: 6 }, () => Math.round(l.reserve(clock.t)))).toEqual([0, 0, 0, 0, 0, 100]);
    clock.t += 60_000; // long idle: bucket full again, not overfull
    expect(Array.from({ length: 11 }, () => Math.round(l.reserve(clock.t))).filter((w) => w > 0)).toEqual([100]);
  });

  it("release() returns a token", () => {
    const { l, clock } = limiter({ burst: 1 });
    expect(l.reserve(clock.t)).toBe(0);
    expect(Math.round(l.reserve(clock.t))).toBe(100);
    l.release();
    expect(Math.round(l.reserve(clock.t))).toBe(100);
  });

  it("halves the rate on penalize, holds it, then recovers linearly", () => {
    const { l, clock } = limiter({ holdMs: 10_000, recoveryMs: 30_000 });
    expect(l.currentRate(clock.t)).toBe(10);
    l.penalize(clock.t);
    expect(l.currentRate(clock.t)).toBe(5);
    expect(l.currentRate(clock.t + 10_000)).toBe(5);
    expect(l.currentRate(clock.t + 25_000)).toBeCloseTo(7.5);
    expect(l.currentRate(clock.t + 40_000)).toBe(10);
    expect(l.currentRate(clock.t + 41_000)).toBe(10);
  });

  it("a penalised bucket spaces calls at the reduced rate", () => {
    const { l, clock } = limiter({ burst: 1 });
    l.reserve(clock.t);
    l.penalize(clock.t);
    expect(Math.round(l.reserve(clock.t))).toBe(200);
  });

  it("repeated refusals within the cooldown halve once; later ones halve again; never below the floor", () => {
    const { l, clock } = limiter({ penaltyCooldownMs: 1000, minRequestsPerSecond: 2 });
    l.penalize(clock.t);
    l.penalize(clock.t + 10);
    l.penalize(clock.t + 999);
    expect(l.currentRate(clock.t + 999)).toBe(5);
    l.penalize(clock.t + 1000);
    expect(l.currentRate(clock.t + 1000)).toBe(2.5);
    l.penalize(clock.t + 2000);
    expect(l.currentRate(clock.t + 2000)).toBe(2);
  });

  it("non-adaptive mode ignores penalties", () => {
    const { l, clock } = limiter({ adaptive: false });
    l.penalize(clock.t);
    expect(l.currentRate(clock.t)).toBe(10);
  });

  it("pause() holds every token until the pause ends", () => {
    const { l, clock } = limiter();
    l.pause(3000, clock.t);
    expect(l.reserve(clock.t)).toBe(3000);
    expect(l.reserve(clock.t + 1000)).toBe(2000);
    expect(l.reserve(clock.t + 3000)).toBe(0);
  });

  it("acquire() waits for real and can be aborted (token returned)", async () => {
    const l = new RateLimiter({ requestsPerSecond: 1000, burst: 1 });
    await l.acquire();
    await l.acquire(); // ~1 ms wait
    const slow = new RateLimiter({ requestsPerSecond: 0.001, burst: 1 });
    await slow.acquire();
    const ac = new AbortController();
    const p = slow.acquire(ac.signal);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
  });

  it("validates its settings", () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0 })).toThrow(/requestsPerSecond/);
    expect(() => new RateLimiter({ burst: 0 })).toThrow(/burst/);
  });
});
