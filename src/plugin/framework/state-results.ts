// Turning what resource code returns into the state Terraform requires:
//  - apply: every value known in the plan comes back unchanged (Terraform reports "inconsistent
//    result after apply" otherwise); unknowns are filled from the resource's result
//  - read / import / upgrade: omitted attributes come from a fallback object
//  - data sources: configured values are copied from config

import type { CtyType } from "../cty/types";
import { DynamicValue, TfNumber, Unknown, isKnownObject, type Value, type ValueObject } from "../cty/value";
import type { BlockDef, InputValue, StateInput } from "./api";
import { ProviderError } from "./diagnostics";
import { AttributePath } from "./path";
import { fromInput, isInputObject, isValueWhollyKnown } from "./values";
import { valuesEqual as rawEquals } from "../cty/equality";

export interface MergeReport {
  /** planned unknowns the resource did not fill in (set to null in the result) */
  readonly missing: AttributePath[];
  /** known planned values the resource reported differently (the planned value was kept) */
  readonly overridden: AttributePath[];
}

/**
 * The applied state: planned values where they were known, the resource's result where the plan
 * had unknowns. Unknowns left unfilled become null and are listed in `missing`.
 */
export function mergeApplied(
  planned: ValueObject,
  result: StateInput,
  type: CtyType,
): { state: ValueObject; report: MergeReport } {
  if (type.kind !== "object") throw new TypeError("resource type must be an object");
  rejectAttributesNotInSchema(result, type);
  const report = { missing: [] as AttributePath[], overridden: [] as AttributePath[] };
  const state = mergeValue(planned, result, type, AttributePath.ROOT, report);
  if (!isKnownObject(state)) throw new TypeError("merged state is not an object");
  return { state, report };
}

function mergeValue(
  planned: Value,
  result: InputValue | undefined,
  type: CtyType,
  path: AttributePath,
  report: MergeReport,
): Value {
  if (planned instanceof Unknown) {
    if (result === undefined) {
      report.missing.push(path);
      return null;
    }
    return fromResult(result, type, path, report);
  }
  if (planned === null || isValueWhollyKnown(planned)) {
    if (result !== undefined && !(result instanceof Unknown)) {
      const v = fromInput(result, type, path);
      if (!rawEquals(v, planned, type)) report.overridden.push(path);
    }
    return planned;
  }
  // known container with unknowns inside: descend where elements can be correlated
  switch (type.kind) {
    case "object": {
      if (!isKnownObject(planned)) return planned;
      const r = isInputObject(result) ? result : undefined;
      const out: ValueObject = {};
      for (const [name, at] of Object.entries(type.attributes)) {
        out[name] = mergeValue(planned[name] ?? null, r?.[name], at, path.attr(name), report);
      }
      return out;
    }
    case "list":
    case "tuple": {
      if (!Array.isArray(planned)) return planned;
      const r =
        Array.isArray(result) && result.length === planned.length ? (result as readonly InputValue[]) : undefined;
      return planned.map((e, i) =>
        mergeValue(
          e,
          r?.[i],
          type.kind === "list" ? type.element : (type.elements[i] ?? { kind: "dynamic" }),
          path.index(i),
          report,
        ),
      );
    }
    case "map": {
      if (!isKnownObject(planned)) return planned;
      const r = isInputObject(result) ? result : undefined;
      const out: ValueObject = {};
      for (const [k, e] of Object.entries(planned)) out[k] = mergeValue(e, r?.[k], type.element, path.key(k), report);
      return out;
    }
    case "set":
    case "dynamic":
    default: {
      // set elements with unknowns cannot be matched to result elements: take the result whole
      if (result === undefined) {
        report.missing.push(path);
        return nullUnknowns(planned);
      }
      return fromResult(result, type, path, report);
    }
  }
}

/** The resource's value for a place the plan left open; unknowns it still holds become null and are reported. */
function fromResult(result: InputValue, type: CtyType, path: AttributePath, report: MergeReport): Value {
  const v = fromInput(result, type, path);
  if (isValueWhollyKnown(v)) return v;
  report.missing.push(path);
  return nullUnknowns(v);
}

/** Resource code may only return attributes of its schema; another name is a bug worth naming. */
function rejectAttributesNotInSchema(result: StateInput, type: Extract<CtyType, { kind: "object" }>): void {
  for (const k of Object.keys(result)) {
    if (!(k in type.attributes)) {
      throw new ProviderError(`Invalid value for ${k}: no such attribute in the schema`, {
        path: AttributePath.ROOT.attr(k),
      });
    }
  }
}

/** Replaces every unknown with null (a last resort so an errored state can still be stored). */
export function nullUnknowns(v: Value): Value {
  if (v instanceof Unknown) return null;
  if (v instanceof DynamicValue) return new DynamicValue(v.type, nullUnknowns(v.value));
  if (Array.isArray(v)) return v.map(nullUnknowns);
  if (isKnownObject(v)) {
    const out: ValueObject = {};
    for (const [k, e] of Object.entries(v)) out[k] = nullUnknowns(e);
    return out;
  }
  return v;
}

/**
 * True when `v` holds no unknown at any depth. Allocation-free: every final state answer is
 * checked, and almost all of them are wholly known, so the path-building walk below runs only
 * when there is something to report.
 */
function holdsNoUnknown(v: Value): boolean {
  if (v === null || typeof v !== "object" || v instanceof TfNumber) return true;
  if (v instanceof Unknown) return false;
  if (v instanceof DynamicValue) return holdsNoUnknown(v.value);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!holdsNoUnknown(v[i] as Value)) return false;
    return true;
  }
  for (const k in v) if (!holdsNoUnknown(v[k] as Value)) return false;
  return true;
}

/** Paths of unknowns in a value (stopping at the first unknown on each branch). */
export function unknownPaths(v: Value): AttributePath[] {
  const out: AttributePath[] = [];
  if (!holdsNoUnknown(v)) collectUnknownPaths(v, AttributePath.ROOT, out);
  return out;
}

function collectUnknownPaths(v: Value, path: AttributePath, out: AttributePath[]): void {
  if (v instanceof Unknown) out.push(path);
  else if (v instanceof DynamicValue) collectUnknownPaths(v.value, path, out);
  else if (Array.isArray(v)) v.forEach((e, i) => collectUnknownPaths(e, path.index(i), out));
  else if (isKnownObject(v)) for (const [k, e] of Object.entries(v)) collectUnknownPaths(e, path.attr(k), out);
}

/** A top-level object from resource output; attributes it omits come from `fallback`. */
export function objectFromInput(result: StateInput, type: CtyType, fallback: ValueObject): ValueObject {
  if (type.kind !== "object") throw new TypeError("resource type must be an object");
  rejectAttributesNotInSchema(result, type);
  const out: ValueObject = {};
  const attributes = type.attributes;
  for (const name in attributes) {
    const r = result[name];
    const at = attributes[name] as CtyType;
    if (r === undefined) out[name] = fallback[name] ?? null;
    // a leaf already in its Value form is taken as is (fromInput would return it unchanged)
    else if (isLeafValueOf(r, at)) out[name] = r;
    else out[name] = fromInput(r, at, AttributePath.ROOT.attr(name));
  }
  return out;
}

function isLeafValueOf(r: InputValue, t: CtyType): r is null | string | boolean | TfNumber {
  if (r === null) return true;
  switch (t.kind) {
    case "string":
      return typeof r === "string";
    case "bool":
      return typeof r === "boolean";
    case "number":
      return r instanceof TfNumber;
    default:
      return false;
  }
}

/**
 * Data source state: configured (non-null) values are copied from config — Terraform expects
 * them unchanged — and everything else comes from the result, or stays as configured (null).
 */
export function dataSourceState(block: BlockDef, config: ValueObject, result: StateInput, type: CtyType): ValueObject {
  if (type.kind !== "object") throw new TypeError("data source type must be an object");
  const fromResult = objectFromInput(result, type, config);
  const out: ValueObject = {};
  for (const name of Object.keys(type.attributes)) {
    const a = block.attributes[name];
    const c = config[name] ?? null;
    if (a !== undefined && c !== null) out[name] = c;
    else out[name] = fromResult[name] ?? null;
  }
  return out;
}
