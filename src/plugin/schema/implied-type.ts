// The cty type of the value Terraform sends for a block (docs/design/plugin-protocol.md): an object with
// one attribute per schema attribute and one per nested block type.
//
//   nested attribute  SINGLE → O    LIST → list(O)  SET → set(O)  MAP → map(O)
//   nested block      SINGLE/GROUP → B   LIST → list(B)   SET → set(B)   MAP → map(B)
//
// except that a LIST or MAP *block* whose element type contains `dynamic` anywhere becomes
// `dynamic` as a whole (Terraform decodes such blocks as a tuple / object of objects, which then
// travels in the dynamic wrapper). The reference documents this for blocks only; nested
// attributes keep their collection type (our reading of Terraform's configschema — unconfirmed for
// nested attributes, and moot for a schema that follows the "no dynamic in collections" advice).
//
// Optional-attribute markers never appear in an implied type (they are stripped deeply).
//
// Schemas are built once and never mutated, so the result is cached per Block object.

import type { CtyType } from "../cty/types";
import { hasDynamicTypes } from "../cty/type-json";
import type { Attribute, Block, NestedAttributeObject } from "./model";

const blockCache = new WeakMap<Block, CtyType>();

export function impliedType(block: Block): CtyType {
  let t = blockCache.get(block);
  if (t === undefined) {
    t = computeBlockType(block);
    blockCache.set(block, t);
  }
  return t;
}

function computeBlockType(block: Block): CtyType {
  const attributes: Record<string, CtyType> = {};
  for (const name of Object.keys(block.attributes)) {
    defineAttr(attributes, name, attributeType(block.attributes[name] as Attribute, name));
  }
  const blockTypes = block.blockTypes ?? {};
  for (const name of Object.keys(blockTypes)) {
    const nb = blockTypes[name]!;
    const inner = impliedType(nb.block);
    let t: CtyType;
    switch (nb.nesting) {
      case "single":
      case "group":
        t = inner;
        break;
      case "list":
        t = hasDynamicTypes(inner) ? DYNAMIC : Object.freeze({ kind: "list", element: inner });
        break;
      case "map":
        t = hasDynamicTypes(inner) ? DYNAMIC : Object.freeze({ kind: "map", element: inner });
        break;
      case "set":
        t = Object.freeze({ kind: "set", element: inner });
        break;
      default:
        throw new TypeError(`block type ${JSON.stringify(name)}: invalid nesting mode ${JSON.stringify(nb.nesting)}`);
    }
    defineAttr(attributes, name, t);
  }
  return Object.freeze({ kind: "object", attributes: Object.freeze(attributes) });
}

const DYNAMIC: CtyType = Object.freeze({ kind: "dynamic" });

function defineAttr(attrs: Record<string, CtyType>, name: string, t: CtyType): void {
  if (Object.prototype.hasOwnProperty.call(attrs, name)) {
    throw new TypeError(`${JSON.stringify(name)} is declared both as an attribute and as a block type`);
  }
  Object.defineProperty(attrs, name, { value: t, enumerable: true, writable: false, configurable: false });
}

/** The value type of one schema attribute (its `type`, or the type implied by `nestedType`). */
export function attributeType(attr: Attribute, name = "attribute"): CtyType {
  if (attr.nestedType !== undefined) {
    if (attr.type !== undefined) throw new TypeError(`${JSON.stringify(name)} has both type and nestedType`);
    return nestedObjectType(attr.nestedType);
  }
  if (attr.type === undefined) throw new TypeError(`${JSON.stringify(name)} has neither type nor nestedType`);
  return withoutOptionalMarkers(attr.type);
}

const nestedCache = new WeakMap<NestedAttributeObject, CtyType>();

function nestedObjectType(obj: NestedAttributeObject): CtyType {
  const cached = nestedCache.get(obj);
  if (cached !== undefined) return cached;
  let t: CtyType;
  const attributes: Record<string, CtyType> = {};
  for (const name of Object.keys(obj.attributes)) {
    defineAttr(attributes, name, attributeType(obj.attributes[name] as Attribute, name));
  }
  const o: CtyType = Object.freeze({ kind: "object", attributes: Object.freeze(attributes) });
  switch (obj.nesting) {
    case "single":
      t = o;
      break;
    case "list":
    case "set":
    case "map":
      t = Object.freeze({ kind: obj.nesting, element: o });
      break;
    default:
      throw new TypeError(`invalid nested attribute nesting mode ${JSON.stringify(obj.nesting)}`);
  }
  nestedCache.set(obj, t);
  return t;
}

/** The same type with every object's optional-attribute markers removed (go-cty WithoutOptionalAttributesDeep). */
function withoutOptionalMarkers(t: CtyType): CtyType {
  switch (t.kind) {
    case "string":
    case "number":
    case "bool":
    case "dynamic":
      return t;
    case "list":
    case "set":
    case "map": {
      const e = withoutOptionalMarkers(t.element);
      return e === t.element ? t : { kind: t.kind, element: e };
    }
    case "tuple": {
      const es = t.elements.map(withoutOptionalMarkers);
      return es.every((e, i) => e === t.elements[i]) ? t : { kind: "tuple", elements: es };
    }
    case "object": {
      let changed = t.optional !== undefined;
      const attributes: Record<string, CtyType> = {};
      for (const name of Object.keys(t.attributes)) {
        const a = t.attributes[name] as CtyType;
        const s = withoutOptionalMarkers(a);
        if (s !== a) changed = true;
        Object.defineProperty(attributes, name, { value: s, enumerable: true, writable: true, configurable: true });
      }
      return changed ? { kind: "object", attributes } : t;
    }
  }
}
