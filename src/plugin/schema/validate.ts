// Schema self-check. Terraform validates every schema a provider returns (configschema
// InternalValidate; see docs/design/plugin-protocol.md, "Schemas") and refuses to run *any* command if one is invalid,
// so the provider checks its own schemas first and reports every problem at once, by path.
// On top of Terraform's rules it applies terraform-plugin-framework's: strict names, reserved
// top-level names, and write-only attributes only in managed resources and never computed.

import type { CtyType } from "../cty/types";
import { hasDynamicTypes, typeToJson } from "../cty/type-json";
import { attributeType, impliedType } from "./implied-type";
import type { Attribute, Block, NestedAttributeObject, NestedBlock, Schema } from "./model";

export type SchemaKind = "provider" | "resource" | "data";

const NAME = /^[a-z_][a-z0-9_]*$/;

const RESERVED: Record<SchemaKind, readonly string[]> = {
  // meta-arguments of resource/data blocks
  resource: ["connection", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioner"],
  data: ["connection", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioner"],
  // meta-arguments of provider blocks
  provider: ["alias", "version"],
};

const BLOCK_NESTINGS = new Set(["single", "list", "set", "map", "group"]);
const OBJECT_NESTINGS = new Set(["single", "list", "set", "map"]);
const DESCRIPTION_KINDS = new Set([undefined, "plain", "markdown"]);

interface Ctx {
  where: SchemaKind;
  problems: string[];
  /** inside a SET-nested block or SET nested attribute (write-only forbidden there) */
  inSet: boolean;
}

/** Every problem with the schema, each naming its path; an empty array means valid. */
export function terraformSchemaProblems(schema: Schema, where: SchemaKind): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(schema.version) || schema.version < 0) {
    problems.push(`version: must be a non-negative integer, got ${String(schema.version)}`);
  }
  if (schema.block === undefined || schema.block === null || typeof schema.block !== "object") {
    problems.push("block: missing");
    return problems;
  }
  const ctx: Ctx = { where, problems, inSet: false };
  const names = [...Object.keys(schema.block.attributes ?? {}), ...Object.keys(schema.block.blockTypes ?? {})];
  for (const n of names) {
    if (RESERVED[where].includes(n)) {
      problems.push(
        `${n}: the name is reserved for Terraform's ${where === "provider" ? "provider" : `${where} block`} ` +
          `meta-argument`,
      );
    }
  }
  checkBlock(schema.block, "", ctx);
  return problems;
}

function at(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}

function checkBlock(block: Block, path: string, ctx: Ctx): void {
  const label = path === "" ? "(root block)" : path;
  if (block.attributes === undefined || block.attributes === null || typeof block.attributes !== "object") {
    ctx.problems.push(`${label}: attributes must be an object (use {} for none)`);
    return;
  }
  if (block.deprecationMessage && block.deprecated !== true) {
    ctx.problems.push(`${label}: deprecationMessage is set but deprecated is not`);
  }
  if (!DESCRIPTION_KINDS.has(block.descriptionKind)) {
    ctx.problems.push(`${label}: descriptionKind must be "plain" or "markdown"`);
  }
  const blockTypes = block.blockTypes ?? {};
  for (const name of Object.keys(block.attributes)) {
    const p = at(path, name);
    checkName(name, p, ctx);
    if (Object.prototype.hasOwnProperty.call(blockTypes, name)) {
      ctx.problems.push(`${p}: the name is used both for an attribute and for a nested block`);
    }
    checkAttribute(block.attributes[name] as Attribute, p, ctx);
  }
  for (const name of Object.keys(blockTypes)) {
    const p = at(path, name);
    checkName(name, p, ctx);
    checkNestedBlock(blockTypes[name] as NestedBlock, p, ctx);
  }
}

function checkName(name: string, path: string, ctx: Ctx): void {
  if (!NAME.test(name)) {
    ctx.problems.push(
      `${path}: invalid name ${JSON.stringify(name)} (lowercase letters, digits and underscores, not starting with ` +
        `a digit)`,
    );
  }
}

function checkAttribute(a: Attribute, path: string, ctx: Ctx): void {
  const p = ctx.problems;
  if (a === null || typeof a !== "object") {
    p.push(`${path}: not an attribute definition`);
    return;
  }
  if (a.required !== true && a.optional !== true && a.computed !== true) {
    p.push(`${path}: must be required, optional or computed`);
  }
  if (a.required === true && a.optional === true) p.push(`${path}: cannot be both required and optional`);
  if (a.required === true && a.computed === true) p.push(`${path}: cannot be both required and computed`);
  if (a.deprecationMessage && a.deprecated !== true) p.push(`${path}: deprecationMessage is set but deprecated is not`);
  if (!DESCRIPTION_KINDS.has(a.descriptionKind)) p.push(`${path}: descriptionKind must be "plain" or "markdown"`);
  if (a.writeOnly === true) {
    if (ctx.where !== "resource") p.push(`${path}: write-only attributes are only allowed in managed resource schemas`);
    if (a.computed === true) p.push(`${path}: a write-only attribute cannot be computed`);
    if (ctx.inSet) p.push(`${path}: write-only attributes are not allowed inside SET nested blocks or attributes`);
  }
  const hasType = a.type !== undefined && a.type !== null;
  const hasNested = a.nestedType !== undefined && a.nestedType !== null;
  if (hasType === hasNested) {
    p.push(`${path}: must have exactly one of type or nestedType`);
    return;
  }
  if (hasType) {
    const why = typeProblem(a.type as CtyType);
    if (why !== null) p.push(`${path}: invalid type: ${why}`);
    else if (hasOptionalMarkers(a.type as CtyType)) {
      p.push(
        `${path}: object types with optional-attribute markers are not supported in schemas (cdktf drops them; use ` +
          `a nested attribute)`,
      );
    }
    return;
  }
  checkNestedType(a.nestedType as NestedAttributeObject, path, ctx);
}

function checkNestedType(o: NestedAttributeObject, path: string, ctx: Ctx): void {
  if (!OBJECT_NESTINGS.has(o.nesting)) {
    ctx.problems.push(
      `${path}: nested attribute nesting must be single, list, set or map, got ${JSON.stringify(o.nesting)}`,
    );
    return;
  }
  if (o.attributes === undefined || o.attributes === null || typeof o.attributes !== "object") {
    ctx.problems.push(`${path}: nested attributes must be an object`);
    return;
  }
  const inner: Ctx = { ...ctx, inSet: ctx.inSet || o.nesting === "set" };
  for (const name of Object.keys(o.attributes)) {
    const p = at(path, name);
    checkName(name, p, ctx);
    checkAttribute(o.attributes[name] as Attribute, p, inner);
  }
  if (o.nesting === "set" && containsDynamic(() => attributeType({ nestedType: o, optional: true }))) {
    ctx.problems.push(`${path}: SET nested attributes may not contain dynamic types`);
  }
}

function checkNestedBlock(nb: NestedBlock, path: string, ctx: Ctx): void {
  const p = ctx.problems;
  if (nb === null || typeof nb !== "object" || nb.block === null || typeof nb.block !== "object") {
    p.push(`${path}: nested block definition needs a block`);
    return;
  }
  if (!BLOCK_NESTINGS.has(nb.nesting)) {
    p.push(`${path}: nesting must be single, group, list, set or map, got ${JSON.stringify(nb.nesting)}`);
    return;
  }
  const min = nb.minItems ?? 0;
  const max = nb.maxItems ?? 0;
  let countsOk = true;
  for (const [k, v] of [
    ["minItems", min],
    ["maxItems", max],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      p.push(`${path}: ${k} must be a non-negative integer`);
      countsOk = false;
    }
  }
  if (countsOk) {
    switch (nb.nesting) {
      case "single":
        if (min !== max) p.push(`${path}: minItems and maxItems must match in single nesting mode`);
        else if (min > 1) p.push(`${path}: minItems and maxItems must be 0 or 1 in single nesting mode`);
        break;
      case "group":
        if (min !== 0 || max !== 0) p.push(`${path}: minItems and maxItems cannot be used in group nesting mode`);
        break;
      case "list":
      case "set":
        if (max !== 0 && min > max)
          p.push(`${path}: minItems must be less than or equal to maxItems in ${nb.nesting} nesting mode`);
        break;
      case "map":
        if (min !== 0 || max !== 0) p.push(`${path}: minItems and maxItems must both be 0 in map nesting mode`);
        break;
    }
  }
  if (nb.nesting === "set" && containsDynamic(() => impliedType(nb.block))) {
    p.push(`${path}: SET nested blocks may not contain attributes of dynamic type`);
  }
  checkBlock(nb.block, path, { ...ctx, inSet: ctx.inSet || nb.nesting === "set" });
}

/** Runs a type computation that may throw on a broken schema (reported elsewhere). */
function containsDynamic(compute: () => CtyType): boolean {
  try {
    return hasDynamicTypes(compute());
  } catch {
    return false;
  }
}

function typeProblem(t: CtyType): string | null {
  const structural = deepTypeProblem(t);
  if (structural !== null) return structural;
  try {
    typeToJson(t);
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

function deepTypeProblem(t: CtyType): string | null {
  if (t === null || typeof t !== "object") return `not a type: ${String(t)}`;
  switch (t.kind) {
    case "string":
    case "number":
    case "bool":
    case "dynamic":
      return null;
    case "list":
    case "set":
    case "map":
      if (t.element === undefined || t.element === null) return `${t.kind} without an element type`;
      return deepTypeProblem(t.element);
    case "tuple":
      if (!Array.isArray(t.elements)) return "tuple without element types";
      for (const e of t.elements) {
        const w = deepTypeProblem(e);
        if (w !== null) return w;
      }
      return null;
    case "object":
      if (t.attributes === null || typeof t.attributes !== "object") return "object without attribute types";
      for (const n of Object.keys(t.attributes)) {
        const w = deepTypeProblem(t.attributes[n] as CtyType);
        if (w !== null) return w;
      }
      return null;
    default:
      return `unknown type kind ${JSON.stringify((t as { kind: unknown }).kind)}`;
  }
}

function hasOptionalMarkers(t: CtyType): boolean {
  switch (t.kind) {
    case "list":
    case "set":
    case "map":
      return hasOptionalMarkers(t.element);
    case "tuple":
      return t.elements.some(hasOptionalMarkers);
    case "object":
      return (
        (t.optional !== undefined && t.optional.length > 0) || Object.values(t.attributes).some(hasOptionalMarkers)
      );
    default:
      return false;
  }
}
