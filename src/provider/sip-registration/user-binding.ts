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
// its user, and the API offers no cheap way to list the registration a user is bound to.

import { ProviderError } from "../../plugin";

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
