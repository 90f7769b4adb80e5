// Framework schema definitions → protocol schema, and the framework's own rules on top of
// Terraform's (defaults only where Terraform accepts a planned value for a null config, write-only
// never computed, ...). A definition that breaks them is a provider bug, reported at start-up.

import type { CtyType } from "../cty/types";
import type { Value } from "../cty/value";
import type { Attribute, Block, NestedAttributeObject, NestedBlock, Schema } from "../schema/model";
import type { AttributeDef, BlockDef, NestedAttributeObjectDef, NestedBlockDef, SchemaDef } from "./api";
import { InvalidDefinitionError } from "./diagnostics";
import { AttributePath } from "./path";
import { fromInput } from "./values";

function attributeToProtocol(a: AttributeDef): Attribute {
  const out: Attribute = {};
  if (a.type !== undefined) out.type = a.type;
  if (a.nestedType !== undefined) out.nestedType = nestedObjectToProtocol(a.nestedType);
  if (a.markdownDescription !== undefined) {
    out.description = a.markdownDescription;
    out.descriptionKind = "markdown";
  } else if (a.description !== undefined) {
    out.description = a.description;
    if (a.descriptionKind !== undefined) out.descriptionKind = a.descriptionKind;
  }
  if (a.required) out.required = true;
  if (a.optional) out.optional = true;
  if (a.computed) out.computed = true;
  if (a.sensitive) out.sensitive = true;
  if (a.writeOnly) out.writeOnly = true;
  if (a.deprecated) out.deprecated = true;
  if (a.deprecationMessage !== undefined) out.deprecationMessage = a.deprecationMessage;
  return out;
}

function nestedObjectToProtocol(n: NestedAttributeObjectDef): NestedAttributeObject {
  const attributes: Record<string, Attribute> = {};
  for (const [name, a] of Object.entries(n.attributes)) attributes[name] = attributeToProtocol(a);
  return { nesting: n.nesting, attributes };
}

function blockToProtocol(b: BlockDef): Block {
  const attributes: Record<string, Attribute> = {};
  for (const [name, a] of Object.entries(b.attributes)) attributes[name] = attributeToProtocol(a);
  const out: Block = { attributes };
  if (b.blockTypes !== undefined) {
    const blockTypes: Record<string, NestedBlock> = {};
    for (const [name, nb] of Object.entries(b.blockTypes)) blockTypes[name] = nestedBlockToProtocol(nb);
    out.blockTypes = blockTypes;
  }
  if (b.markdownDescription !== undefined) {
    out.description = b.markdownDescription;
    out.descriptionKind = "markdown";
  } else if (b.description !== undefined) {
    out.description = b.description;
    if (b.descriptionKind !== undefined) out.descriptionKind = b.descriptionKind;
  }
  if (b.deprecated) out.deprecated = true;
  if (b.deprecationMessage !== undefined) out.deprecationMessage = b.deprecationMessage;
  return out;
}

function nestedBlockToProtocol(nb: NestedBlockDef): NestedBlock {
  const out: NestedBlock = { nesting: nb.nesting, block: blockToProtocol(nb.block) };
  if (nb.minItems !== undefined) out.minItems = nb.minItems;
  if (nb.maxItems !== undefined) out.maxItems = nb.maxItems;
  return out;
}

export function schemaDefToModel(s: SchemaDef): Schema {
  return { version: s.version, block: blockToProtocol(s.block) };
}

/** The cty type of one attribute (its declared type, or the type its nested object implies). */
export function attributeType(a: AttributeDef): CtyType {
  if (a.type !== undefined) return a.type;
  if (a.nestedType === undefined) return { kind: "dynamic" };
  const attrs: Record<string, CtyType> = {};
  for (const [name, inner] of Object.entries(a.nestedType.attributes)) attrs[name] = attributeType(inner);
  const obj: CtyType = { kind: "object", attributes: attrs };
  switch (a.nestedType.nesting) {
    case "single":
      return obj;
    case "list":
      return { kind: "list", element: obj };
    case "set":
      return { kind: "set", element: obj };
    case "map":
      return { kind: "map", element: obj };
  }
}

/** The object type of a block (docs/design/plugin-protocol.md, "Schemas"), computed from the definition. */
export function blockType(b: BlockDef): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const [name, a] of Object.entries(b.attributes)) attrs[name] = attributeType(a);
  for (const [name, nb] of Object.entries(b.blockTypes ?? {})) {
    const inner = blockType(nb.block);
    switch (nb.nesting) {
      case "single":
      case "group":
        attrs[name] = inner;
        break;
      case "list":
        attrs[name] = { kind: "list", element: inner };
        break;
      case "set":
        attrs[name] = { kind: "set", element: inner };
        break;
      case "map":
        attrs[name] = { kind: "map", element: inner };
        break;
    }
  }
  return { kind: "object", attributes: attrs };
}

/** A block value with every attribute null and nested block collections empty. */
export function emptyBlockValue(b: BlockDef): { [k: string]: Value } {
  const out: { [k: string]: Value } = {};
  for (const name of Object.keys(b.attributes)) out[name] = null;
  for (const [name, nb] of Object.entries(b.blockTypes ?? {})) {
    switch (nb.nesting) {
      case "single":
        out[name] = null;
        break;
      case "group":
        out[name] = emptyBlockValue(nb.block);
        break;
      case "list":
      case "set":
        out[name] = [];
        break;
      case "map":
        out[name] = {};
        break;
    }
  }
  return out;
}

export type SchemaKind = "provider" | "resource" | "data source";

/**
 * Framework-level rules on top of schema/validate.ts (which covers Terraform's own rules). Returns problems as
 * text naming the attribute; empty when the definition is fine.
 */
export function frameworkSchemaProblems(s: SchemaDef, where: string, kind: SchemaKind): string[] {
  const problems: string[] = [];
  if (kind !== "resource" && s.version !== 0) problems.push(`${where}: only resources have schema versions (use 0)`);
  checkBlock(s.block, AttributePath.ROOT, where, kind, problems);
  return problems;
}

function checkBlock(b: BlockDef, at: AttributePath, where: string, kind: SchemaKind, out: string[]): void {
  for (const [name, a] of Object.entries(b.attributes)) checkAttribute(a, at.attr(name), where, kind, out);
  for (const [name, nb] of Object.entries(b.blockTypes ?? {})) checkBlock(nb.block, at.attr(name), where, kind, out);
}

function checkAttribute(a: AttributeDef, at: AttributePath, where: string, kind: SchemaKind, out: string[]): void {
  const name = `${where}: attribute ${at.toString()}`;
  if (a.default !== undefined) {
    if (!(a.optional && a.computed)) {
      out.push(
        `${name}: a default needs optional = true and computed = true (Terraform rejects a planned value for a ` +
          `null, non-computed config value)`,
      );
    }
    try {
      fromInput(a.default, attributeType(a), at);
    } catch (e) {
      out.push(`${name}: default does not fit the attribute type (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (a.writeOnly) {
    // (computed, set nesting and non-resource use are rejected by schema/validate.ts)
    if (a.default !== undefined) out.push(`${name}: a write-only attribute cannot have a default`);
  }
  if (kind !== "resource" && a.planModifiers !== undefined && a.planModifiers.length > 0) {
    out.push(`${name}: plan modifiers only apply to managed resources`);
  }
  if (a.nestedType !== undefined) {
    for (const [n, na] of Object.entries(a.nestedType.attributes)) checkAttribute(na, at.attr(n), where, kind, out);
  }
}

/** Throws one error listing every problem; used when a provider definition is loaded. */
export function assertNoProblems(problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new InvalidDefinitionError(problems);
  }
}
