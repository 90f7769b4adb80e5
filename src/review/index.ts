// Plan review: a Markdown summary of the Voximplant changes (SIP registrations, applications,
// scenarios, rules, users) in a Terraform plan (`terraform show -json PLANFILE`), safe to post on a
// pull request. Pure functions plus a thin CLI (cli.ts) behind `terraform-provider-voximplant review`.
import { analyzePlan, type Review } from "./analyze";
import { parsePlan } from "./plan";
import { renderMarkdown } from "./render";
import { NO_HINTS, type AttributeHints } from "./values";

export { analyzePlan, describeActionReason, hasChangesOrDrift } from "./analyze";
export { REGISTRATION_TYPE } from "./attributes";
export type { FieldChange } from "./attributes";
export type {
  BindingChange,
  BindingEnd,
  ChangeKind,
  CostReview,
  DriftReview,
  RegistrationReview,
  Review,
} from "./analyze";
export { parsePlan, PlanFormatError } from "./plan";
export type { Action, JsonValue, PlanDocument, ResourceChange } from "./plan";
export { renderMarkdown } from "./render";
export { hintsFromSchema, NO_HINTS } from "./values";
export type { AttributeHints } from "./values";
export { defaultHints, runReviewCli } from "./cli";

/** Plan JSON (text or parsed) → review model. */
export function reviewPlan(plan: unknown, hints: AttributeHints = NO_HINTS): Review {
  return analyzePlan(parsePlan(plan), hints);
}

/** Plan JSON (text or parsed) → Markdown. */
export function reviewPlanMarkdown(plan: unknown, hints: AttributeHints = NO_HINTS): string {
  return renderMarkdown(reviewPlan(plan, hints));
}
