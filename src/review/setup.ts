// The review of applications, scenarios, rules and users: what each change means to someone
// reading a pull request. A rule is described by what it routes where (scenario names, not ids,
// wherever the plan knows them, including scenarios created in the same apply); a script change
// by its size in lines; a delete by what the API deletes or unbinds with it (the cascades of
// docs/design/setup-objects.md), listing the resources of this configuration it reaches.

import { fieldChanges, secretNotes, type FieldChange } from "./attributes";
import type { JsonValue, PlanDocument, ResourceChange } from "./plan";
import { countLineChanges, type LineChangeCount } from "./script-diff";
import { shownValue, valueAt, type AttributeHints, type Shown } from "./values";

export type SetupObject = "application" | "scenario" | "rule" | "user";
export type SetupChangeKind = "create" | "update" | "replace" | "delete";

const SETUP_TYPES: Readonly<Record<string, SetupObject>> = {
  voximplant_application: "application",
  voximplant_scenario: "scenario",
  voximplant_rule: "rule",
  voximplant_user: "user",
};

export function setupObjectOf(type: string): SetupObject | undefined {
  return SETUP_TYPES[type];
}

/** A scenario a rule runs: its name where the plan knows it, its id where known. */
export interface ScenarioRef {
  name?: string;
  id?: number;
}

/** Scenarios of a rule in running order, or "unknown" when neither ids nor references tell. */
export type ScenarioList = ScenarioRef[] | "unknown";

/** What the API deletes or unbinds along with a deleted object. */
export type CascadeEffect =
  | "deletes-rules"
  | "deletes-users"
  | "unbinds-registrations-from-application"
  | "leaves-rules"
  | "unbinds-registrations-from-rule"
  | "unbinds-registrations-from-user";

export interface Cascade {
  effect: CascadeEffect;
  /** Addresses of the resources of this plan it reaches (possibly none). */
  addresses: string[];
}

export interface SetupReview {
  address: string;
  object: SetupObject;
  kind: SetupChangeKind;
  name: Shown;
  /** The existing object's id (update, replace, delete). */
  id?: number;
  /** Rules: pattern, exclusion and scenarios after the change (before it, for a delete). */
  routing?: { pattern: Shown; exclude: Shown; scenarios: ScenarioList };
  /** Rules whose scenario list or order changes: the list before. */
  scenariosBefore?: ScenarioList;
  /** Scenarios: the script's size (create) or its change in lines (update, replace, drift). */
  script?: { created: boolean; count: LineChangeCount };
  fields: FieldChange[];
  cascades: Cascade[];
  replaceBecause: { attribute: string; before: Shown; after: Shown }[];
  secrets: string[];
  reason?: string;
}

/** Attributes the setup review reports in its own words rather than as before → after. */
const OWN_WORDS: ReadonlySet<string> = new Set(["script", "scenario_ids"]);

function asId(v: JsonValue | undefined): number | undefined {
  return typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
}

function isUnknown(rc: ResourceChange, attribute: string): boolean {
  if (rc.afterUnknown === true) return true;
  const u = valueAt(rc.afterUnknown, [attribute]);
  return u === true || (Array.isArray(u) && u.some((x) => x === true));
}

/** Where the review finds names: ids of objects in the plan, and resources by address. */
interface Directory {
  scenarioNames: Map<number, string>;
  byAddress: Map<string, ResourceChange>;
  plan: PlanDocument;
}

function directory(plan: PlanDocument): Directory {
  const scenarioNames = new Map<number, string>();
  const byAddress = new Map<string, ResourceChange>();
  for (const rc of [...plan.resourceDrift, ...plan.resourceChanges]) {
    byAddress.set(rc.address, rc);
    if (rc.type !== "voximplant_scenario") continue;
    for (const v of [rc.before, rc.after]) {
      const id = asId(valueAt(v, ["scenario_id"]));
      const name = valueAt(v, ["name"]);
      if (id !== undefined && typeof name === "string") scenarioNames.set(id, name);
    }
  }
  return { scenarioNames, byAddress, plan };
}

function nameOf(rc: ResourceChange | undefined): string | undefined {
  const v = valueAt(rc?.after, ["name"]) ?? valueAt(rc?.before, ["name"]);
  return typeof v === "string" ? v : undefined;
}

/** A rule's scenarios on one side of the change, named from ids or, when unknown, from references. */
function scenarioList(rc: ResourceChange, side: "before" | "after", dir: Directory): ScenarioList {
  const ids = valueAt(side === "before" ? rc.before : rc.after, ["scenario_ids"]);
  if (side === "after" && isUnknown(rc, "scenario_ids")) {
    // The configuration's references name the scenarios (created in the same apply) in order.
    const refs = (dir.plan.references.get(rc.address)?.scenario_ids ?? []).filter((r) =>
      /^voximplant_scenario\.[^.]+$/.test(r),
    );
    const count = Array.isArray(ids) ? ids.length : refs.length;
    if (refs.length === 0 || refs.length !== count) return "unknown";
    return refs.map((r) => {
      const name = nameOf(dir.byAddress.get(r));
      return name !== undefined ? { name } : {};
    });
  }
  if (!Array.isArray(ids)) return [];
  return ids.map((x) => {
    const id = asId(x);
    const ref: ScenarioRef = {};
    if (id !== undefined) {
      ref.id = id;
      const name = dir.scenarioNames.get(id);
      if (name !== undefined) ref.name = name;
    }
    return ref;
  });
}

function sameList(a: ScenarioList, b: ScenarioList): boolean {
  if (a === "unknown" || b === "unknown") return a === b;
  return a.length === b.length && a.every((x, i) => x.id !== undefined && x.id === b[i]?.id);
}

/** Resources of the plan whose prior values point at `id` through `attribute`. */
function boundTo(dir: Directory, type: string, attribute: string, id: number, contains = false): string[] {
  const out: string[] = [];
  for (const rc of dir.plan.resourceChanges) {
    if (rc.type !== type || rc.mode !== "managed") continue;
    const v = valueAt(rc.before, [attribute]);
    const hit = contains ? Array.isArray(v) && v.some((x) => asId(x) === id) : asId(v) === id;
    if (hit) out.push(rc.address);
  }
  return out;
}

const REGISTRATION = "voximplant_sip_registration";

function cascadesOf(object: SetupObject, id: number | undefined, dir: Directory): Cascade[] {
  const find = (type: string, attribute: string, contains = false): string[] =>
    id === undefined ? [] : boundTo(dir, type, attribute, id, contains);
  switch (object) {
    case "application":
      return [
        { effect: "deletes-rules", addresses: find("voximplant_rule", "application_id") },
        { effect: "deletes-users", addresses: find("voximplant_user", "application_id") },
        { effect: "unbinds-registrations-from-application", addresses: find(REGISTRATION, "application_id") },
      ];
    case "scenario":
      return [{ effect: "leaves-rules", addresses: find("voximplant_rule", "scenario_ids", true) }];
    case "rule":
      return [{ effect: "unbinds-registrations-from-rule", addresses: find(REGISTRATION, "rule_id") }];
    case "user":
      return [{ effect: "unbinds-registrations-from-user", addresses: find(REGISTRATION, "user_id") }];
  }
}

function kindOf(actions: readonly string[]): SetupChangeKind | undefined {
  if (actions.includes("create") && actions.includes("delete")) return "replace";
  if (actions.includes("create")) return "create";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("update")) return "update";
  return undefined;
}

function scriptOf(rc: ResourceChange, kind: SetupChangeKind): SetupReview["script"] {
  const before = valueAt(rc.before, ["script"]);
  const after = valueAt(rc.after, ["script"]);
  if (kind === "create" && typeof after === "string") return { created: true, count: countLineChanges("", after) };
  if (typeof before === "string" && typeof after === "string" && before !== after)
    return { created: false, count: countLineChanges(before, after) };
  return undefined;
}

function reviewOne(
  rc: ResourceChange,
  object: SetupObject,
  kind: SetupChangeKind,
  hints: AttributeHints,
  dir: Directory,
  describeReason: (reason: string | undefined) => string | undefined,
): SetupReview {
  const side = kind === "delete" ? "before" : "after";
  const review: SetupReview = {
    address: rc.address,
    object,
    kind,
    name: shownValue(rc, side, "name", hints),
    fields: [],
    cascades: [],
    replaceBecause: [],
    secrets: secretNotes(rc, hints, kind === "create"),
  };
  const id = asId(valueAt(rc.before, [`${object}_id`]));
  if (id !== undefined) review.id = id;
  const reason = describeReason(rc.actionReason);
  if (reason !== undefined) review.reason = reason;
  if (object === "rule") {
    review.routing = {
      pattern: shownValue(rc, side, "rule_pattern", hints),
      exclude: shownValue(rc, side, "rule_pattern_exclude", hints),
      scenarios: scenarioList(rc, side, dir),
    };
    if (kind === "update" || kind === "replace") {
      const before = scenarioList(rc, "before", dir);
      if (!sameList(before, review.routing.scenarios)) review.scenariosBefore = before;
    }
  }
  const script = object === "scenario" ? scriptOf(rc, kind) : undefined;
  if (script !== undefined) review.script = script;
  if (kind === "update" || kind === "replace") {
    review.fields = fieldChanges(rc, hints).filter((f) => !OWN_WORDS.has(f.attribute) && f.attribute !== "name");
    const name = shownValue(rc, "before", "name", hints);
    if (name.kind === "value" && review.name.kind === "value" && name.value !== review.name.value)
      review.fields.unshift({ attribute: "name", before: name, after: review.name });
  }
  if (kind === "replace") {
    for (const path of rc.replacePaths) {
      const attribute = String(path[0]);
      review.replaceBecause.push({
        attribute,
        before: shownValue(rc, "before", attribute, hints),
        after: shownValue(rc, "after", attribute, hints),
      });
    }
    review.fields = review.fields.filter((f) => !review.replaceBecause.some((r) => r.attribute === f.attribute));
  }
  if (kind === "delete" || kind === "replace") review.cascades = cascadesOf(object, id, dir);
  return review;
}

/** The setup-object changes of a plan, creates first, then updates, replacements, deletes. */
export function analyzeSetup(
  plan: PlanDocument,
  hints: AttributeHints,
  describeReason: (reason: string | undefined) => string | undefined,
): SetupReview[] {
  const dir = directory(plan);
  const out: SetupReview[] = [];
  for (const rc of plan.resourceChanges) {
    const object = setupObjectOf(rc.type);
    const kind = kindOf(rc.actions);
    if (rc.mode !== "managed" || object === undefined || kind === undefined) continue;
    out.push(reviewOne(rc, object, kind, hints, dir, describeReason));
  }
  const order: Record<SetupChangeKind, number> = { create: 0, update: 1, replace: 2, delete: 3 };
  return out.sort((a, b) => order[a.kind] - order[b.kind] || (a.address < b.address ? -1 : 1));
}
