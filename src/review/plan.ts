// The subset of Terraform's machine-readable plan (`terraform show -json PLANFILE`, format 1.x)
// that the review reads, and a parser that checks exactly that subset. Everything else in the
// document is ignored, so newer Terraform versions that add fields keep working.

/** A JSON value as Terraform writes it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Terraform's change actions (the JSON form of plans.Action). */
export type Action = "no-op" | "create" | "read" | "update" | "delete";

/** One entry of `resource_changes` or `resource_drift`. */
export interface ResourceChange {
  address: string;
  /** "managed" (resource) or "data" (data source). */
  mode: string;
  type: string;
  name: string;
  index?: JsonValue;
  providerName: string;
  actions: Action[];
  before: JsonValue;
  after: JsonValue;
  /** true, or an object/array mirroring `after` with true at every unknown leaf. */
  afterUnknown: JsonValue;
  /** true, or an object/array mirroring `before` with true at every sensitive leaf. */
  beforeSensitive: JsonValue;
  afterSensitive: JsonValue;
  /** Attribute paths that forced a replacement, e.g. [["is_persistent"]]. */
  replacePaths: (string | number)[][];
  /** e.g. "replace_because_cannot_update", "replace_because_tainted", "delete_because_no_resource_config". */
  actionReason?: string;
}

export interface OutputChange {
  name: string;
  actions: Action[];
  sensitive: boolean;
}

/** A data source instance as read during planning (`prior_state`). */
export interface DataSourceValues {
  address: string;
  type: string;
  values: JsonValue;
}

export interface PlanDocument {
  formatVersion: string;
  terraformVersion?: string;
  resourceChanges: ResourceChange[];
  /** Data sources of `prior_state` (all modules): lets the review name what ids refer to. */
  dataSources: DataSourceValues[];
  resourceDrift: ResourceChange[];
  /**
   * What the root module's resource arguments refer to, by resource address and argument name
   * (`configuration.root_module.resources[].expressions.<arg>.references`, in expression order):
   * lets the review name an object whose id is known only after apply.
   */
  references: Map<string, Record<string, string[]>>;
  outputChanges: OutputChange[];
  /** False when the plan failed part way (Terraform 1.5+); the review then says so. */
  errored: boolean;
}

/** A problem with the input document; the message names the offending field. */
export class PlanFormatError extends Error {
  override name = "PlanFormatError";
}

const ACTIONS: readonly Action[] = ["no-op", "create", "read", "update", "delete"];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function requireString(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new PlanFormatError(`${where}.${key} must be a string (got ${describe(v)})`);
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v}`;
}

function toJson(v: unknown): JsonValue {
  // Values come from JSON.parse, so they already are JSON values; undefined means "absent".
  return v === undefined ? null : (v as JsonValue);
}

function parseReplacePaths(v: unknown, where: string): (string | number)[][] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new PlanFormatError(`${where}.replace_paths must be an array (got ${describe(v)})`);
  return v.map((p, i) => {
    if (!Array.isArray(p) || !p.every((s) => typeof s === "string" || typeof s === "number")) {
      throw new PlanFormatError(`${where}.replace_paths[${i}] must be an array of attribute names and indexes`);
    }
    return p as (string | number)[];
  });
}

function parseActions(v: unknown, where: string): Action[] {
  if (!Array.isArray(v) || v.length === 0) throw new PlanFormatError(`${where}.actions must be a non-empty array`);
  return v.map((a, i) => {
    if (typeof a !== "string" || !(ACTIONS as readonly string[]).includes(a)) {
      throw new PlanFormatError(`${where}.actions[${i}] is not a Terraform action: ${JSON.stringify(a)}`);
    }
    return a as Action;
  });
}

function parseResourceChange(v: unknown, where: string): ResourceChange {
  if (!isObject(v)) throw new PlanFormatError(`${where} must be an object (got ${describe(v)})`);
  const change = v.change;
  if (!isObject(change)) throw new PlanFormatError(`${where}.change must be an object (got ${describe(change)})`);
  const rc: ResourceChange = {
    address: requireString(v, "address", where),
    mode: requireString(v, "mode", where),
    type: requireString(v, "type", where),
    name: requireString(v, "name", where),
    providerName: typeof v.provider_name === "string" ? v.provider_name : "",
    actions: parseActions(change.actions, `${where}.change`),
    before: toJson(change.before),
    after: toJson(change.after),
    afterUnknown: toJson(change.after_unknown),
    beforeSensitive: toJson(change.before_sensitive),
    afterSensitive: toJson(change.after_sensitive),
    replacePaths: parseReplacePaths(change.replace_paths, `${where}.change`),
  };
  if (v.index !== undefined) rc.index = toJson(v.index);
  if (typeof v.action_reason === "string") rc.actionReason = v.action_reason;
  return rc;
}

function parseList<T>(doc: Record<string, unknown>, key: string, parse: (v: unknown, where: string) => T): T[] {
  const v = doc[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new PlanFormatError(`${key} must be an array (got ${describe(v)})`);
  return v.map((item, i) => parse(item, `${key}[${i}]`));
}

/** Data source instances of prior_state, root and child modules. Malformed parts are skipped: optional input. */
function priorDataSources(prior: unknown): DataSourceValues[] {
  const out: DataSourceValues[] = [];
  const walk = (module: unknown): void => {
    if (!isObject(module)) return;
    const resources = module.resources;
    if (Array.isArray(resources)) {
      for (const r of resources) {
        if (isObject(r) && r.mode === "data" && typeof r.type === "string" && typeof r.address === "string") {
          out.push({ address: r.address, type: r.type, values: toJson(r.values) });
        }
      }
    }
    if (Array.isArray(module.child_modules)) module.child_modules.forEach(walk);
  };
  if (isObject(prior) && isObject(prior.values)) walk(prior.values.root_module);
  return out;
}

/** Root-module argument references of `configuration`. Malformed parts are skipped: optional input. */
function configurationReferences(configuration: unknown): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  if (!isObject(configuration) || !isObject(configuration.root_module)) return out;
  const resources = configuration.root_module.resources;
  if (!Array.isArray(resources)) return out;
  for (const r of resources) {
    if (!isObject(r) || typeof r.address !== "string" || !isObject(r.expressions)) continue;
    const byArgument: Record<string, string[]> = {};
    for (const [argument, expression] of Object.entries(r.expressions)) {
      if (!isObject(expression) || !Array.isArray(expression.references)) continue;
      byArgument[argument] = expression.references.filter((x): x is string => typeof x === "string");
    }
    out.set(r.address, byArgument);
  }
  return out;
}

/**
 * JSON.parse's reason, unless it quotes the input: V8 shows a slice of the text around an
 * unexpected token, and a plan holds sensitive values in clear. Its other reasons (unterminated
 * string, unexpected end, … at position N) quote nothing and are kept.
 */
function jsonSyntaxReason(e: unknown): string {
  const reason = e instanceof Error ? e.message : "";
  return reason === "" || reason.includes('"') ? "unexpected character" : reason;
}

/**
 * Checks and converts `terraform show -json PLANFILE` output. Throws PlanFormatError naming the
 * field for anything that is not a plan (a state file, `terraform plan -json` log lines, ...).
 */
export function parsePlan(input: unknown): PlanDocument {
  let doc = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input) as unknown;
    } catch (e) {
      const hint = input.trimStart().startsWith('{"@level"')
        ? " (this looks like `terraform plan -json` log lines; run `terraform plan -out=tfplan` and then " +
          "`terraform show -json tfplan`)"
        : "";
      throw new PlanFormatError(`the plan is not valid JSON: ${jsonSyntaxReason(e)}${hint}`);
    }
  }
  if (!isObject(doc)) throw new PlanFormatError(`the plan must be a JSON object (got ${describe(doc)})`);
  const formatVersion = doc.format_version;
  if (typeof formatVersion !== "string")
    throw new PlanFormatError("format_version must be a string: is this `terraform show -json PLANFILE` output?");
  if (!/^1\./.test(formatVersion))
    throw new PlanFormatError(`format_version ${JSON.stringify(formatVersion)} is not supported (expected 1.x)`);
  if (doc.resource_changes === undefined && doc.planned_values === undefined && doc.resource_drift === undefined) {
    throw new PlanFormatError(
      "resource_changes is missing: this is not a plan (a state file? use `terraform show -json PLANFILE`)",
    );
  }
  const outputChanges: OutputChange[] = [];
  const oc = doc.output_changes;
  if (isObject(oc)) {
    for (const [name, c] of Object.entries(oc)) {
      if (!isObject(c)) throw new PlanFormatError(`output_changes.${name} must be an object`);
      outputChanges.push({
        name,
        actions: parseActions(c.actions, `output_changes.${name}`),
        sensitive: c.after_sensitive === true || c.before_sensitive === true,
      });
    }
  }
  const plan: PlanDocument = {
    formatVersion,
    resourceChanges: parseList(doc, "resource_changes", parseResourceChange),
    dataSources: priorDataSources(doc.prior_state),
    resourceDrift: parseList(doc, "resource_drift", parseResourceChange),
    references: configurationReferences(doc.configuration),
    outputChanges,
    errored: doc.errored === true,
  };
  if (typeof doc.terraform_version === "string") plan.terraformVersion = doc.terraform_version;
  return plan;
}
