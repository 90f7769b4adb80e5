// One SIP registration per user. The API binds a user to one registration only: binding it to a
// second one silently unbinds it from the first, so two registrations of one configuration bound
// to the same user would take the user from each other on every apply (a perpetual diff).
//
// Like the line check (duplicates.ts), every planned instance that binds a user claims it in the
// DuplicateGuard of its provider process (one plan or one apply walk); a second instance claiming
// the same user is refused:
//   - at plan time when the user is known then (user_id, or user_name);
//   - otherwise in the apply walk: Terraform plans every changed instance again once the values
//     it depends on are known (a voximplant_user created in the same apply), so the second
//     instance fails there, before it is created or bound; the next plan refuses it outright.
// Unlike a line, a claim is kept for the whole walk: a registration that was applied still holds
// its user.
//
// The claims see only the instances this process plans. A registration of the same configuration
// that stays unchanged (Terraform does not plan it again in the apply walk), and registrations of
// other configurations or made by hand, are found at apply time instead: checkUserFree() lists the
// registrations bound to the user (GetSipRegistrations filtered by user_id) right before a create
// or an update binds it, and fails naming the attribute before anything is bought or bound. It
// waits first for registrations that this apply is deleting or taking the user from (a user moved
// from one registration to another in one apply), as the line check does for a rename.

import type { SipRegistration, VoximplantClient } from "../../api";
import { ProviderError } from "../../plugin";

/** How long a bind that found its user taken waits for this process to start giving it up. */
const RELEASE_START_GRACE_MS = 5000;

/** One planned instance's claim on a user. */
export interface UserClaim {
  /** "id:<user_id>" or "name:<user_name in lower case>" */
  readonly key: string;
  /** what the configuration says, for the error: `user_id = 7` or `user_name = "reception"` */
  readonly shown: string;
  /** the registration the instance manages today (null: it creates one) */
  readonly registrationId: number | null;
}

export class UserClaims {
  private readonly planned = new Map<string, UserClaim>();

  /**
   * Records that the instance identified by `token` binds `claim.key` (or nothing, with null);
   * returns the claim of ANOTHER instance of this walk on the same user, or null.
   */
  claim(token: string, claim: UserClaim | null): UserClaim | null {
    if (claim === null) {
      this.planned.delete(token);
      return null;
    }
    this.planned.set(token, claim);
    for (const [otherToken, other] of this.planned) {
      if (otherToken === token || other.key !== claim.key) continue;
      // the same registration seen through two tokens (a replaced instance) is one instance
      if (other.registrationId !== null && other.registrationId === claim.registrationId) continue;
      return other;
    }
    return null;
  }
}

/** The key and description of the user a plan binds, or null when it binds none or is not known yet. */
export function plannedUser(
  userId: number | null,
  userName: string | null,
  registrationId: number | null,
): UserClaim | null {
  if (userId !== null) return { key: `id:${userId}`, shown: `user_id = ${userId}`, registrationId };
  if (userName !== null)
    return { key: `name:${userName.toLowerCase()}`, shown: `user_name = ${JSON.stringify(userName)}`, registrationId };
  return null;
}

/** The error for a user bound by two registrations of one configuration (plan or apply walk). */
export function userBoundTwice(claim: UserClaim, other: UserClaim): ProviderError {
  const which =
    other.registrationId !== null
      ? `the resource that manages registration ${other.registrationId}`
      : "another voximplant_sip_registration that creates a new registration";
  return new ProviderError("User bound to two SIP registrations", {
    detail:
      `This registration binds ${claim.shown}, and so does ${which}. A Voximplant user takes one SIP ` +
      `registration only: binding it to a second one silently unbinds it from the first, so every apply would ` +
      `take the user from the other registration again.\n\n` +
      `Bind the user to one registration; give the other one its own user (user_id), a rule (rule_id), or no ` +
      `user. Terraform does not tell the provider resource addresses: this error is reported on whichever of ` +
      `the two was planned second; look for the other voximplant_sip_registration with the same user.`,
    path: claim.key.startsWith("id:") ? "user_id" : "user_name",
  });
}

/**
 * The writes of this apply walk in flight (DuplicateGuard.afterOwnWrites): deletes, and updates
 * that move a registration to another line or take its user away.
 */
export interface RegistrationsInFlight {
  afterOwnWrites<T extends { sip_registration_id: number }>(
    list: () => Promise<T[]>,
    startGraceMs: number,
    signal: AbortSignal,
  ): Promise<T[]>;
}

export interface UserCheck {
  readonly userId: number;
  /** the registration being updated (null: a create) */
  readonly registrationId: number | null;
  /** the attribute the configuration binds the user with */
  readonly attribute: "user_id" | "user_name";
  readonly signal: AbortSignal;
  /** default RELEASE_START_GRACE_MS */
  readonly startGraceMs?: number;
}

/**
 * Resolves when no registration other than `check.registrationId` is bound to the user (after
 * waiting for this walk's own deletes and unbindings of it); throws the "already bound"
 * ProviderError otherwise. One GetSipRegistrations call filtered by user_id (a page or more only
 * if the API ever held several). API failures propagate.
 */
export async function checkUserFree(
  client: VoximplantClient,
  inFlight: RegistrationsInFlight,
  check: UserCheck,
): Promise<void> {
  const listHolders = async (): Promise<SipRegistration[]> => {
    const rows = await client.listAllSipRegistrations({ user_id: [check.userId] }, { signal: check.signal });
    return rows.filter((r) => r.user_id === check.userId && r.sip_registration_id !== check.registrationId);
  };
  // Terraform may not have started the update that takes the user from the other one yet.
  const holders = await inFlight.afterOwnWrites(
    listHolders,
    check.startGraceMs ?? RELEASE_START_GRACE_MS,
    check.signal,
  );
  if (holders.length > 0) throw userAlreadyBound(check, holders);
}

function userAlreadyBound(check: UserCheck, holders: readonly SipRegistration[]): ProviderError {
  const ids = holders.map((r) => r.sip_registration_id);
  const held = holders.map((r) => `registration ${r.sip_registration_id} (${r.sip_username}@${r.proxy})`).join(", ");
  return new ProviderError("User already bound to another SIP registration", {
    detail:
      `This registration binds user_id ${check.userId}, which ${held} is already bound to. A Voximplant user ` +
      `takes one SIP registration only: binding it here would silently unbind it from ` +
      `${ids.length === 1 ? "that registration" : "those registrations"}, so nothing was bound or bought.\n\n` +
      `Unbind the user there first (in the configuration that manages ` +
      `${ids.length === 1 ? "it" : "them"}, or by hand), or give this registration another user.`,
    path: check.attribute,
  });
}
