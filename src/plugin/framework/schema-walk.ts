// Walks a planned value attribute by attribute alongside the matching configuration and prior
// values, letting a visitor replace each attribute's planned value. Used by every planner pass.
//
// Correlation of elements: lists by index, maps by key. Set elements have no stable address, so
// inside a set the planned element stands in for its configuration (the proposal copies
// configured values unchanged) and the prior element is the equal prior element, if any. Paths
// stop at the set itself, as Terraform cannot address set elements in diagnostics or
// requires_replace.

import type { CtyType } from "../cty/types";
import { UNKNOWN, Unknown, isKnownObject, type Value, type ValueObject } from "../cty/value";
import { valuesEqual } from "../cty/equality";
import type { AttributeDef, BlockDef, NestedAttributeObjectDef } from "./api";
import type { AttributePath } from "./path";
import { attributeType, blockType } from "./schema-def";

export interface VisitArgs {
  readonly attribute: AttributeDef;
  readonly type: CtyType;
  readonly path: AttributePath;
  readonly planned: Value;
  readonly config: Value;
  readonly prior: Value;
  /** true inside a set element, where `config` is only the planned element's own value */
  readonly inSet: boolean;
}

export type AttributeVisitor = (args: VisitArgs) => Value;

function child(v: Value, name: string): Value {
  if (v instanceof Unknown) return UNKNOWN;
  if (isKnownObject(v)) return v[name] ?? null;
  return null;
}

function element(v: Value, index: number): Value {
  if (v instanceof Unknown) return UNKNOWN;
  return Array.isArray(v) ? (v[index] ?? null) : null;
}

/** Visit every attribute of a block value (top-level object or nested block object). */
export function walkBlock(
  block: BlockDef,
  planned: Value,
  config: Value,
  prior: Value,
  path: AttributePath,
  inSet: boolean,
  visit: AttributeVisitor,
): Value {
  if (!isKnownObject(planned)) return planned;
  const out: ValueObject = { ...planned };
  for (const [name, a] of Object.entries(block.attributes)) {
    const at = inSet ? path : path.attr(name);
    const c = inSet ? (planned[name] ?? null) : child(config, name);
    const p = child(prior, name);
    let v = visit({
      attribute: a,
      type: attributeType(a),
      path: at,
      planned: planned[name] ?? null,
      config: c,
      prior: p,
      inSet,
    });
    if (a.nestedType !== undefined && (inSet || isKnownObject(c) || Array.isArray(c))) {
      v = walkNestedAttribute(a.nestedType, v, c, p, at, inSet, visit);
    }
    out[name] = v;
  }
  for (const [name, nb] of Object.entries(block.blockTypes ?? {})) {
    const at = inSet ? path : path.attr(name);
    const pv = planned[name] ?? null;
    const c = inSet ? pv : child(config, name);
    const p = child(prior, name);
    switch (nb.nesting) {
      case "single":
      case "group":
        out[name] = walkBlock(nb.block, pv, c, p, at, inSet, visit);
        break;
      case "list":
        out[name] = mapList(pv, (e, i) =>
          walkBlock(nb.block, e, element(c, i), element(p, i), inSet ? at : at.index(i), inSet, visit),
        );
        break;
      case "map":
        out[name] = mapMap(pv, (e, k) =>
          walkBlock(nb.block, e, child(c, k), child(p, k), inSet ? at : at.key(k), inSet, visit),
        );
        break;
      case "set": {
        const t = blockType(nb.block);
        out[name] = mapList(pv, (e) => walkBlock(nb.block, e, e, equalElement(p, e, t), at, true, visit));
        break;
      }
    }
  }
  return out;
}

function walkNestedAttribute(
  nested: NestedAttributeObjectDef,
  planned: Value,
  config: Value,
  prior: Value,
  path: AttributePath,
  inSet: boolean,
  visit: AttributeVisitor,
): Value {
  const asBlock: BlockDef = { attributes: nested.attributes };
  switch (nested.nesting) {
    case "single":
      return walkBlock(asBlock, planned, config, prior, path, inSet, visit);
    case "list":
      return mapList(planned, (e, i) =>
        walkBlock(
          asBlock,
          e,
          inSet ? e : element(config, i),
          element(prior, i),
          inSet ? path : path.index(i),
          inSet,
          visit,
        ),
      );
    case "map":
      return mapMap(planned, (e, k) =>
        walkBlock(asBlock, e, inSet ? e : child(config, k), child(prior, k), inSet ? path : path.key(k), inSet, visit),
      );
    case "set": {
      const t = blockType(asBlock);
      return mapList(planned, (e) => walkBlock(asBlock, e, e, equalElement(prior, e, t), path, true, visit));
    }
  }
}

function mapList(v: Value, f: (e: Value, i: number) => Value): Value {
  return Array.isArray(v) ? v.map(f) : v;
}

function mapMap(v: Value, f: (e: Value, k: string) => Value): Value {
  if (!isKnownObject(v)) return v;
  const out: ValueObject = {};
  for (const [k, e] of Object.entries(v)) out[k] = f(e, k);
  return out;
}

function equalElement(priorSet: Value, e: Value, t: CtyType): Value {
  if (!Array.isArray(priorSet)) return null;
  return priorSet.find((p) => valuesEqual(p, e, t)) ?? null;
}
