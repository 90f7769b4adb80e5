// The duplicate check: never two registrations of one line (line.ts), whatever asks for them.
//
// One DuplicateGuard lives in each configured provider process (ProviderMeta.duplicates).
// Terraform starts a provider process per walk (validate, plan, apply are separate processes) and
// per provider configuration, and calls it concurrently for all resource instances of the walk,
// so the guard sees exactly the instances of one plan or one apply against one account:
//
//   plan time   claimPlanned(): every planned (created, updated or unchanged) instance whose line
//               is known claims it; a second claim of the same line is refused before anything
//               is bought. The apply walk re-plans every changed instance, so a line that was
//               unknown at plan time is claimed there, still before the second create.
//   apply time  vacate(): a delete, or an update that moves a registration to another line, is
//               registered while it runs. checkBeforeCreate() lists the line and waits for such
//               registrations of this process to be gone instead of calling them duplicates
//               (Terraform runs a rename's delete and create in parallel).
//               settleAfterCreate() lists the line again after the create: another apply (another
//               process, maybe another machine) may have created the same line meanwhile. The
//               lowest id wins, deterministically: its creator keeps it, every other creator
//               deletes its own and fails, so exactly one registration remains.
//
// The checks of one process share listings (line-listing.ts): each is answered by a listing that
// started after it asked, filtered by sip_username or of the whole account (the API cannot filter
// by a normalised proxy); the comparison happens there. Why the window between the check before
// and the check after a create is closed: docs/design/duplicates.md.

import type { SipRegistration, VoximplantClient } from "../../api";
import { ProviderError } from "../../plugin";
import { importHint } from "../api-failure";
import { describeLine, lineKey, spellingNote, type RegistrationLine } from "./line";
import { LineListings } from "./line-listing";
import { RESOURCE_TYPE } from "./schema";
import { UserClaims } from "./user-binding";

/** How long a create that found its line taken waits for a delete of this process to start. */
const DELETE_START_GRACE_MS = 5000;

/** One planned instance's claim on a line. */
export interface PlannedClaim {
  readonly line: RegistrationLine;
  /** the registration the instance manages today (null: it creates one) */
  readonly registrationId: number | null;
}

interface Vacating {
  readonly line: RegistrationLine;
  readonly done: Promise<void>;
}

export class DuplicateGuard {
  /** One registration per user: the users the planned instances bind (user-binding.ts). */
  readonly users = new UserClaims();
  private readonly planned = new Map<string, PlannedClaim>();
  private readonly vacating = new Map<number, Vacating>();
  private readonly startWaiters = new Set<(id: number) => void>();
  /** The coalesced line listings of each client this process uses (one in practice). */
  private readonly listings = new WeakMap<object, LineListings>();

  /** Creates of this process between their check before and their check after (trackCreate). */
  private createsInFlight = 0;

  /** Runs one create (`op`) counted as in flight: see otherCreatesInFlight. */
  async trackCreate<T>(op: () => Promise<T>): Promise<T> {
    this.createsInFlight += 1;
    try {
      return await op();
    } finally {
      this.createsInFlight -= 1;
    }
  }

  /**
   * True while another create of this process runs besides the caller's: then the account
   * snapshot is worth sharing; a lone create lists its own line (one call either way).
   */
  otherCreatesInFlight(): boolean {
    return this.createsInFlight > 1;
  }

  /** The shared listings through `client` (line-listing.ts). */
  listingsOf(client: VoximplantClient): LineListings {
    let l = this.listings.get(client);
    if (l === undefined) {
      l = new LineListings(client);
      this.listings.set(client, l);
    }
    return l;
  }

  /**
   * Records that the planned instance identified by `token` ends up as `claim.line`; returns the
   * claim of ANOTHER instance of this walk on the same line, or null. A token is stable across
   * the two PlanResourceChange calls Terraform makes for one replaced instance (see plan-token.ts).
   */
  claimPlanned(token: string, claim: PlannedClaim): PlannedClaim | null {
    this.planned.set(token, claim);
    const key = lineKey(claim.line);
    for (const [otherToken, other] of this.planned) {
      if (otherToken === token || lineKey(other.line) !== key) continue;
      // the same registration seen through two tokens is one instance, not two
      if (other.registrationId !== null && other.registrationId === claim.registrationId) continue;
      return other;
    }
    return null;
  }

  /**
   * Ends a claim once its instance was applied: from then on the registration itself is what a
   * later create of the line finds (checkBeforeCreate).
   */
  releasePlanned(token: string | null): void {
    if (token !== null) this.planned.delete(token);
  }

  /**
   * Runs `op` (a delete, or an update leaving `line` or taking the registration's user away) with
   * registration `id` marked as vacating it.
   */
  async vacate<T>(id: number, line: RegistrationLine, op: () => Promise<T>): Promise<T> {
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const entry = { line, done };
    this.vacating.set(id, entry);
    for (const waiter of [...this.startWaiters]) waiter(id);
    try {
      return await op();
    } finally {
      if (this.vacating.get(id) === entry) this.vacating.delete(id);
      finish();
    }
  }

  isVacating(id: number): boolean {
    return this.vacating.has(id);
  }

  /** Resolves once none of `ids` is being vacated by this process any more. */
  async vacated(ids: readonly number[]): Promise<void> {
    for (;;) {
      const pending = ids.map((id) => this.vacating.get(id)?.done).filter((p): p is Promise<void> => p !== undefined);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /**
   * Lists with `list` until what it finds is not being vacated by this process: waits for such
   * writes to end, and up to `startGraceMs` in all for one of them to start. Returns the rows that
   * remain (none: nothing else holds what was listed for).
   */
  async afterOwnWrites<T extends { sip_registration_id: number }>(
    list: () => Promise<T[]>,
    startGraceMs: number,
    signal: AbortSignal,
  ): Promise<T[]> {
    const graceEnds = Date.now() + startGraceMs;
    for (;;) {
      const found = await list();
      if (found.length === 0) return found;
      const ids = found.map((r) => r.sip_registration_id);
      if (ids.some((id) => this.isVacating(id))) {
        await this.vacated(ids);
        continue;
      }
      const left = graceEnds - Date.now();
      if (left > 0 && (await this.vacatingStarts(ids, left, signal))) continue;
      return found;
    }
  }

  /** Resolves true as soon as one of `ids` starts being vacated, false after `ms` or on `signal`. */
  vacatingStarts(ids: readonly number[], ms: number, signal: AbortSignal): Promise<boolean> {
    if (ids.some((id) => this.vacating.has(id))) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.startWaiters.delete(onStart);
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      };
      const onStart = (id: number): void => {
        if (ids.includes(id)) finish(true);
      };
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      this.startWaiters.add(onStart);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

// ---- before a create ----------------------------------------------------------------------------

export interface CheckOptions {
  signal: AbortSignal;
  /** default DELETE_START_GRACE_MS */
  startGraceMs?: number;
  /**
   * Accept a recent snapshot of the account's lines (LineListings.freeInSnapshot) when it shows
   * the line free, instead of listing it now. Only for a create that is checked again after it
   * (settleAfterCreate).
   */
  snapshot?: boolean;
}

/**
 * Resolves when nothing occupies `line` (after waiting for this process's own deletes and line
 * changes of it); throws the "already exists" ProviderError otherwise. API failures propagate.
 */
export async function checkBeforeCreate(
  client: VoximplantClient,
  guard: DuplicateGuard,
  line: RegistrationLine,
  options: CheckOptions,
): Promise<void> {
  const listings = guard.listingsOf(client);
  // A line free in a recent snapshot needs no listing of its own: a registration created since
  // by another process is caught after the create (settleAfterCreate; docs/design/duplicates.md).
  const snapshot = options.snapshot === true && guard.otherCreatesInFlight();
  if (snapshot && (await listings.freeInSnapshot(line, options.signal))) return;
  // Terraform may not have sent the delete of a renamed instance yet: it runs in parallel.
  const found = await guard.afterOwnWrites(
    () => listings.list(line, options.signal),
    options.startGraceMs ?? DELETE_START_GRACE_MS,
    options.signal,
  );
  if (found.length > 0) throw alreadyExists(line, found);
}

function alreadyExists(line: RegistrationLine, found: readonly SipRegistration[]): ProviderError {
  const ids = found.map((r) => r.sip_registration_id);
  const first = found[0] as SipRegistration;
  return new ProviderError("SIP registration already exists", {
    detail:
      `A SIP registration of ${describeLine(line)} already exists (sip_registration_id ` +
      `${ids.join(", ")})${spellingNote(line, first)}. ` +
      `Creating another one would register the same line twice and be billed twice.\n\n` +
      `If this create replaces that registration with lifecycle { create_before_destroy = true }: that cannot work ` +
      `while ` +
      `sip_username and proxy stay the same, because the new registration would have to exist (and be paid for) ` +
      `next to the ` +
      `old one. Remove create_before_destroy from this resource, so that Terraform deletes the old registration ` +
      `before it ` +
      `creates the new one.\n\n` +
      `If it was created outside this configuration: ${importHint(RESOURCE_TYPE, ids)}`,
    path: "sip_username",
  });
}

// ---- after a create -----------------------------------------------------------------------------

export type AfterCreate =
  /** no other registration of the line, or ours has the lowest id (`others` then lost to it) */
  | { readonly kind: "kept"; readonly others: readonly number[] }
  /** a registration with a lower id appeared concurrently: ours must go */
  | { readonly kind: "lost"; readonly winner: SipRegistration }
  /** the check itself failed: the registration exists, but nobody could look */
  | { readonly kind: "unchecked"; readonly error: unknown };

/**
 * Looks for registrations of `line` other than `createdId` that appeared while it was created.
 * Call it once the create was answered: the listing starts after this call. Ids this process is
 * vacating are waited for first (they are not competitors). The listing does not use a stop
 * signal: after Ctrl-C it is still worth knowing. `ownRow` receives the created registration's
 * row when the listing has it: it is as fresh as a read by id made now, so the caller needs no
 * separate read-back.
 */
export async function settleAfterCreate(
  client: VoximplantClient,
  guard: DuplicateGuard,
  line: RegistrationLine,
  createdId: number,
  ownRow?: (row: SipRegistration) => void,
): Promise<AfterCreate> {
  const listings = guard.listingsOf(client);
  listings.noteCreated(line);
  let found: SipRegistration[];
  try {
    found = await listings.list(line);
    const busy = found.map((r) => r.sip_registration_id).filter((id) => id !== createdId && guard.isVacating(id));
    if (busy.length > 0) {
      await guard.vacated(busy);
      found = await listings.list(line);
    }
  } catch (e) {
    return { kind: "unchecked", error: e };
  }
  const own = found.find((r) => r.sip_registration_id === createdId);
  if (own !== undefined) ownRow?.(own);
  const others = found.filter((r) => r.sip_registration_id !== createdId);
  const winner = others[0];
  if (winner === undefined || winner.sip_registration_id > createdId) {
    return { kind: "kept", others: others.map((r) => r.sip_registration_id) };
  }
  return { kind: "lost", winner };
}

/** The error of the apply whose registration lost to a concurrent one (already deleted again). */
export function lostToConcurrent(line: RegistrationLine, createdId: number, winner: SipRegistration): ProviderError {
  return new ProviderError("SIP registration created concurrently by another apply", {
    detail:
      `While this apply created registration ${createdId} (${describeLine(line)}), registration ` +
      `${winner.sip_registration_id} ` +
      `of the same line appeared${spellingNote(line, winner)}: another terraform apply, or another tool, created ` +
      `it at the same time. ` +
      `Two registrations of one line are billed twice, so the older one (the lower id, ` +
      `${winner.sip_registration_id}) is kept and ` +
      `this apply deleted the one it had just created (${createdId}); nothing was recorded in the state.\n\n` +
      `To manage registration ${winner.sip_registration_id} with this resource: ` +
      `${importHint(RESOURCE_TYPE, [winner.sip_registration_id])}`,
    path: "sip_username",
  });
}

/** Warning of the apply that kept its registration while others of the same line appeared. */
export function keptOverConcurrent(
  line: RegistrationLine,
  createdId: number,
  others: readonly number[],
): { summary: string; detail: string } {
  return {
    summary: "Another registration of the same line appeared",
    detail:
      `While this apply created registration ${createdId} (${describeLine(line)}), registration ` +
      `${others.join(", ")} of the same ` +
      `line appeared. The registration with the lowest id is kept: ${createdId} stays in this state. A terraform ` +
      `apply with this ` +
      `provider that created ${others.length === 1 ? "the other one deletes it" : "one of the others deletes it"} ` +
      `by itself; ` +
      `delete any that another tool created.`,
  };
}

/** The plan-time error for a line claimed by two instances of one configuration. */
export function duplicateInConfiguration(line: RegistrationLine, other: PlannedClaim): ProviderError {
  const which =
    other.registrationId !== null
      ? `the resource that manages registration ${other.registrationId}`
      : "another resource that creates a new registration";
  return new ProviderError("Duplicate SIP registration in the configuration", {
    detail:
      `This resource plans a registration of ${describeLine(line)}, and so does ` +
      `${which}${spellingNote(line, other.line)}. ` +
      `Two registrations of one line would be billed twice. Keep one resource per (sip_username, proxy): remove ` +
      `one of the ` +
      `two, or give the copy its own sip_username or proxy.\n\n` +
      `Terraform plans resources in parallel and does not tell the provider their addresses: this ` +
      `error is reported on ` +
      `whichever of the two was planned second; look for the other voximplant_sip_registration with the same ` +
      `sip_username ` +
      `and proxy.`,
    path: "sip_username",
  });
}
