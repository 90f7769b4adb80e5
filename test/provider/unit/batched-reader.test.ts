// Batched reader against a scripted client: sharing one listing, serving reads as pages arrive,
// invalidation (also of a listing still in flight), the reuse window, absence handling, the row
// cap, listing failures, cancellation and bad inputs.
import { CancelledError } from "../../../src/api";
import { compactRegistration, RegistrationCache } from "../../../src/provider/registration-cache";
import {
  BatchedRegistrationReader,
  BATCHED_READER_DEFAULTS,
  createBatchedRegistrationReader,
} from "../../../src/provider/registration-reader-batched";
import { FakeClient, ManualClock, reg, settle, transportFailure } from "./batched-fake-client";

function rows(n: number): ReturnType<typeof reg>[] {
  return Array.from({ length: n }, (_, i) => reg(i + 1));
}

describe("batched registration reader", () => {
  it("serves many concurrent reads from one shared listing with the requested page size", async () => {
    const fake = new FakeClient(rows(45));
    const reader = createBatchedRegistrationReader(fake.api, { pageSize: 10 });
    const ids = Array.from({ length: 45 }, (_, i) => i + 1);
    const results = await Promise.all(ids.map((id) => reader.get(id)));
    expect(results.map((r) => r?.sip_registration_id)).toEqual(ids);
    expect(results[6]).toEqual(reg(7));
    expect(fake.listingsStarted).toBe(1);
    expect(fake.pageSize).toBe(10);
    expect(fake.pagesServed).toBe(5);
    expect(fake.directCalls).toEqual([]);
    expect(reader.stats()).toMatchObject({ listingsStarted: 1, servedFromListing: 45, directReads: 0, rowsListed: 45 });
    // later reads in the same walk reuse the finished listing
    expect(await reader.get(3)).toEqual(reg(3));
    expect(fake.listingsStarted).toBe(1);
  });

  it("asks for the largest page the API serves by default", async () => {
    const fake = new FakeClient(rows(3));
    await new BatchedRegistrationReader(fake.api).get(1);
    expect(fake.pageSize).toBe(BATCHED_READER_DEFAULTS.pageSize);
    expect(BATCHED_READER_DEFAULTS.pageSize).toBe(1000);
  });

  it("answers a read as soon as the page holding its id arrives", async () => {
    const fake = new FakeClient(rows(30));
    const openSecond = fake.holdPage(1);
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10 });
    let early: unknown;
    let late: unknown;
    void reader.get(5).then((r) => (early = r));
    void reader.get(15).then((r) => (late = r));
    await settle();
    expect(early).toEqual(reg(5));
    expect(late).toBeUndefined();
    openSecond();
    await settle();
    expect(late).toEqual(reg(15));
  });

  it("reads an id missing from the listing directly (created after the listing started)", async () => {
    const fake = new FakeClient(rows(5));
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10 });
    expect(await reader.get(1)).toEqual(reg(1));
    fake.rows.push(reg(6)); // created out of band after the listing
    expect(await reader.get(6)).toEqual(reg(6));
    expect(fake.directCalls).toEqual([6]);
    expect(fake.listingsStarted).toBe(1);
  });

  it("reports a registration gone only after a direct read confirms it", async () => {
    const fake = new FakeClient(rows(5));
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10 });
    expect(await reader.get(99)).toBeNull();
    expect(fake.directCalls).toEqual([99]);
  });

  it("invalidate() makes the next read see a write, and reads go direct during the quiet period", async () => {
    const clock = new ManualClock();
    const fake = new FakeClient(rows(5));
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10, now: clock.now, quietAfterWriteMs: 5_000 });
    expect((await reader.get(2))?.proxy).toBe("sip.example.org");

    fake.rows[1] = reg(2, { proxy: "new.example.org" }); // our own write …
    reader.invalidate(); // … followed by the provider's invalidate()
    expect((await reader.get(2))?.proxy).toBe("new.example.org");
    expect(fake.directCalls).toEqual([2]);
    expect(fake.listingsStarted).toBe(1);

    // once writes have stopped for the quiet period, reads batch again with a fresh listing
    clock.advance(5_000);
    expect((await reader.get(3))?.sip_registration_id).toBe(3);
    expect(fake.listingsStarted).toBe(2);
    expect((await reader.get(2))?.proxy).toBe("new.example.org");
  });

  it("invalidate() abandons a listing in flight: waiting reads go direct and see the write", async () => {
    const fake = new FakeClient(rows(30));
    fake.holdPage(0); // never opened: the listing stays in flight until abandoned
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10 });
    const pending = reader.get(4);
    await settle();
    fake.rows[3] = reg(4, { auth_user: "changed" });
    reader.invalidate();
    expect(await pending).toEqual(reg(4, { auth_user: "changed" }));
    expect(fake.directCalls).toEqual([4]);
    expect(reader.stats()).toMatchObject({ listingsFailed: 1, directReads: 1, servedFromListing: 0 });
  });

  it("ignores rows of an abandoned listing that arrive after invalidate()", async () => {
    const fake = new FakeClient(rows(30));
    const openSecond = fake.holdPage(1);
    const clock = new ManualClock();
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10, now: clock.now, quietAfterWriteMs: 0 });
    expect(await reader.get(1)).toEqual(reg(1)); // page 0 in, page 1 held
    fake.rows[14] = reg(15, { proxy: "after-write" });
    reader.invalidate();
    openSecond();
    await settle();
    // the next read starts a new listing, which shows the write
    expect((await reader.get(15))?.proxy).toBe("after-write");
    expect(fake.listingsStarted).toBe(2);
  });

  it("does not reuse a listing after a pause longer than its window: an out-of-band change shows next", async () => {
    const clock = new ManualClock();
    const fake = new FakeClient(rows(5));
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10, now: clock.now, reuseWindowMs: 1_000 });
    expect((await reader.get(3))?.sip_username).toBe("user3");
    fake.rows[2] = reg(3, { sip_username: "renamed-out-of-band" });

    clock.advance(1_000); // still inside the window: the same walk keeps its consistent snapshot
    expect((await reader.get(3))?.sip_username).toBe("user3");
    clock.advance(1_001); // a pause longer than the window since the last read: a new walk
    expect((await reader.get(3))?.sip_username).toBe("renamed-out-of-band");
    expect(fake.listingsStarted).toBe(2);
  });

  it("keeps serving one walk that reads without pause for longer than the window, up to maxAgeMs", async () => {
    const clock = new ManualClock();
    const fake = new FakeClient(rows(5));
    const reader = new BatchedRegistrationReader(fake.api, {
      pageSize: 10,
      now: clock.now,
      reuseWindowMs: 1_000,
      maxAgeMs: 10_000,
    });
    expect((await reader.get(1))?.sip_username).toBe("user1");
    fake.rows[0] = reg(1, { sip_username: "renamed-out-of-band" });
    // a long refresh: a read every 900 ms for 9.9 s, each inside the window of the previous one
    for (let i = 0; i < 11; i++) {
      clock.advance(900);
      expect((await reader.get(1))?.sip_username).toBe("user1");
    }
    expect(fake.listingsStarted).toBe(1);
    clock.advance(900); // 10.8 s after the listing started: too old, however busy the walk
    expect((await reader.get(1))?.sip_username).toBe("renamed-out-of-band");
    expect(fake.listingsStarted).toBe(2);
    expect(fake.directCalls).toEqual([]);
  });

  it("falls back to direct reads when the listing fails, and does not retry it within the window", async () => {
    const fake = new FakeClient(rows(25));
    fake.failPage = { index: 1, error: transportFailure() };
    const logs: string[] = [];
    const reader = new BatchedRegistrationReader(fake.api, {
      pageSize: 10,
      logger: (level, msg) => logs.push(`${level} ${msg}`),
    });
    const got = await Promise.all([reader.get(2), reader.get(12), reader.get(22)]);
    expect(got.map((r) => r?.sip_registration_id)).toEqual([2, 12, 22]);
    // 2 came from the first page; 12 and 22 were waiting when the listing failed
    expect(fake.directCalls.sort((a, b) => a - b)).toEqual([12, 22]);
    expect(await reader.get(23)).toEqual(reg(23));
    expect(fake.listingsStarted).toBe(1);
    expect(reader.stats().listingsFailed).toBe(1);
    expect(logs).toContain("warn registration listing failed; reading registrations one by one");
  });

  it("reports a direct read's error as the read's error", async () => {
    const fake = new FakeClient(rows(2));
    fake.directError = transportFailure();
    const reader = new BatchedRegistrationReader(fake.api);
    await expect(reader.get(7)).rejects.toThrow("connection refused");
  });

  it("stops listing at the row cap and reads ids beyond it directly", async () => {
    const fake = new FakeClient(rows(50));
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10, maxEntries: 15 });
    const got = await Promise.all([reader.get(1), reader.get(15), reader.get(16), reader.get(40)]);
    expect(got.map((r) => r?.sip_registration_id)).toEqual([1, 15, 16, 40]);
    expect(fake.pagesServed).toBe(2); // pages 3–5 were never fetched
    expect(fake.directCalls.sort((a, b) => a - b)).toEqual([16, 40]);
    expect(reader.stats().rowsListed).toBe(15);
  });

  it("rejects a cancelled read without disturbing other reads of the same listing", async () => {
    const fake = new FakeClient(rows(20));
    const open = fake.holdPage(0);
    const reader = new BatchedRegistrationReader(fake.api, { pageSize: 10 });
    const ctrl = new AbortController();
    const cancelled = reader.get(3, ctrl.signal);
    const other = reader.get(4);
    ctrl.abort();
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    open();
    expect(await other).toEqual(reg(4));
    const already = new AbortController();
    already.abort();
    await expect(reader.get(4, already.signal)).rejects.toBeInstanceOf(CancelledError);
  });

  it("returns copies: editing a result does not change what later reads see", async () => {
    const fake = new FakeClient(rows(3));
    const reader = new BatchedRegistrationReader(fake.api);
    const first = await reader.get(2);
    if (!first) throw new Error("expected a row");
    first.proxy = "edited";
    expect((await reader.get(2))?.proxy).toBe("sip.example.org");
  });

  it("keeps only documented fields of listed rows", async () => {
    const withExtra = { ...reg(1), undocumented_blob: "x".repeat(1000) } as ReturnType<typeof reg>;
    const fake = new FakeClient([withExtra]);
    const reader = new BatchedRegistrationReader(fake.api);
    const got = (await reader.get(1)) as unknown as Record<string, unknown>;
    expect(got).toEqual(reg(1));
    expect(got.undocumented_blob).toBeUndefined();
  });

  it.each([0, -3, 1.5, Number.NaN])("rejects the id %p with an error naming sip_registration_id", async (id) => {
    const reader = new BatchedRegistrationReader(new FakeClient([]).api);
    await expect(reader.get(id)).rejects.toThrow(/sip_registration_id must be a positive integer/);
  });

  it.each([
    [{ pageSize: 0 }, "pageSize"],
    [{ maxEntries: 1.5 }, "maxEntries"],
    [{ reuseWindowMs: -1 }, "reuseWindowMs"],
    [{ maxAgeMs: 0.5 }, "maxAgeMs"],
    [{ quietAfterWriteMs: Number.POSITIVE_INFINITY }, "quietAfterWriteMs"],
  ])("rejects the option %p naming %s", (options, field) => {
    expect(() => new BatchedRegistrationReader(new FakeClient([]).api, options)).toThrow(
      new RegExp(`^${field} must be`),
    );
  });
});

describe("registration cache", () => {
  it("compacts rows and refuses new ids beyond its cap while updating known ones", () => {
    const cache = new RegistrationCache(2);
    expect(cache.add(reg(1))).toBe(true);
    expect(cache.add(reg(2))).toBe(true);
    expect(cache.isFull).toBe(true);
    expect(cache.add(reg(3))).toBe(false);
    expect(cache.has(3)).toBe(false);
    expect(cache.add(reg(2, { proxy: "p2" }))).toBe(true);
    expect(cache.get(2)?.proxy).toBe("p2");
    expect(cache.size).toBe(2);
    expect(compactRegistration({ ...reg(9), extra: 1 } as ReturnType<typeof reg>)).toEqual(reg(9));
    expect(() => new RegistrationCache(0)).toThrow(/maxEntries/);
  });
});
