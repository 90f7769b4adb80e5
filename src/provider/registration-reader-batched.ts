// Batched reads of SIP registrations: the "batched" read_mode of the provider.
//
// Terraform refreshes resources one ReadResource call at a time (up to `-parallelism`, default 10,
// at once) and never tells a provider that a thousand reads are coming. Reading each registration
// by id costs one API call per resource per plan; instead, the first read of a walk starts ONE
// paged listing of the account (largest page the API allows) and every read in the walk is served
// from it. Rules that keep this correct:
//
//  * Freshness. A listing serves the reads of one walk: a read may use it when it starts within
//    `reuseWindowMs` of the listing's start or of the previous read the listing served (a walk
//    reads continuously; a pause that long ends it), and never later than `maxAgeMs` after the
//    listing started. Measuring the window from the start alone made a refresh of a few thousand
//    registrations on a busy machine start a second listing half way. Terraform starts a new
//    provider process per command and the provider creates a new reader per ConfigureProvider,
//    so in practice one listing serves one refresh walk. Data older than the walk that asked for
//    it is never shown as current state.
//  * Writes. `invalidate()` (called after every write: invalidatingOnWrites) drops the
//    listing, including one still in flight, and reads go straight to the API for
//    `quietAfterWriteMs` afterwards: a walk that writes (apply) reads back what it just wrote, and
//    one direct call is the right price for that.
//  * Absence is not proof. An id missing from the listing may have been created after the listing
//    started, or lie beyond the row cap: it is read directly by id before the reader says "gone".
//  * Errors. If the listing fails, waiting reads (and later reads in the same window) fall back to
//    direct reads; the listing's error is never reported as the read's error.
//  * Concurrency. Concurrent reads share the listing in flight, and a read returns as soon as the
//    page holding its id has arrived, not when the whole listing is done.
//  * Memory. Rows keep only documented fields and the listing stops at `maxEntries` rows
//    (see registration-cache.ts); ids past the cap are read one by one.

import { CancelledError, type Logger, type SipRegistration, type VoximplantClient } from "../api";
import { RegistrationCache } from "./registration-cache";
import { untilAborted } from "./until-aborted";

const METHOD = "GetSipRegistrations";

/** The client calls the reader needs (a VoximplantClient has them; tests may pass a stand-in). */
export type RegistrationListingClient = Pick<VoximplantClient, "getSipRegistrations" | "listSipRegistrations">;

/** Reads one registration by id; null when the API does not know the id. */
export type DirectRegistrationRead = (id: number, signal?: AbortSignal) => Promise<SipRegistration | null>;

export interface BatchedRegistrationReaderOptions {
  /**
   * Rows per GetSipRegistrations page. Default 1000, the largest page the API is known to serve; a server that
   * serves fewer is handled by the client's paging.
   */
  pageSize?: number;
  /** Most rows held in memory per listing. Default 10,000 (a few MB). */
  maxEntries?: number;
  /**
   * A listing serves reads that start at most this long after it started or after the previous
   * read it served. Default 30 s.
   */
  reuseWindowMs?: number;
  /** A listing never serves a read that starts later than this after it started. Default 10 min. */
  maxAgeMs?: number;
  /** After a write, reads go directly to the API for this long. Default 10 s. */
  quietAfterWriteMs?: number;
  /** Direct read by id, e.g. the per_resource reader's; default: GetSipRegistrations filtered by id. */
  directRead?: DirectRegistrationRead;
  /** Clock in ms (tests inject one). */
  now?: () => number;
  logger?: Logger;
}

export interface BatchedRegistrationReaderStats {
  /** Listings started (each costs ceil(rows / pageSize) calls, at least one). */
  listingsStarted: number;
  /** Listings that failed or were abandoned by invalidate(). */
  listingsFailed: number;
  /** Rows received from all listings. */
  rowsListed: number;
  /** Reads answered from a listing. */
  servedFromListing: number;
  /** Reads answered by a direct call (write quiet period, missing id, failed listing). */
  directReads: number;
}

export const BATCHED_READER_DEFAULTS = Object.freeze({
  pageSize: 1000,
  maxEntries: 10_000,
  reuseWindowMs: 30_000,
  maxAgeMs: 600_000,
  quietAfterWriteMs: 10_000,
});

/** Reads a registration by id with one filtered GetSipRegistrations call. */
export function directReadWith(client: Pick<VoximplantClient, "getSipRegistrations">): DirectRegistrationRead {
  return async (id, signal) => {
    const page = await client.getSipRegistrations({ sip_registration_id: id }, signal ? { signal } : {});
    // The filter is exact on the emulator; checking again costs nothing if a server were lenient.
    const row = page.result.find((r) => r.sip_registration_id === id);
    return row === undefined ? null : { ...row };
  };
}

/** One listing in progress or done, and the reads waiting for ids it has not delivered yet. */
class Listing {
  readonly cache: RegistrationCache;
  private readonly controller = new AbortController();
  /** When the listing started or last handed itself to a read (the reuse window runs from here). */
  lastUsedAt: number;
  /** Settles when the listing has ended, however it ended. */
  done: Promise<void> = Promise.resolve();
  private waiters = new Map<number, Array<(row: SipRegistration | undefined) => void>>();

  constructor(
    readonly startedAt: number,
    maxEntries: number,
  ) {
    this.cache = new RegistrationCache(maxEntries);
    this.lastUsedAt = startedAt;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Answered without waiting: the row, undefined when this listing cannot vouch for the id (read
   * it directly), or "pending" while the page that may hold it has not arrived.
   */
  peek(id: number): SipRegistration | undefined | "pending" {
    const row = this.cache.get(id);
    return row !== undefined || this.cache.settled ? row : "pending";
  }

  /** The row, or undefined when this listing cannot vouch for the id (read it directly). */
  lookup(id: number): Promise<SipRegistration | undefined> {
    const row = this.cache.get(id);
    if (row !== undefined || this.cache.settled) return Promise.resolve(row);
    return new Promise((resolve) => {
      const list = this.waiters.get(id);
      if (list) list.push(resolve);
      else this.waiters.set(id, [resolve]);
    });
  }

  /** Takes a row from the API; false when the listing should stop (cap reached or abandoned). */
  accept(row: SipRegistration): boolean {
    if (this.cache.status !== "listing") return false;
    const kept = this.cache.add(row);
    const waiting = this.waiters.get(row.sip_registration_id);
    if (waiting) {
      this.waiters.delete(row.sip_registration_id);
      for (const resolve of waiting) resolve(this.cache.get(row.sip_registration_id) ?? { ...row });
    }
    return kept && !this.cache.isFull;
  }

  /** Ends the listing; reads still waiting get undefined and go direct. */
  finish(status: "complete" | "truncated" | "failed"): void {
    if (this.cache.status !== "listing") return;
    this.cache.status = status;
    const waiting = this.waiters;
    this.waiters = new Map();
    for (const list of waiting.values()) for (const resolve of list) resolve(undefined);
  }

  /** Stops the listing early (a write happened): no further row is accepted. */
  abandon(): void {
    this.finish("failed");
    this.controller.abort();
  }
}

export class BatchedRegistrationReader {
  private readonly client: RegistrationListingClient;
  private readonly pageSize: number;
  private readonly maxEntries: number;
  private readonly reuseWindowMs: number;
  private readonly maxAgeMs: number;
  private readonly quietAfterWriteMs: number;
  private readonly directRead: DirectRegistrationRead;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  private current: Listing | undefined;
  private lastWriteAt: number | undefined;
  private readonly counters: BatchedRegistrationReaderStats = {
    listingsStarted: 0,
    listingsFailed: 0,
    rowsListed: 0,
    servedFromListing: 0,
    directReads: 0,
  };

  constructor(client: RegistrationListingClient, options: BatchedRegistrationReaderOptions = {}) {
    this.client = client;
    this.pageSize = options.pageSize ?? BATCHED_READER_DEFAULTS.pageSize;
    this.maxEntries = options.maxEntries ?? BATCHED_READER_DEFAULTS.maxEntries;
    this.reuseWindowMs = options.reuseWindowMs ?? BATCHED_READER_DEFAULTS.reuseWindowMs;
    this.maxAgeMs = options.maxAgeMs ?? BATCHED_READER_DEFAULTS.maxAgeMs;
    this.quietAfterWriteMs = options.quietAfterWriteMs ?? BATCHED_READER_DEFAULTS.quietAfterWriteMs;
    for (const [name, v, min] of [
      ["pageSize", this.pageSize, 1],
      ["maxEntries", this.maxEntries, 1],
      ["reuseWindowMs", this.reuseWindowMs, 0],
      ["maxAgeMs", this.maxAgeMs, 0],
      ["quietAfterWriteMs", this.quietAfterWriteMs, 0],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < min)
        throw new RangeError(`${name} must be an integer of at least ${min}, got ${String(v)}`);
    }
    this.directRead = options.directRead ?? directReadWith(client);
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
  }

  /**
   * The registration with this id as of this refresh, or null when the API does not know it.
   * Rejects with the direct read's error, or CancelledError when `signal` aborts.
   */
  async get(id: number, signal?: AbortSignal): Promise<SipRegistration | null> {
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new RangeError(`sip_registration_id must be a positive integer, got ${String(id)}`);
    if (signal?.aborted) throw new CancelledError(METHOD, false);
    const listing = this.listingForRead();
    if (listing) {
      // Most reads of a refresh find their row already listed: no promise or abort listener then.
      const known = listing.peek(id);
      const row = known === "pending" ? await untilAborted(listing.lookup(id), signal, METHOD) : known;
      if (row !== undefined) {
        this.counters.servedFromListing++;
        return row;
      }
    }
    this.counters.directReads++;
    return this.directRead(id, signal);
  }

  /** A write happened (or is about to): forget every listing, in flight or done. */
  invalidate(): void {
    this.lastWriteAt = this.now();
    const listing = this.current;
    this.current = undefined;
    if (listing && listing.cache.status === "listing") {
      this.counters.listingsFailed++;
      listing.abandon();
    }
  }

  /** Resolves once the current listing, if any, has ended (for tests and benchmarks). */
  async listingSettled(): Promise<void> {
    await this.current?.done;
  }

  stats(): BatchedRegistrationReaderStats {
    return { ...this.counters };
  }

  /** The listing this read may use — reusing, or starting one — or undefined to read directly. */
  private listingForRead(): Listing | undefined {
    const now = this.now();
    if (this.lastWriteAt !== undefined && now - this.lastWriteAt < this.quietAfterWriteMs) return undefined;
    const cur = this.current;
    if (cur && now - cur.lastUsedAt <= this.reuseWindowMs && now - cur.startedAt <= this.maxAgeMs) {
      // A failed listing is not retried within its window: a persistent failure would otherwise
      // cost a failed listing per read on top of the direct read.
      if (cur.cache.status === "failed") return undefined;
      cur.lastUsedAt = now;
      return cur;
    }
    const fresh = new Listing(now, this.maxEntries);
    this.current = fresh;
    this.counters.listingsStarted++;
    fresh.done = this.run(fresh);
    return fresh;
  }

  private async run(listing: Listing): Promise<void> {
    this.log("debug", "registration listing started", { pageSize: this.pageSize, maxEntries: this.maxEntries });
    let rows = 0;
    try {
      for await (const row of this.client.listSipRegistrations(
        {},
        { pageSize: this.pageSize, signal: listing.signal },
      )) {
        rows++;
        this.counters.rowsListed++;
        if (!listing.accept(row)) break;
      }
      listing.finish(listing.cache.isFull ? "truncated" : "complete");
      this.log("debug", "registration listing finished", {
        status: listing.cache.status,
        rows,
        kept: listing.cache.size,
        durationMs: this.now() - listing.startedAt,
      });
    } catch (e) {
      const abandoned = listing.cache.status !== "listing";
      listing.finish("failed");
      if (!abandoned) {
        this.counters.listingsFailed++;
        this.log("warn", "registration listing failed; reading registrations one by one", {
          error: e instanceof Error ? e.message : String(e),
          rows,
        });
      }
    }
  }

  private log(level: "debug" | "warn", message: string, fields: Record<string, unknown>): void {
    if (!this.logger) return;
    try {
      this.logger(level, message, fields);
    } catch {
      // Logging must never fail a read.
    }
  }
}

/** The batched reader for a client; the provider selects it for read_mode = "batched". */
export function createBatchedRegistrationReader(
  client: RegistrationListingClient,
  options: BatchedRegistrationReaderOptions = {},
): BatchedRegistrationReader {
  return new BatchedRegistrationReader(client, options);
}
