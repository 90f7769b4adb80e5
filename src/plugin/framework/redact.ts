// Renders a resource value for the log with every sensitive or write-only attribute replaced by
// "(sensitive)", at any depth. The schema decides what is secret, so a value never reaches the
// log without passing through its schema here.

import { DynamicValue, TfNumber, Unknown, isKnownObject, type Value } from "../cty/value";
import type { AttributeDef, BlockDef } from "./api";

const REDACTED_TEXT = "(sensitive)";
const UNKNOWN_TEXT = "(known after apply)";

type LogJson = null | string | boolean | LogJson[] | { [k: string]: LogJson };

export function redactForLog(block: BlockDef, v: Value): LogJson {
  if (v === null) return null;
  if (v instanceof Unknown) return UNKNOWN_TEXT;
  if (!isKnownObject(v)) return plain(v);
  const out: { [k: string]: LogJson } = {};
  for (const [name, a] of Object.entries(block.attributes)) out[name] = redactAttribute(a, v[name] ?? null);
  for (const [name, nb] of Object.entries(block.blockTypes ?? {})) {
    out[name] = mapContainer(
      v[name] ?? null,
      (e) => redactForLog(nb.block, e),
      nb.nesting === "single" || nb.nesting === "group",
    );
  }
  return out;
}

function redactAttribute(a: AttributeDef, v: Value): LogJson {
  if (v === null) return null;
  if (a.sensitive || a.writeOnly) return REDACTED_TEXT;
  if (v instanceof Unknown) return UNKNOWN_TEXT;
  if (a.nestedType !== undefined) {
    const inner: BlockDef = { attributes: a.nestedType.attributes };
    return mapContainer(v, (e) => redactForLog(inner, e), a.nestedType.nesting === "single");
  }
  return plain(v);
}

function mapContainer(v: Value, f: (e: Value) => LogJson, single: boolean): LogJson {
  if (v === null) return null;
  if (v instanceof Unknown) return UNKNOWN_TEXT;
  if (single) return f(v);
  if (Array.isArray(v)) return v.map(f);
  if (isKnownObject(v)) {
    const out: { [k: string]: LogJson } = {};
    for (const [k, e] of Object.entries(v)) out[k] = f(e);
    return out;
  }
  return plain(v);
}

function plain(v: Value): LogJson {
  if (v === null) return null;
  if (v instanceof Unknown) return UNKNOWN_TEXT;
  if (v instanceof TfNumber) return v.text;
  if (v instanceof DynamicValue) return plain(v.value);
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(plain);
  const out: { [k: string]: LogJson } = {};
  for (const [k, e] of Object.entries(v)) out[k] = plain(e);
  return out;
}
