// Shared listings for the duplicate checks of one walk (duplicates.ts).
//
// Every create lists its line twice: before the create (is the line free?) and after it (did
// another process create the same line meanwhile?). Terraform runs up to `-parallelism` creates at
// once, so one listing per check would cost two or three GetSipRegistrations calls per create.
// Instead the checks of a process are coalesced:
//
//  * Freshness. A check is answered only by a listing that STARTED AFTER the check asked for it.
//    Checks that arrive while a listing is in flight wait for the next one, which starts as soon
//    as the current one ends and serves all of them. So every answer is as fresh as a listing of
//    its own would have been: a settle check (asked once the create was answered) sees every
//    registration that existed when its create was answered.
//  * One listing, several lines. A batch asking about one or two sip_usernames is answered by
//    listings filtered by them. A batch asking about more is answered by ONE listing of the whole account
//    when the account is small enough that this is cheaper than one filtered listing per
//    sip_username (ROWS_PER_LINE rows per line asked about); otherwise, or when the account
//    listing fails or turns out larger than that, by filtered listings (in parallel).
//  * Errors stay local. A filtered listing's failure rejects only the checks of its
//    sip_username; the callers decide what a failed check means, as before.
//  * Stopping. The listing itself never uses a caller's stop signal (a settle check must still
//    be answered after Ctrl-C); a caller that stops stops waiting for it.
//
// Checks arrive faster than listings can gather them (a create takes milliseconds), so most
// batches hold one check. The check BEFORE a create that runs besides other creates of this
// process (an apply walk creating many) therefore first asks a recent snapshot of the
// account (freeInSnapshot): the lines of every registration listed at most SNAPSHOT_REUSE_MS ago,
// plus the lines this process created since. A line free there needs no call of its own; a line
// taken there is confirmed by a fresh listing (the registration may be one this process is
// deleting). A registration another process created after the snapshot is caught by the check
// after the create, which is always fresh (docs/design/duplicates.md).
//
// How the window between the checks is closed (never two registrations of a line, even with
// another process creating it at the same time) is described in docs/design/duplicates.md.

import { CancelledError, type SipRegistration, type VoximplantClient } from "../../api";
import { untilAborted } from "../until-aborted";
import { lineKey, sameLine, type RegistrationLine } from "./line";

const METHOD = "GetSipRegistrations";

/** An account listing may hold this many rows per line it answers for before filtered listings are cheaper. */
const ROWS_PER_LINE = 200;

/** A snapshot answers checks before a create for this long after it started. */
const SNAPSHOT_REUSE_MS = 5000;

/** Accounts with more registrations than this get no snapshot (checks list their line instead). */
const SNAPSHOT_MAX_ROWS = 10_000;

/** The client call the listings need (a VoximplantClient has it; tests may pass a stand-in). */
export type LineListingClient = Pick<VoximplantClient, "listSipRegistrations">;

interface Waiter {
  readonly line: RegistrationLine;
  resolve(rows: SipRegistration[]): void;
  reject(e: unknown): void;
}

export interface LineListingStats {
  /** Account-wide listings that answered a batch. */
  accountListings: number;
  /** Listings filtered by one sip_username. */
  filteredListings: number;
  /** Checks answered by list(). */
  checks: number;
  /** Account snapshots started for freeInSnapshot(). */
  snapshots: number;
}

export class LineListings {
  private queue: Waiter[] = [];
  private running = false;
  private scheduled = false;
  /** Rows the last account listing saw plus the creates since; undefined until one ran. */
  private accountRows: number | undefined;
  /** The account's lines (lineKey) as listed from `startedAt` on; null when they could not be listed. */
  private snapshot: { readonly startedAt: number; readonly keys: Promise<Set<string> | null> } | undefined;
  /** Lines of the registrations this process created (from the moment each create was answered). */
  private readonly created = new Set<string>();
  readonly stats: LineListingStats = { accountListings: 0, filteredListings: 0, checks: 0, snapshots: 0 };

  constructor(private readonly client: LineListingClient) {}

  /**
   * Every registration of the account on `line` (normalised comparison), oldest (lowest id)
   * first, from a listing that starts after this call. `signal` stops the waiting, not the listing.
   */
  list(line: RegistrationLine, signal?: AbortSignal): Promise<SipRegistration[]> {
    if (signal?.aborted) return Promise.reject(new CancelledError(METHOD, false));
    return new Promise<SipRegistration[]>((resolve, reject) => {
      const waiter: Waiter = { line, resolve, reject };
      if (signal !== undefined) {
        const onAbort = (): void => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          reject(new CancelledError(METHOD, false));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        const done = (): void => signal.removeEventListener("abort", onAbort);
        waiter.resolve = (rows) => {
          done();
          resolve(rows);
        };
        waiter.reject = (e) => {
          done();
          reject(e);
        };
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /**
   * True when `line` is free in a snapshot of the account that started at most SNAPSHOT_REUSE_MS
   * ago and this process has not created a registration of it since; false when it may be taken
   * (confirm with list()) or no snapshot could be made.
   */
  async freeInSnapshot(line: RegistrationLine, signal: AbortSignal): Promise<boolean> {
    const now = Date.now();
    if (this.snapshot === undefined || now - this.snapshot.startedAt > SNAPSHOT_REUSE_MS) {
      this.snapshot = { startedAt: now, keys: this.listLines() };
    }
    const keys = await untilAborted(this.snapshot.keys, signal, METHOD);
    if (keys === null) return false;
    const key = lineKey(line);
    return !keys.has(key) && !this.created.has(key);
  }

  /** A registration of `line` was created by this process (its create was answered). */
  noteCreated(line: RegistrationLine): void {
    this.created.add(lineKey(line));
    if (this.accountRows !== undefined) this.accountRows += 1;
  }

  private async listLines(): Promise<Set<string> | null> {
    this.stats.snapshots += 1;
    const keys = new Set<string>();
    let rows = 0;
    try {
      for await (const r of this.client.listSipRegistrations({})) {
        if (++rows > SNAPSHOT_MAX_ROWS) return null;
        keys.add(lineKey(r));
      }
    } catch {
      return null;
    }
    this.accountRows = rows;
    return keys;
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: the checks of every request that arrived in this turn of
    // the event loop join the same listing.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.running = true;
    try {
      await this.answer(batch);
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  private async answer(batch: readonly Waiter[]): Promise<void> {
    this.stats.checks += batch.length;
    const byUsername = new Map<string, Waiter[]>();
    for (const w of batch) {
      const list = byUsername.get(w.line.sip_username);
      if (list === undefined) byUsername.set(w.line.sip_username, [w]);
      else list.push(w);
    }
    const budget = byUsername.size * ROWS_PER_LINE;
    // A filtered listing usually costs one call; an account listing two (its last page is empty).
    if (byUsername.size > 2 && (this.accountRows ?? 0) <= budget) {
      const rows = await this.listAccount(byUsername, budget);
      if (rows !== null) {
        for (const [username, waiters] of byUsername) settle(waiters, rows.get(username) ?? []);
        return;
      }
    }
    await Promise.all(
      [...byUsername].map(async ([username, waiters]) => {
        this.stats.filteredListings += 1;
        try {
          const rows: SipRegistration[] = [];
          for await (const r of this.client.listSipRegistrations({ sip_username: username })) rows.push(r);
          settle(waiters, rows);
        } catch (e) {
          for (const w of waiters) w.reject(e);
        }
      }),
    );
  }

  /**
   * One listing of the whole account, keeping the rows of the asked usernames; null when it
   * failed or passed `budget` rows (the batch is then answered by filtered listings).
   */
  private async listAccount(
    byUsername: ReadonlyMap<string, unknown>,
    budget: number,
  ): Promise<Map<string, SipRegistration[]> | null> {
    const kept = new Map<string, SipRegistration[]>();
    let seen = 0;
    try {
      for await (const r of this.client.listSipRegistrations({})) {
        seen += 1;
        if (seen > budget) {
          this.accountRows = seen;
          return null;
        }
        if (!byUsername.has(r.sip_username)) continue;
        const list = kept.get(r.sip_username);
        if (list === undefined) kept.set(r.sip_username, [r]);
        else list.push(r);
      }
    } catch {
      return null;
    }
    this.accountRows = seen;
    this.stats.accountListings += 1;
    return kept;
  }
}

/** Answers each waiter with the rows of its line, oldest first. */
function settle(waiters: readonly Waiter[], rows: readonly SipRegistration[]): void {
  for (const w of waiters) {
    const same = rows.filter((r) => sameLine(r, w.line));
    w.resolve(same.sort((a, b) => a.sip_registration_id - b.sip_registration_id));
  }
}
