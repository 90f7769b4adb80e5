// Turns a parsed plan into a review model: what happens to each SIP registration and why, what
// it costs, and what drifted. Pure functions; rendering is in render.ts.

import { fieldChanges, REGISTRATION_TYPE, secretNotes, type FieldChange } from "./attributes";
import { createBeforeDestroyKeepsLine, duplicateLines, type DuplicateLine } from "./lines";
import { analyzeSetup, setupObjectOf, type SetupReview } from "./setup";
import type { JsonValue, PlanDocument, ResourceChange } from "./plan";
import { attributeChanged, shownValue, valueAt, type AttributeHints, type Shown } from "./values";

/** The objects a registration can be bound to; each by `<target>_id` or `<target>_name`. */
const BINDING_TARGETS = ["application", "rule", "user"] as const;
export type BindingTarget = (typeof BINDING_TARGETS)[number];

export type ChangeKind = "create" | "update" | "replace" | "delete";

/** One end of a binding: the bound object's name and/or id, or nothing, or not known yet. */
export type BindingEnd = { kind: "none" } | { kind: "unknown" } | { kind: "bound"; name?: string; id?: number };

export interface BindingChange {
  target: BindingTarget;
  kind: "bind" | "unbind" | "rebind";
  before: BindingEnd;
  after: BindingEnd;
}

export interface RegistrationIdentity {
  sipUsername: Shown;
  proxy: Shown;
  /** sip_registration_id of the existing object (update/replace/delete/drift). */
  id?: number;
}

export interface RegistrationReview {
  address: string;
  kind: ChangeKind;
  /** Terraform creates the replacement before deleting the old one (create_before_destroy). */
  createBeforeDestroy: boolean;
  /** ... and the replacement keeps sip_username and proxy: the provider refuses it at apply. */
  createBeforeDestroyKeepsLine: boolean;
  identity: RegistrationIdentity;
  /** Configuration changes other than bindings and secrets. */
  fields: FieldChange[];
  bindings: BindingChange[];
  /** For create: the bindings the new registration gets. */
  initialBindings: { target: BindingTarget; end: BindingEnd }[];
  /** Notes about secrets that never include their values. */
  secrets: string[];
  /** Why a replace happens: attribute changes from replace_paths, or Terraform's action_reason. */
  replaceBecause: { attribute: string; before: Shown; after: Shown }[];
  reason?: string;
}

export interface DriftReview {
  address: string;
  type: string;
  deleted: boolean;
  identity: RegistrationIdentity;
  fields: FieldChange[];
  bindings: BindingChange[];
  secrets: string[];
  /**
   * Whether an apply of the configuration can undo it: false when only values Voximplant reports
   * changed (computed-only attributes such as `successful`, `status_code`, `deactivated`), which
   * no configuration sets — the plan then stays empty and applying again changes nothing.
   */
  revertible: boolean;
}

export interface OtherChange {
  address: string;
  actions: string;
}

export interface CostReview {
  /** New registrations (creates) and replacement registrations: each reserves a monthly fee. */
  created: number;
  replaced: number;
  deleted: number;
  /** subscription_price values seen on the account's existing registrations in this plan. */
  knownPrices: string[];
}

export interface Review {
  registrations: RegistrationReview[];
  /** Applications, scenarios, rules and users (src/review/setup.ts). */
  setup: SetupReview[];
  /** Lines (sip_username at proxy) more than one resource ends up on: each a second fee. */
  duplicateLines: DuplicateLine[];
  drift: DriftReview[];
  other: OtherChange[];
  cost: CostReview;
  outputs: { name: string; actions: string; sensitive: boolean }[];
  errored: boolean;
  terraformVersion?: string;
}

const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: "the registration is tainted (an earlier apply failed part way through)",
  replace_by_request: "replacement was requested with -replace",
  replace_because_cannot_update: "an argument that cannot be changed in place changed",
  replace_by_triggers: "a replace_triggered_by reference changed",
  delete_because_no_resource_config: "it was removed from the configuration",
  delete_because_no_module: "its module was removed from the configuration",
  delete_because_wrong_repetition: "count/for_each was added or removed",
  delete_because_count_index: "its count index no longer exists",
  delete_because_each_key: "its for_each key no longer exists",
  delete_because_no_move_target: "its moved block target does not exist",
  read_because_config_unknown: "its configuration depends on values known only after apply",
  read_because_dependency_pending: "it depends on resources with pending changes",
};

export function describeActionReason(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  return ACTION_REASONS[reason] ?? reason.replace(/_/g, " ");
}

function kindOf(actions: readonly string[]): ChangeKind | "no-op" | "read" {
  const has = (a: string): boolean => actions.includes(a);
  if (has("create") && has("delete")) return "replace";
  if (has("create")) return "create";
  if (has("delete")) return "delete";
  if (has("update")) return "update";
  if (has("read")) return "read";
  return "no-op";
}

function asNumber(v: JsonValue | undefined): number | undefined {
  return typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
}

function identity(rc: ResourceChange, hints: AttributeHints, side: "before" | "after"): RegistrationIdentity {
  const id: RegistrationIdentity = {
    sipUsername: shownValue(rc, side, "sip_username", hints),
    proxy: shownValue(rc, side, "proxy", hints),
  };
  const num = asNumber(valueAt(rc.before, ["sip_registration_id"])) ?? asNumber(valueAt(rc.before, ["id"]));
  if (num !== undefined) id.id = num;
  return id;
}

/** Names of applications, rules and users by id, from what the plan itself knows. */
export type KnownNames = Record<BindingTarget, Map<number, string>>;

/** Data source names of this provider, and the id/name pairs of every registration's state. */
function knownNames(plan: PlanDocument): KnownNames {
  const names: KnownNames = { application: new Map(), rule: new Map(), user: new Map() };
  const put = (target: BindingTarget, id: JsonValue | undefined, name: JsonValue | undefined): void => {
    const n = asNumber(id);
    if (n !== undefined && typeof name === "string" && name !== "" && !names[target].has(n)) names[target].set(n, name);
  };
  // Registrations report application names in their full form; data sources have what the
  // configuration used. Registration values win because that is what the other lines show.
  for (const rc of [...plan.resourceChanges, ...plan.resourceDrift]) {
    if (rc.type !== REGISTRATION_TYPE) continue;
    for (const v of [rc.before, rc.after])
      for (const t of BINDING_TARGETS) put(t, valueAt(v, [`${t}_id`]), valueAt(v, [`${t}_name`]));
  }
  for (const ds of plan.dataSources) {
    const target = BINDING_TARGETS.find((t) => ds.type === `voximplant_${t}`);
    if (target !== undefined) put(target, valueAt(ds.values, [`${target}_id`]), valueAt(ds.values, ["name"]));
  }
  return names;
}

function bindingEnd(
  rc: ResourceChange,
  side: "before" | "after",
  target: BindingTarget,
  hints: AttributeHints,
  names?: KnownNames,
): BindingEnd {
  const id = shownValue(rc, side, `${target}_id`, hints);
  const name = shownValue(rc, side, `${target}_name`, hints);
  const end: { kind: "bound"; name?: string; id?: number } = { kind: "bound" };
  if (name.kind === "value" && typeof name.value === "string") end.name = name.value;
  if (id.kind === "value") {
    const n = asNumber(id.value);
    if (n !== undefined) end.id = n;
  }
  if (end.name === undefined && end.id !== undefined) {
    const known = names?.[target].get(end.id);
    if (known !== undefined) end.name = known;
  }
  if (end.name !== undefined || end.id !== undefined) return end;
  if (id.kind === "unknown" || name.kind === "unknown") return { kind: "unknown" };
  return { kind: "none" };
}

/** Whether two ends denote the same bound object (compared by id when both know it, else by name). */
function sameEnd(a: BindingEnd, b: BindingEnd): boolean {
  if (a.kind !== "bound" || b.kind !== "bound") return a.kind === b.kind;
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  if (a.name !== undefined && b.name !== undefined) return a.name === b.name;
  return false;
}

function bindingChanges(rc: ResourceChange, hints: AttributeHints, names: KnownNames): BindingChange[] {
  const out: BindingChange[] = [];
  for (const target of BINDING_TARGETS) {
    if (!attributeChanged(rc, `${target}_id`) && !attributeChanged(rc, `${target}_name`)) continue;
    const before = bindingEnd(rc, "before", target, hints, names);
    const after = bindingEnd(rc, "after", target, hints, names);
    if (after.kind === "unknown" && before.kind === "bound") {
      // Known after apply: unchanged when the other half of the pair pins the same object.
      const pinnedName = shownValue(rc, "after", `${target}_name`, hints);
      const pinnedId = shownValue(rc, "after", `${target}_id`, hints);
      if (
        (pinnedName.kind === "value" && pinnedName.value === before.name) ||
        (pinnedId.kind === "value" && asNumber(pinnedId.value) === before.id)
      ) {
        continue;
      }
    }
    if (sameEnd(before, after)) continue;
    const kind = before.kind === "none" ? "bind" : after.kind === "none" ? "unbind" : "rebind";
    out.push({ target, kind, before, after });
  }
  return out;
}

function reviewRegistration(
  rc: ResourceChange,
  kind: ChangeKind,
  hints: AttributeHints,
  names: KnownNames,
): RegistrationReview {
  const creating = kind === "create";
  const review: RegistrationReview = {
    address: rc.address,
    kind,
    createBeforeDestroy: kind === "replace" && rc.actions[0] === "create",
    createBeforeDestroyKeepsLine: kind === "replace" && createBeforeDestroyKeepsLine(rc),
    identity: identity(rc, hints, kind === "delete" ? "before" : "after"),
    fields: [],
    bindings: [],
    initialBindings: [],
    secrets: [],
    replaceBecause: [],
  };
  const reason = describeActionReason(rc.actionReason);
  if (reason !== undefined) review.reason = reason;
  if (creating) {
    for (const target of BINDING_TARGETS) {
      const end = bindingEnd(rc, "after", target, hints, names);
      if (end.kind !== "none") review.initialBindings.push({ target, end });
    }
    review.secrets = secretNotes(rc, hints, true);
    return review;
  }
  if (kind === "delete") return review;
  review.fields = fieldChanges(rc, hints);
  review.bindings = bindingChanges(rc, hints, names);
  review.secrets = secretNotes(rc, hints, false);
  if (kind === "replace") {
    for (const path of rc.replacePaths) {
      const attribute = String(path[0]);
      if (review.replaceBecause.some((r) => r.attribute === attribute)) continue;
      review.replaceBecause.push({
        attribute: path.map(String).join("."),
        before: shownValue(rc, "before", attribute, hints),
        after: shownValue(rc, "after", attribute, hints),
      });
    }
    review.fields = review.fields.filter((f) => !rc.replacePaths.some((p) => p.length === 1 && p[0] === f.attribute));
  }
  return review;
}

function reviewDrift(rc: ResourceChange, hints: AttributeHints, names: KnownNames): DriftReview {
  const deleted = rc.after === null || (rc.actions.includes("delete") && !rc.actions.includes("create"));
  const d: DriftReview = {
    address: rc.address,
    type: rc.type,
    deleted,
    identity: identity(rc, hints, "before"),
    fields: [],
    bindings: [],
    secrets: [],
    revertible: true,
  };
  if (deleted) return d;
  // A refresh never has unknown values; every difference is a real change outside Terraform.
  d.fields = fieldChanges(rc, hints);
  d.bindings = bindingChanges(rc, hints, names);
  d.secrets = secretNotes(rc, hints, false);
  const computedOnly = hints.computedOnly.get(rc.type);
  d.revertible =
    d.bindings.length > 0 || d.secrets.length > 0 || d.fields.some((f) => computedOnly?.has(f.attribute) !== true);
  return d;
}

/**
 * Whether the plan changes anything or found drift: what `-detailed-exitcode` should mean. For a
 * refresh-only plan Terraform's own exit code can still say 2 without any difference: Terraform
 * before 1.12 writes a resource's sensitive_attributes in random order and counts a reordering as
 * a change when an instance has two or more sensitive paths (from another provider's schema, from
 * sensitive values in the configuration, or from a state written before `password_wo` lost its
 * sensitive flag). This provider's own answers no longer cause it (docs/gitops.md).
 */
export function hasChangesOrDrift(review: Review): boolean {
  const changes = review.registrations.length + review.setup.length + review.other.length;
  return changes + review.drift.length + review.outputs.length > 0;
}

function actionsText(actions: readonly string[]): string {
  return actions.join(", then ");
}

/** The review model of a plan. `hints` come from the provider schema (see hintsFromSchema). */
export function analyzePlan(plan: PlanDocument, hints: AttributeHints): Review {
  const names = knownNames(plan);
  const registrations: RegistrationReview[] = [];
  const other: OtherChange[] = [];
  const prices = new Set<string>();
  const cost: CostReview = { created: 0, replaced: 0, deleted: 0, knownPrices: [] };

  for (const rc of plan.resourceChanges) {
    if (rc.mode !== "managed") continue;
    const kind = kindOf(rc.actions);
    if (rc.type === REGISTRATION_TYPE) {
      const price = valueAt(rc.before, ["subscription_price"]);
      if (typeof price === "string" && price !== "") prices.add(price);
    }
    if (kind === "no-op" || kind === "read") continue;
    if (setupObjectOf(rc.type) !== undefined) continue; // analyzeSetup
    if (rc.type !== REGISTRATION_TYPE) {
      other.push({ address: rc.address, actions: actionsText(rc.actions) });
      continue;
    }
    registrations.push(reviewRegistration(rc, kind, hints, names));
    if (kind === "create") cost.created++;
    if (kind === "replace") cost.replaced++;
    if (kind === "delete") cost.deleted++;
  }
  cost.knownPrices = [...prices].sort();

  const drift: DriftReview[] = plan.resourceDrift
    .filter((rc) => rc.mode === "managed" && kindOf(rc.actions) !== "no-op")
    .map((rc) => reviewDrift(rc, hints, names))
    .filter((d) => d.deleted || d.fields.length > 0 || d.bindings.length > 0 || d.secrets.length > 0);

  const order: Record<ChangeKind, number> = { create: 0, update: 1, replace: 2, delete: 3 };
  registrations.sort(
    (a, b) => order[a.kind] - order[b.kind] || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
  );

  const review: Review = {
    registrations,
    setup: analyzeSetup(plan, hints, describeActionReason),
    duplicateLines: duplicateLines(plan.resourceChanges, REGISTRATION_TYPE),
    drift,
    other,
    cost,
    outputs: plan.outputChanges
      .filter((o) => !o.actions.every((a) => a === "no-op"))
      .map((o) => ({ name: o.name, actions: actionsText(o.actions), sensitive: o.sensitive })),
    errored: plan.errored,
  };
  if (plan.terraformVersion !== undefined) review.terraformVersion = plan.terraformVersion;
  return review;
}
