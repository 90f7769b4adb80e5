// Reading attribute values out of a plan entry without ever exposing a secret: every value the
// review prints goes through shownValue(), which returns a placeholder for anything sensitive,
// write-only or unknown.

import type { JsonValue, ResourceChange } from "./plan";

/** What the review knows about attributes beyond the plan itself (from the provider schema). */
export interface AttributeHints {
  /** Attributes marked sensitive in the schema, per resource type. */
  sensitive: ReadonlyMap<string, ReadonlySet<string>>;
  /** Write-only attributes (never stored in plan or state), per resource type. */
  writeOnly: ReadonlyMap<string, ReadonlySet<string>>;
  /** Computed-only attributes (set by the provider, not by configuration), per resource type. */
  computedOnly: ReadonlyMap<string, ReadonlySet<string>>;
}

export const NO_HINTS: AttributeHints = { sensitive: new Map(), writeOnly: new Map(), computedOnly: new Map() };

// Names that are treated as secret even if neither the schema nor the plan says so: a review
// posted on a pull request must fail closed, not leak because a schema was stale.
const SECRET_NAME = /(^|_)(password|passwd|secret|token|private_key|credentials?|api_key)(_|$)/i;
// ...except version counters of write-only arguments, which are plain numbers.
const NOT_SECRET_NAME = /_wo_version$/;

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at a path, or undefined when the path does not exist. */
export function valueAt(value: JsonValue | undefined, path: readonly (string | number)[]): JsonValue | undefined {
  let v: JsonValue | undefined = value;
  for (const key of path) {
    if (v === undefined || v === null) return undefined;
    if (typeof key === "number") v = Array.isArray(v) ? v[key] : undefined;
    else v = isObject(v) ? v[key] : undefined;
  }
  return v;
}

/**
 * Whether a marker structure (after_unknown / *_sensitive: `true`, or an object/array mirroring
 * the value) marks the path or any of its ancestors.
 */
function markedAt(marks: JsonValue | undefined, path: readonly (string | number)[]): boolean {
  let m: JsonValue | undefined = marks;
  if (m === true) return true;
  for (const key of path) {
    if (m === undefined || m === null || typeof m !== "object") return false;
    m = typeof key === "number" ? (Array.isArray(m) ? m[key] : undefined) : isObject(m) ? m[key] : undefined;
    if (m === true) return true;
  }
  return false;
}

/** Whether anything below the path is marked (a sensitive element inside a list, for example). */
function markedWithin(marks: JsonValue | undefined, path: readonly (string | number)[]): boolean {
  if (markedAt(marks, path)) return true;
  const below = valueAt(marks, path);
  const anyTrue = (m: JsonValue | undefined): boolean =>
    m === true || (Array.isArray(m) ? m.some(anyTrue) : isObject(m) ? Object.values(m).some(anyTrue) : false);
  return anyTrue(below);
}

export type Side = "before" | "after";

/** A value ready to print, or the reason it must not be printed. */
export type Shown =
  | { kind: "value"; value: JsonValue }
  | { kind: "null" }
  | { kind: "secret" }
  | { kind: "write-only" }
  | { kind: "unknown" };

/** Whether an attribute (top-level name) of this resource type is secret by schema or by name. */
function isSecretAttribute(hints: AttributeHints, type: string, attribute: string): boolean {
  if (hints.sensitive.get(type)?.has(attribute) || hints.writeOnly.get(type)?.has(attribute)) return true;
  return SECRET_NAME.test(attribute) && !NOT_SECRET_NAME.test(attribute);
}

export function isWriteOnlyAttribute(hints: AttributeHints, type: string, attribute: string): boolean {
  return hints.writeOnly.get(type)?.has(attribute) === true || /_wo$/.test(attribute);
}

/** The printable form of one attribute on one side of a change. */
export function shownValue(rc: ResourceChange, side: Side, attribute: string, hints: AttributeHints): Shown {
  const path = [attribute];
  if (side === "after" && markedAt(rc.afterUnknown, path)) return { kind: "unknown" };
  if (isWriteOnlyAttribute(hints, rc.type, attribute)) return { kind: "write-only" };
  const value = valueAt(side === "before" ? rc.before : rc.after, path);
  if (value === undefined || value === null) return { kind: "null" };
  const marks = side === "before" ? rc.beforeSensitive : rc.afterSensitive;
  if (markedWithin(marks, path) || isSecretAttribute(hints, rc.type, attribute)) return { kind: "secret" };
  return { kind: "value", value };
}

/** Deep equality of JSON values (object key order ignored). */
function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== null);
    const kb = Object.keys(b).filter((k) => b[k] !== null);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Whether an attribute differs between before and after (unknown after counts as a change when it was set). */
export function attributeChanged(rc: ResourceChange, attribute: string): boolean {
  const before = valueAt(rc.before, [attribute]);
  if (markedAt(rc.afterUnknown, [attribute])) return true;
  return !jsonEqual(before ?? null, valueAt(rc.after, [attribute]) ?? null);
}

/** Top-level attribute names present on either side, in a stable order (after's order first). */
export function attributeNames(rc: ResourceChange): string[] {
  const names: string[] = [];
  const add = (v: JsonValue | undefined): void => {
    if (isObject(v)) for (const k of Object.keys(v)) if (!names.includes(k)) names.push(k);
  };
  add(rc.after);
  add(rc.afterUnknown);
  add(rc.before);
  return names;
}

/** Attribute hints from a `terraform providers schema -json` document. */
export function hintsFromSchema(schema: unknown): AttributeHints {
  const sensitive = new Map<string, Set<string>>();
  const writeOnly = new Map<string, Set<string>>();
  const computedOnly = new Map<string, Set<string>>();
  const providers = (schema as { provider_schemas?: unknown } | null)?.provider_schemas;
  if (typeof providers !== "object" || providers === null) return { sensitive, writeOnly, computedOnly };
  for (const p of Object.values(providers as Record<string, unknown>)) {
    const resources = (p as { resource_schemas?: unknown } | null)?.resource_schemas;
    if (typeof resources !== "object" || resources === null) continue;
    for (const [type, r] of Object.entries(resources as Record<string, unknown>)) {
      const attrs = (r as { block?: { attributes?: unknown } } | null)?.block?.attributes;
      if (typeof attrs !== "object" || attrs === null) continue;
      for (const [name, a] of Object.entries(attrs as Record<string, Record<string, unknown>>)) {
        const put = (m: Map<string, Set<string>>): void => {
          if (!m.has(type)) m.set(type, new Set());
          m.get(type)?.add(name);
        };
        if (a.sensitive === true) put(sensitive);
        if (a.write_only === true) put(writeOnly);
        if (a.computed === true && a.optional !== true && a.required !== true) put(computedOnly);
      }
    }
  }
  return { sensitive, writeOnly, computedOnly };
}
