// Plan-time checks that need the other instances of the plan or the prior state (modifyPlan):
//   - the same line planned twice in one configuration: refused (duplicates.ts);
//   - one user bound by two registrations of one configuration: refused (user-binding.ts);
//   - a replacement buys a new registration: said so, and why create_before_destroy cannot work
//     when the line stays the same;
//   - wait_for_registration on a registration that is not registered: an in-place re-check is
//     planned, so a refused registration is fixed by an update, never forgotten, never re-bought.

import type { ModifyPlanContext } from "../../plugin";
import { UNKNOWN } from "../../plugin/cty/value";
import type { ProviderMeta } from "../meta";
import { duplicateInConfiguration } from "./duplicates";
import { describeLine, sameLine, type RegistrationLine } from "./line";
import { planIdentity, type PlanIdentity } from "./plan-identity";
import { registrationIdOf } from "./state";
import { plannedUser, userBoundTwice } from "./user-binding";

/** Registrar status attributes that a re-check may change. */
const STATUS_ATTRIBUTES = ["successful", "status_code", "error_message", "last_updated"] as const;

/** The planned line, when both parts are known. */
function plannedLine(plan: ModifyPlanContext<ProviderMeta>["plan"]): RegistrationLine | null {
  const sipUsername = plan.knownString("sip_username");
  const proxy = plan.knownString("proxy");
  return sipUsername !== null && proxy !== null ? { sip_username: sipUsername, proxy } : null;
}

export function checkPlannedRegistration(ctx: ModifyPlanContext<ProviderMeta>): void {
  const identity = planIdentity(ctx.prior, ctx.private);
  const line = plannedLine(ctx.plan);
  const registrationId = identity.kind === "existing" ? identity.registrationId : null;
  if (line !== null) {
    const other = ctx.meta.duplicates.claimPlanned(identity.token, { line, registrationId });
    if (other !== null) {
      const err = duplicateInConfiguration(line, other);
      ctx.diagnostics.addError(err.message, err.detail, err.path);
      return;
    }
  }
  // By id when the plan knows it (also for a binding by name of an existing registration);
  // otherwise by the configured name. Unknown now: claimed when the apply walk plans again.
  const user = plannedUser(ctx.plan.knownNumber("user_id"), ctx.config.knownString("user_name"), registrationId);
  const otherUser = ctx.meta.duplicates.users.claim(identity.token, user);
  if (user !== null && otherUser !== null) {
    const err = userBoundTwice(user, otherUser);
    ctx.diagnostics.addError(err.message, err.detail, err.path);
    return;
  }
  warnAboutReplacement(ctx, identity, line);
  planRecheck(ctx);
}

/**
 * Whether the plan of an existing registration forces a replacement: the schema's rules
 * (is_persistent changed; auth_user, outbound_proxy, password or password_wo_version removed).
 * Terraform keeps only the warnings of its FIRST PlanResourceChange call for an instance, so the
 * warning must be given here, before Terraform asks again for the create half.
 */
function forcesReplacement(ctx: ModifyPlanContext<ProviderMeta>): boolean {
  const prior = ctx.prior;
  if (prior === null) return false;
  const persistent = ctx.plan.knownBool("is_persistent");
  if (
    persistent !== null &&
    prior.knownBool("is_persistent") !== null &&
    persistent !== prior.knownBool("is_persistent")
  )
    return true;
  const cleared = (name: string): boolean => prior.get(name) !== null && ctx.plan.get(name) === null;
  if (cleared("auth_user") || cleared("outbound_proxy")) return true;
  if (cleared("password") && ctx.config.get("password_wo") === null) return true;
  return cleared("password_wo_version") && ctx.config.get("password") === null;
}

function warnAboutReplacement(
  ctx: ModifyPlanContext<ProviderMeta>,
  identity: PlanIdentity,
  line: RegistrationLine | null,
): void {
  if (identity.kind !== "existing" || !forcesReplacement(ctx)) return;
  const prior = ctx.prior;
  const oldSip = prior?.knownString("sip_username") ?? null;
  const oldProxy = prior?.knownString("proxy") ?? null;
  const old = oldSip !== null && oldProxy !== null ? { sip_username: oldSip, proxy: oldProxy } : null;
  const oldId = identity.registrationId !== null ? `registration ${identity.registrationId}` : "the registration";
  let detail =
    `Terraform plans to delete ${oldId} and create a new one, because an attribute that the Voximplant API cannot ` +
    `change in ` +
    `place changed (marked "forces replacement" in the plan). Creating the new registration reserves ` +
    `a new monthly fee.`;
  if (old !== null && line !== null && sameLine(old, line)) {
    detail +=
      `\n\nThe new registration keeps ${describeLine(line)}, so the old one must be deleted first, as Terraform ` +
      `does by ` +
      `default. With lifecycle { create_before_destroy = true } the apply fails instead: the new registration ` +
      `would have to ` +
      `exist next to the old one, two paid registrations of one line at once. Remove create_before_destroy from ` +
      `this resource.`;
  }
  ctx.diagnostics.addWarning("Replacing a SIP registration buys a new one", detail);
}

/**
 * With wait_for_registration, a registration that is not registered (the registrar refused it,
 * or it was still in progress) is planned for an in-place update whose apply waits again: the
 * fix of a wrong password or proxy is an update of the same registration, and a plan with
 * -detailed-exitcode keeps reporting the problem until it is solved.
 */
function planRecheck(ctx: ModifyPlanContext<ProviderMeta>): void {
  const prior = ctx.prior;
  if (prior === null || registrationIdOf(prior) === null) return;
  if (ctx.plan.knownBool("wait_for_registration") !== true) return;
  if (prior.knownBool("successful") === true) return;
  // Nothing to re-check: a non-persistent registration is never waited for (finishWrite).
  if (ctx.plan.knownBool("is_persistent") === false) return;
  for (const name of STATUS_ATTRIBUTES) ctx.plan.set(name, UNKNOWN);
}
