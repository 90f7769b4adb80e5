// Type JSON (docs/design/plugin-protocol.md, "Values on the wire"): how a cty type is written in
// Schema.Attribute.type, in the dynamic-value wrapper of msgpack and in `{"value","type"}` JSON.
//
// Terraform parses these bytes strictly and crashes the CLI on a malformed type (pitfall P-28), so
// the writer emits exactly go-cty's compact form (object attributes sorted, Go's JSON string
// escaping) and the reader rejects everything outside the grammar with a message that says where.
//
// Types are immutable and reused across calls, so the text/bytes of a type are computed once and
// cached per type object; parsed type text is cached too (dynamic values repeat the same types).

import { PluginError } from "../errors";
import type { CtyType } from "./types";
import { compareUtf8, hasOwn, setOwn } from "./keys";

type TypeJson = string | TypeJson[] | { [name: string]: TypeJson };

/** The JSON structure of a type, e.g. "string", ["list","string"], ["object",{"a":"number"}]. */
export function typeToJson(t: CtyType): unknown {
  return toJson(t);
}

function toJson(t: CtyType): TypeJson {
  switch (t.kind) {
    case "string":
    case "number":
    case "bool":
    case "dynamic":
      return t.kind;
    case "list":
    case "set":
    case "map":
      return [t.kind, toJson(t.element)];
    case "tuple":
      return ["tuple", t.elements.map(toJson)];
    case "object": {
      const attrs: { [name: string]: TypeJson } = {};
      for (const name of objectAttributeNames(t)) setOwn(attrs, name, toJson(t.attributes[name] as CtyType));
      const optional = t.optional;
      if (optional !== undefined && optional.length > 0) {
        return ["object", attrs, [...optional].sort(compareUtf8)];
      }
      return ["object", attrs];
    }
    default:
      throw new TypeError(`not a cty type: ${describeBad(t)}`);
  }
}

const textCache = new WeakMap<CtyType, string>();
const bytesCache = new WeakMap<CtyType, Buffer>();

/** Compact type JSON text exactly as go-cty writes it. */
export function typeJsonText(t: CtyType): string {
  let s = textCache.get(t);
  if (s === undefined) {
    s = goJsonEscape(JSON.stringify(toJson(t)));
    textCache.set(t, s);
  }
  return s;
}

/**
 * Compact UTF-8 type JSON for Schema.Attribute.type and the msgpack dynamic wrapper. The returned
 * Buffer is shared between callers: treat it as read-only.
 */
export function typeJsonBytes(t: CtyType): Buffer {
  let b = bytesCache.get(t);
  if (b === undefined) {
    b = Buffer.from(typeJsonText(t), "utf8");
    bytesCache.set(t, b);
  }
  return b;
}

// Go's encoding/json escapes these characters; matching it keeps dynamic wrappers byte-exact.
const GO_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};
function goJsonEscape(json: string): string {
  return /[<>&\u2028\u2029]/.test(json) ? json.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] as string) : json;
}

/** Thrown for type JSON that is not a valid cty type. */
export class TypeJsonError extends PluginError {
  static override readonly CODE = "ERR_TYPE_JSON";

  constructor(message: string) {
    super("ERR_TYPE_JSON", message);
  }
}

/** Parses a type JSON structure (already JSON-parsed). Throws TypeJsonError naming the position. */
export function typeFromJson(j: unknown): CtyType {
  return fromJson(j, "");
}

const PRIMITIVES: Record<string, CtyType> = {
  string: Object.freeze({ kind: "string" }),
  number: Object.freeze({ kind: "number" }),
  bool: Object.freeze({ kind: "bool" }),
  dynamic: Object.freeze({ kind: "dynamic" }),
};

function fromJson(j: unknown, at: string): CtyType {
  if (typeof j === "string") {
    if (hasOwn(PRIMITIVES, j)) return PRIMITIVES[j] as CtyType;
    throw bad(at, `unknown type name ${JSON.stringify(j)} (expected "string", "number", "bool" or "dynamic")`);
  }
  if (!Array.isArray(j)) throw bad(at, `expected a type name string or a [kind, ...] array, got ${describeBad(j)}`);
  const kind: unknown = j[0];
  switch (kind) {
    case "list":
    case "set":
    case "map":
      if (j.length !== 2) throw bad(at, `["${kind}", T] must have exactly 2 elements, got ${j.length}`);
      return Object.freeze({ kind, element: fromJson(j[1], `${at}[1]`) });
    case "tuple": {
      if (j.length !== 2) throw bad(at, `["tuple", [T...]] must have exactly 2 elements, got ${j.length}`);
      const elems: unknown = j[1];
      if (!Array.isArray(elems))
        throw bad(`${at}[1]`, `tuple element types must be an array, got ${describeBad(elems)}`);
      return Object.freeze({
        kind: "tuple",
        elements: Object.freeze(elems.map((e, i) => fromJson(e, `${at}[1][${i}]`))),
      });
    }
    case "object": {
      if (j.length !== 2 && j.length !== 3) {
        throw bad(at, `["object", {...}] must have 2 elements (3 with optional attributes), got ${j.length}`);
      }
      const attrsJson: unknown = j[1];
      if (attrsJson === null || typeof attrsJson !== "object" || Array.isArray(attrsJson)) {
        throw bad(`${at}[1]`, `object attribute types must be a JSON object, got ${describeBad(attrsJson)}`);
      }
      const attributes: Record<string, CtyType> = {};
      for (const name of Object.keys(attrsJson)) {
        setOwn(attributes, name, fromJson((attrsJson as Record<string, unknown>)[name], `${at}[1].${name}`));
      }
      Object.freeze(attributes);
      if (j.length === 3) {
        const opt: unknown = j[2];
        if (!Array.isArray(opt))
          throw bad(`${at}[2]`, `optional attribute names must be an array, got ${describeBad(opt)}`);
        const seen = new Set<string>();
        for (const [i, n] of opt.entries()) {
          if (typeof n !== "string") throw bad(`${at}[2][${i}]`, `optional attribute name must be a string`);
          if (!hasOwn(attributes, n))
            throw bad(`${at}[2][${i}]`, `optional attribute ${JSON.stringify(n)} is not an attribute of the object`);
          if (seen.has(n)) throw bad(`${at}[2][${i}]`, `optional attribute ${JSON.stringify(n)} listed twice`);
          seen.add(n);
        }
        if (opt.length > 0)
          return Object.freeze({ kind: "object", attributes, optional: Object.freeze([...(opt as string[])]) });
      }
      return Object.freeze({ kind: "object", attributes });
    }
    default:
      throw bad(at, `unknown type kind ${describeBad(kind)} (expected "list", "set", "map", "object" or "tuple")`);
  }
}

function bad(at: string, what: string): TypeJsonError {
  return new TypeJsonError(`invalid type JSON${at === "" ? "" : ` at ${at}`}: ${what}`);
}

function describeBad(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v);
  return typeof v;
}

const parsedCache = new Map<string, CtyType>();
const PARSED_CACHE_LIMIT = 512;

/** Parses type JSON text or UTF-8 bytes; results are cached (and frozen) per distinct text. */
export function typeFromJsonText(text: string | Uint8Array): CtyType {
  const s =
    typeof text === "string" ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString("utf8");
  const hit = parsedCache.get(s);
  if (hit !== undefined) return hit;
  let j: unknown;
  try {
    j = JSON.parse(s);
  } catch (e) {
    throw new TypeJsonError(`invalid type JSON: not JSON (${(e as Error).message}): ${truncate(s)}`);
  }
  const t = fromJson(j, "");
  // a bounded cache: types come from the provider's own schema and Terraform's dynamic values,
  // so a handful of distinct texts is normal; the bound only guards against pathological input
  if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.clear();
  parsedCache.set(s, t);
  return t;
}

function truncate(s: string): string {
  return s.length > 80 ? JSON.stringify(s.slice(0, 80)) + "…" : JSON.stringify(s);
}

/** Structural type equality (optional-attribute markers compared as sets). */
export function typeEquals(a: CtyType, b: CtyType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "string":
    case "number":
    case "bool":
    case "dynamic":
      return true;
    case "list":
    case "set":
    case "map":
      return typeEquals(a.element, (b as { element: CtyType }).element);
    case "tuple": {
      const be = (b as { elements: readonly CtyType[] }).elements;
      if (a.elements.length !== be.length) return false;
      for (let i = 0; i < be.length; i++) if (!typeEquals(a.elements[i] as CtyType, be[i] as CtyType)) return false;
      return true;
    }
    case "object": {
      const bo = b as Extract<CtyType, { kind: "object" }>;
      const an = objectAttributeNames(a);
      const bn = objectAttributeNames(bo);
      if (an.length !== bn.length) return false;
      for (let i = 0; i < an.length; i++) {
        const name = an[i] as string;
        if (name !== bn[i]) return false;
        if (!typeEquals(a.attributes[name] as CtyType, bo.attributes[name] as CtyType)) return false;
      }
      const ao = a.optional ?? [];
      const bop = bo.optional ?? [];
      if (ao.length !== bop.length) return false;
      for (const n of ao) if (!bop.includes(n)) return false;
      return true;
    }
  }
}

const namesCache = new WeakMap<object, readonly string[]>();

/** Attribute names of an object type, sorted in Go order; cached per type object. */
export function objectAttributeNames(t: Extract<CtyType, { kind: "object" }>): readonly string[] {
  let names = namesCache.get(t);
  if (names === undefined) {
    names = Object.freeze(Object.keys(t.attributes).sort(compareUtf8));
    namesCache.set(t, names);
  }
  return names;
}

/** True if the type is dynamic or contains dynamic anywhere (go-cty HasDynamicTypes). */
export function hasDynamicTypes(t: CtyType): boolean {
  switch (t.kind) {
    case "dynamic":
      return true;
    case "string":
    case "number":
    case "bool":
      return false;
    case "list":
    case "set":
    case "map":
      return hasDynamicTypes(t.element);
    case "tuple":
      return t.elements.some(hasDynamicTypes);
    case "object":
      for (const n of Object.keys(t.attributes)) if (hasDynamicTypes(t.attributes[n] as CtyType)) return true;
      return false;
  }
}

/** Human-readable type name for error messages ("list of string", "object", ...). */
export function typeName(t: CtyType): string {
  switch (t.kind) {
    case "list":
    case "set":
    case "map":
      return `${t.kind} of ${typeName(t.element)}`;
    case "object":
      return "object";
    case "tuple":
      return "tuple";
    default:
      return t.kind;
  }
}
