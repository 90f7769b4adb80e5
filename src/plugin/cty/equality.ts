// Structural questions about values: equality, known-ness, and whether a value has exactly the
// shape of a type (the framework checks its answers with conformsTo before Terraform does, so a
// provider bug becomes a readable diagnostic instead of Terraform's "produced an invalid object").

import type { CtyType } from "./types";
import { DynamicValue, TfNumber, Unknown, isKnownObject, type Value, type ValueObject } from "./value";
import { CtyCodecError, describeValue, withStep } from "./errors";
import { compareUtf8, hasOwn, setOwn } from "./keys";
import { objectAttributeNames, typeEquals, typeJsonText, typeName } from "./type-json";

/**
 * Structural equality of two values of `type`: numbers by canonical text, sets regardless of
 * order (and of repeated elements), an Unknown equal to any other Unknown (refinements ignored)
 * and to nothing else, null equal only to null. DynamicValues must agree on type and value.
 */
export function valuesEqual(a: Value, b: Value, type: CtyType): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (a instanceof Unknown || b instanceof Unknown) return a instanceof Unknown && b instanceof Unknown;
  switch (type.kind) {
    case "string":
    case "bool":
      return false; // primitives equal only if ===, checked above
    case "number":
      return a instanceof TfNumber && b instanceof TfNumber && a.text === b.text;
    case "list":
    case "tuple": {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) {
        const et = type.kind === "list" ? type.element : (type.elements[i] as CtyType);
        if (!valuesEqual(a[i] as Value, b[i] as Value, et)) return false;
      }
      return true;
    }
    case "set":
      return Array.isArray(a) && Array.isArray(b) && setsEqual(a, b, type.element);
    case "map": {
      if (!isKnownObject(a) || !isKnownObject(b)) return false;
      const ka = Object.keys(a);
      if (ka.length !== Object.keys(b).length) return false;
      for (const k of ka) {
        if (!hasOwn(b, k) || !valuesEqual(a[k] as Value, b[k] as Value, type.element)) return false;
      }
      return true;
    }
    case "object": {
      if (!isKnownObject(a) || !isKnownObject(b)) return false;
      for (const n of objectAttributeNames(type)) {
        const av = a[n];
        const bv = b[n];
        if (av === undefined || bv === undefined) {
          if (av !== bv) return false;
          continue;
        }
        if (!valuesEqual(av, bv, type.attributes[n] as CtyType)) return false;
      }
      return true;
    }
    case "dynamic":
      return (
        a instanceof DynamicValue &&
        b instanceof DynamicValue &&
        typeEquals(a.type, b.type) &&
        valuesEqual(a.value, b.value, a.type)
      );
  }
}

// Small sets compare pairwise; larger ones through canonical keys (linear-ish instead of n²).
const PAIRWISE_LIMIT = 8;

function setsEqual(a: Value[], b: Value[], et: CtyType): boolean {
  if (a.length <= PAIRWISE_LIMIT && b.length <= PAIRWISE_LIMIT) {
    return allFoundIn(a, b, et) && allFoundIn(b, a, et);
  }
  const ka = new Set<string>();
  for (const v of a) ka.add(valueKey(v, et));
  const kb = new Set<string>();
  for (const v of b) {
    const k = valueKey(v, et);
    if (!ka.has(k)) return false;
    kb.add(k);
  }
  return ka.size === kb.size;
}

function allFoundIn(xs: Value[], ys: Value[], et: CtyType): boolean {
  outer: for (const x of xs) {
    for (const y of ys) if (valuesEqual(x, y, et)) continue outer;
    return false;
  }
  return true;
}

/**
 * A canonical string for a value: two values of `type` have the same key exactly when
 * valuesEqual says they are equal. Useful for de-duplicating set elements.
 */
export function valueKey(v: Value, type: CtyType): string {
  if (v === null) return "n";
  if (v instanceof Unknown) return "u";
  switch (type.kind) {
    case "string":
      return typeof v === "string" ? "s" + JSON.stringify(v) : "?";
    case "number":
      return v instanceof TfNumber ? "#" + v.text : "?";
    case "bool":
      return v === true ? "t" : v === false ? "f" : "?";
    case "list":
    case "tuple": {
      if (!Array.isArray(v)) return "?";
      let s = "[";
      for (let i = 0; i < v.length; i++) {
        if (i > 0) s += ",";
        s += valueKey(v[i] as Value, type.kind === "list" ? type.element : (type.elements[i] as CtyType));
      }
      return s + "]";
    }
    case "set": {
      if (!Array.isArray(v)) return "?";
      const keys = [...new Set(v.map((e) => valueKey(e, type.element)))].sort();
      return "{" + keys.join(",") + "}";
    }
    case "map": {
      if (!isKnownObject(v)) return "?";
      const keys = Object.keys(v).sort(compareUtf8);
      return "<" + keys.map((k) => JSON.stringify(k) + "=" + valueKey(v[k] as Value, type.element)).join(",") + ">";
    }
    case "object": {
      if (!isKnownObject(v)) return "?";
      return (
        "<" +
        objectAttributeNames(type)
          .map((n) => (v[n] === undefined ? "-" : valueKey(v[n] as Value, type.attributes[n] as CtyType)))
          .join(",") +
        ">"
      );
    }
    case "dynamic":
      return v instanceof DynamicValue ? "D" + typeJsonText(v.type) + ":" + valueKey(v.value, v.type) : "?";
  }
}

/** True if no Unknown appears anywhere in the value (including inside dynamic values). */
export function isWhollyKnown(v: Value, type: CtyType): boolean {
  if (v === null) return true;
  if (v instanceof Unknown) return false;
  switch (type.kind) {
    case "string":
    case "number":
    case "bool":
      return true;
    case "list":
    case "set":
    case "tuple": {
      if (!Array.isArray(v)) return true;
      for (let i = 0; i < v.length; i++) {
        const et = type.kind === "tuple" ? (type.elements[i] as CtyType) : type.element;
        if (!isWhollyKnown(v[i] as Value, et)) return false;
      }
      return true;
    }
    case "map": {
      if (!isKnownObject(v)) return true;
      for (const k of Object.keys(v)) if (!isWhollyKnown(v[k] as Value, type.element)) return false;
      return true;
    }
    case "object": {
      if (!isKnownObject(v)) return true;
      for (const n of objectAttributeNames(type)) {
        const av = v[n];
        if (av !== undefined && !isWhollyKnown(av, type.attributes[n] as CtyType)) return false;
      }
      return true;
    }
    case "dynamic":
      return v instanceof DynamicValue ? isWhollyKnown(v.value, v.type) : true;
  }
}

/** An object of `type` (an object type) with every attribute null. */
export function nullObjectFor(type: CtyType): ValueObject {
  if (type.kind !== "object") throw new TypeError(`nullObjectFor needs an object type, got ${typeName(type)}`);
  const o: ValueObject = {};
  for (const n of objectAttributeNames(type)) setOwn(o, n, null);
  return o;
}

/**
 * Checks that `v` has exactly the shape of `type` as Terraform will decode it: right JS
 * representation at every level, every object attribute present and no extra ones, tuples of the
 * right length, DynamicValues in dynamic slots, no duplicate known set elements. Returns a
 * description of the first problem (with its path), or null if the value conforms.
 */
export function conformsTo(v: Value, type: CtyType): string | null {
  try {
    check(v, type);
    return null;
  } catch (e) {
    if (e instanceof CtyCodecError) return e.steps.length === 0 ? e.reason : `${e.pathText}: ${e.reason}`;
    throw e;
  }
}

function problem(reason: string): CtyCodecError {
  return new CtyCodecError("value does not conform", reason);
}

function expected(t: CtyType, v: Value | undefined): CtyCodecError {
  return problem(`expected ${typeName(t)}, got ${describeValue(v)}`);
}

function check(v: Value | undefined, t: CtyType): void {
  if (v === undefined) throw expected(t, v);
  if (t.kind === "dynamic") {
    if (v === null || v instanceof Unknown) return;
    if (!(v instanceof DynamicValue)) {
      throw problem(`a dynamic slot needs a DynamicValue (value plus its concrete type), got ${describeValue(v)}`);
    }
    check(v.value, v.type);
    return;
  }
  if (v === null || v instanceof Unknown) return;
  switch (t.kind) {
    case "string":
      if (typeof v !== "string") throw expected(t, v);
      // a lone surrogate has no UTF-8 form: it would reach Terraform as U+FFFD, a different value
      if (!isWellFormed(v)) throw problem("string contains a lone UTF-16 surrogate (not valid Unicode)");
      return;
    case "number":
      if (!(v instanceof TfNumber)) throw expected(t, v);
      return;
    case "bool":
      if (typeof v !== "boolean") throw expected(t, v);
      return;
    case "list":
    case "set":
    case "tuple": {
      if (!Array.isArray(v)) throw expected(t, v);
      if (t.kind === "tuple" && v.length !== t.elements.length) {
        throw problem(`expected a tuple of ${t.elements.length} elements, got ${v.length}`);
      }
      for (let i = 0; i < v.length; i++) {
        try {
          check(v[i], t.kind === "tuple" ? (t.elements[i] as CtyType) : t.element);
        } catch (e) {
          throw withStep(e, { index: i });
        }
      }
      if (t.kind === "set" && v.length > 1) checkNoDuplicates(v, t.element);
      return;
    }
    case "map": {
      if (!isKnownObject(v)) throw expected(t, v);
      for (const k of Object.keys(v)) {
        try {
          check(v[k], t.element);
        } catch (e) {
          throw withStep(e, { key: k });
        }
      }
      return;
    }
    case "object": {
      if (!isKnownObject(v)) throw expected(t, v);
      const attrs = t.attributes;
      for (const n of objectAttributeNames(t)) {
        try {
          check(hasOwn(v, n) ? v[n] : undefined, attrs[n] as CtyType);
        } catch (e) {
          throw withStep(e, { attr: n });
        }
      }
      const keys = Object.keys(v);
      if (keys.length !== objectAttributeNames(t).length) {
        const extra = keys.filter((k) => !hasOwn(attrs, k));
        if (extra.length > 0) {
          throw problem(
            `unsupported attribute${extra.length > 1 ? "s" : ""} ${extra.map((k) => JSON.stringify(k)).join(", ")}`,
          );
        }
      }
      return;
    }
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isWellFormed(s: string): boolean {
  // String.prototype.isWellFormed (Node 20) is not in the ES2022 typings; fall back to a regex
  const native = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return typeof native === "function" ? native.call(s) : !LONE_SURROGATE.test(s);
}

function checkNoDuplicates(v: Value[], et: CtyType): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < v.length; i++) {
    const e = v[i] as Value;
    if (!isWhollyKnown(e, et)) continue; // unknown elements are distinct until known
    const k = valueKey(e, et);
    const first = seen.get(k);
    if (first !== undefined) {
      throw problem(`set elements [${first}] and [${i}] are equal (Terraform would merge them into one)`);
    }
    seen.set(k, i);
  }
}
