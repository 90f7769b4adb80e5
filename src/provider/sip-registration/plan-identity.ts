// Which planned instance a PlanResourceChange call is about. The protocol never tells a provider
// a resource's address, and Terraform plans one instance twice when it replaces it: first with
// the prior state (the provider answers "requires replace"), then — for the create half — with a
// null prior state and, as prior private data, the private data the first answer planned. A
// tainted instance is planned the same way, except that its first call already has a null prior.
//
// So the first call of each instance writes a fresh token into its planned private data; a call
// with a null prior that finds a token is the second call of the same instance. That keeps the
// duplicate check (duplicates.ts) from counting one replaced instance twice, and tells the plan
// that a replacement is about to buy a new registration.
//
// The apply walk re-plans every changed instance with a null prior private state, so there the
// token is always fresh; create and update remove it before the private data reaches the state.

import { randomUUID } from "node:crypto";
import type { PrivateState, ValuesReader } from "../../plugin";
import { registrationIdOf } from "./state";

const TOKEN_KEY = "plan_instance";
const REPLACES_KEY = "plan_replaces";

interface Replaced {
  readonly id: number | null;
  readonly sip_username: string | null;
  readonly proxy: string | null;
}

export type PlanIdentity =
  | { readonly kind: "create"; readonly token: string }
  /** an instance with a registration; the plan may still turn into a replacement */
  | { readonly kind: "existing"; readonly token: string; readonly registrationId: number | null }
  /** the create half of replacing `replaced` */
  | { readonly kind: "replacement"; readonly token: string; readonly replaced: Replaced }
  /** the create half of replacing a tainted object (whose state the provider is not shown) */
  | { readonly kind: "tainted-replacement"; readonly token: string };

function replacedFrom(v: unknown): Replaced | null {
  if (v === null || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  const str = (x: unknown): string | null => (typeof x === "string" ? x : null);
  return { id: typeof o.id === "number" ? o.id : null, sip_username: str(o.sip_username), proxy: str(o.proxy) };
}

/** Identifies the call and records what the next call of the same instance needs in `priv`. */
export function planIdentity(prior: ValuesReader | null, priv: PrivateState): PlanIdentity {
  const inherited = priv.get(TOKEN_KEY);
  if (prior === null && typeof inherited === "string") {
    const replaced = replacedFrom(priv.get(REPLACES_KEY));
    priv.delete(REPLACES_KEY);
    return replaced !== null
      ? { kind: "replacement", token: inherited, replaced }
      : { kind: "tainted-replacement", token: inherited };
  }
  const token = randomUUID();
  priv.set(TOKEN_KEY, token);
  if (prior === null) {
    priv.delete(REPLACES_KEY);
    return { kind: "create", token };
  }
  const registrationId = registrationIdOf(prior);
  priv.set(REPLACES_KEY, {
    id: registrationId,
    sip_username: prior.knownString("sip_username"),
    proxy: prior.knownString("proxy"),
  });
  return { kind: "existing", token, registrationId };
}

/**
 * Removes the planning keys, so that they never reach the stored state; returns the token the
 * plan claimed its line with (null when the private data has none).
 */
export function forgetPlanIdentity(priv: PrivateState): string | null {
  const token = priv.get(TOKEN_KEY);
  priv.delete(TOKEN_KEY);
  priv.delete(REPLACES_KEY);
  return typeof token === "string" ? token : null;
}
