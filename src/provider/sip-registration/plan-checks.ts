// Plan-time checks that need the other instances of the plan or the prior state (modifyPlan):
//   - the same line planned twice in one configuration: refused (duplicates.ts);
//   - a replacement buys a new registration: said so, and why create_before_destroy cannot work
//     when the line stays the same;
//   - wait_for_registration on a registration that is not registered: an in-place re-check is
//     planned, so a refused registration is fixed by an update, never forgotten, never re-bought.

import type { ModifyPlanContext } from "../../plugin/framework";
import { UNKNOWN } from "../../plugin/cty/value";
import type { ProviderMeta } from "../provider";
import { duplicateInConfiguration } from "./duplicates";
import { describeLine, sameLine, type RegistrationLine } from "./line";
import { planIdentity, replacedLine, type PlanIdentity } from "./plan-identity";
import { registrationIdOf } from "./state";

/** Registrar status attributes that a re-check may change. */
const STATUS_ATTRIBUTES = ["successful", "status_code", "error_message", "last_updated"] as const;

/** The planned line, when both parts are known. */
export function plannedLine(plan: ModifyPlanContext<ProviderMeta>["plan"]): RegistrationLine | null {
  const sipUsername = plan.knownString("sip_username");
  const proxy = plan.knownString("proxy");
  return sipUsername !== null && proxy !== null ? { sip_username: sipUsername, proxy } : null;
}

export function checkPlannedRegistration(ctx: ModifyPlanContext<ProviderMeta>): void {
  const identity = planIdentity(ctx.prior, ctx.private);
  const line = plannedLine(ctx.plan);
  if (line !== null) {
    const registrationId = identity.kind === "existing" ? identity.registrationId : null;
    const other = ctx.meta.duplicates.claimPlanned(identity.token, { line, registrationId });
    if (other !== null) {
      const err = duplicateInConfiguration(line, other);
      ctx.diagnostics.addError(err.message, err.detail, err.path);
      return;
    }
  }
  warnAboutReplacement(ctx, identity, line);
  planRecheck(ctx);
}

function warnAboutReplacement(ctx: ModifyPlanContext<ProviderMeta>, identity: PlanIdentity, line: RegistrationLine | null): void {
  if (identity.kind === "tainted-replacement") {
    ctx.diagnostics.addWarning(
      "Replacing a tainted SIP registration buys a new one",
      "Terraform marked this resource's registration as tainted (a step after its creation failed) and plans to delete it and " +
        "create a new one, which reserves a new monthly fee. If the registration itself is fine, keep it instead: run " +
        "terraform untaint with this resource's address, then plan again.",
    );
    return;
  }
  if (identity.kind !== "replacement") return;
  const old = replacedLine(identity.replaced);
  const oldId = identity.replaced.id !== null ? `registration ${identity.replaced.id}` : "the registration";
  let detail =
    `Terraform plans to delete ${oldId} and create a new one, because an attribute that the Voximplant API cannot change in ` +
    `place changed (marked "forces replacement" in the plan). Creating the new registration reserves a new monthly fee.`;
  if (old !== null && line !== null && sameLine(old, line)) {
    detail +=
      `\n\nThe new registration keeps ${describeLine(line)}, so the old one must be deleted first, as Terraform does by ` +
      `default. With lifecycle { create_before_destroy = true } the apply fails instead: the new registration would have to ` +
      `exist next to the old one, two paid registrations of one line at once. Remove create_before_destroy from this resource.`;
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
  for (const name of STATUS_ATTRIBUTES) ctx.plan.set(name, UNKNOWN);
}
