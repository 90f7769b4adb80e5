// One listing of the account's SIP registrations, as the batched reader keeps it in memory.
//
// Memory is bounded twice: each row keeps only the fields of the documented registration
// structure (whatever else the server adds is dropped), and the number of rows is capped — once
// the cap is reached the listing is "truncated" and ids that are not in it are read one by one.
// Rows are copied out on every lookup, so a caller that edits its result cannot alter what the
// next caller sees.

import type { SipRegistration } from "../api";

/**
 * The documented fields of a registration row (docs/design/voximplant-api.md, "SIP registration methods"); nothing
 * else is kept.
 */
const KEPT_FIELDS = [
  "sip_registration_id",
  "sip_username",
  "proxy",
  "last_updated",
  "auth_user",
  "outbound_proxy",
  "successful",
  "status_code",
  "error_message",
  "deactivated",
  "next_subscription_renewal",
  "purchase_date",
  "subscription_price",
  "is_persistent",
  "user_id",
  "user_name",
  "application_id",
  "application_name",
  "rule_id",
  "rule_name",
  "in_progress",
] as const satisfies readonly (keyof SipRegistration)[];

/** A copy of `row` with the documented fields only. */
export function compactRegistration(row: SipRegistration): SipRegistration {
  const out: Record<string, unknown> = {};
  const src = row as unknown as Record<string, unknown>;
  for (const k of KEPT_FIELDS) {
    if (src[k] !== undefined) out[k] = src[k];
  }
  return out as unknown as SipRegistration;
}

export type ListingStatus =
  /** Pages are still arriving. */
  | "listing"
  /** Every page arrived: an id that is not here was not in the account when the walk ran. */
  | "complete"
  /** Stopped at the row cap: an id that is not here may still exist. */
  | "truncated"
  /** The listing failed (or was abandoned): nothing more will arrive. */
  | "failed";

export class RegistrationCache {
  private readonly rows = new Map<number, SipRegistration>();
  status: ListingStatus = "listing";

  constructor(
    /** Most rows kept; the listing stops when this many have been stored. */
    readonly maxEntries: number,
  ) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
      throw new RangeError("maxEntries must be a positive integer");
  }

  get size(): number {
    return this.rows.size;
  }

  get isFull(): boolean {
    return this.rows.size >= this.maxEntries;
  }

  /** Stores a row (compacted); false when the cache is full and the row was not kept. */
  add(row: SipRegistration): boolean {
    if (this.rows.has(row.sip_registration_id)) {
      this.rows.set(row.sip_registration_id, compactRegistration(row));
      return true;
    }
    if (this.isFull) return false;
    this.rows.set(row.sip_registration_id, compactRegistration(row));
    return true;
  }

  /** A copy of the stored row, or undefined when this listing does not (yet) hold the id. */
  get(id: number): SipRegistration | undefined {
    const row = this.rows.get(id);
    return row === undefined ? undefined : { ...row };
  }

  has(id: number): boolean {
    return this.rows.has(id);
  }

  /** True when the listing will never answer for an id it does not hold. */
  get settled(): boolean {
    return this.status !== "listing";
  }
}
