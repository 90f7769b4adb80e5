// Schema model → the JSON `terraform providers schema -json` prints (docs/design/plugin-protocol.md, "Schemas"),
// which is what @cdktf/provider-generator reads. Mirrors Terraform's jsonprovider structs and Go's
// `omitempty`: false booleans, empty strings, zero min/max and empty maps are left out;
// `version` is always present and `description_kind` is always "plain" or "markdown". Map keys
// are emitted sorted, as Go's encoder does.

import { compareUtf8 } from "../cty/keys";
import { typeToJson } from "../cty/type-json";
import type { Attribute, Block, NestedAttributeObject, NestedBlock, Schema } from "./model";

export interface SchemaJson {
  version: number;
  block: BlockJson;
}

export interface BlockJson {
  attributes?: Record<string, AttributeJson>;
  block_types?: Record<string, BlockTypeJson>;
  description?: string;
  description_kind: "plain" | "markdown";
  deprecated?: true;
  deprecation_message?: string;
}

export interface AttributeJson {
  type?: unknown;
  nested_type?: { attributes?: Record<string, AttributeJson>; nesting_mode: string };
  description?: string;
  description_kind: "plain" | "markdown";
  deprecated?: true;
  deprecation_message?: string;
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  write_only?: true;
}

export interface BlockTypeJson {
  nesting_mode: string;
  block: BlockJson;
  min_items?: number;
  max_items?: number;
}

export function schemaToJson(schema: Schema): SchemaJson {
  return { version: schema.version, block: blockToJson(schema.block) };
}

function blockToJson(b: Block): BlockJson {
  const out: BlockJson = {} as BlockJson;
  const attrs = attributesToJson(b.attributes);
  if (attrs !== undefined) out.attributes = attrs;
  const bt = b.blockTypes ?? {};
  const names = Object.keys(bt).sort(compareUtf8);
  if (names.length > 0) {
    const blockTypes: Record<string, BlockTypeJson> = {};
    for (const n of names) defineKey(blockTypes, n, blockTypeToJson(bt[n] as NestedBlock));
    out.block_types = blockTypes;
  }
  if (b.description) out.description = b.description;
  out.description_kind = b.descriptionKind === "markdown" ? "markdown" : "plain";
  if (b.deprecated === true) out.deprecated = true;
  if (b.deprecationMessage) out.deprecation_message = b.deprecationMessage;
  return out;
}

function attributesToJson(attrs: Record<string, Attribute>): Record<string, AttributeJson> | undefined {
  const names = Object.keys(attrs).sort(compareUtf8);
  if (names.length === 0) return undefined;
  const out: Record<string, AttributeJson> = {};
  for (const n of names) defineKey(out, n, attributeToJson(attrs[n] as Attribute));
  return out;
}

function attributeToJson(a: Attribute): AttributeJson {
  // key order follows Terraform's jsonprovider.Attribute struct
  const out = {} as AttributeJson;
  if (a.nestedType !== undefined) out.nested_type = nestedTypeToJson(a.nestedType);
  else if (a.type !== undefined) out.type = typeToJson(a.type);
  if (a.description) out.description = a.description;
  out.description_kind = a.descriptionKind === "markdown" ? "markdown" : "plain";
  if (a.deprecated === true) out.deprecated = true;
  if (a.deprecationMessage) out.deprecation_message = a.deprecationMessage;
  if (a.required === true) out.required = true;
  if (a.optional === true) out.optional = true;
  if (a.computed === true) out.computed = true;
  if (a.sensitive === true) out.sensitive = true;
  if (a.writeOnly === true) out.write_only = true;
  return out;
}

function nestedTypeToJson(o: NestedAttributeObject): NonNullable<AttributeJson["nested_type"]> {
  const attrs = attributesToJson(o.attributes);
  return attrs === undefined ? { nesting_mode: o.nesting } : { attributes: attrs, nesting_mode: o.nesting };
}

function blockTypeToJson(nb: NestedBlock): BlockTypeJson {
  const out: BlockTypeJson = { nesting_mode: nb.nesting, block: blockToJson(nb.block) };
  if (nb.minItems) out.min_items = nb.minItems;
  if (nb.maxItems) out.max_items = nb.maxItems;
  return out;
}

function defineKey<T>(o: Record<string, T>, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export interface ProviderSchemas {
  provider: Schema;
  resources: Record<string, Schema>;
  dataSources: Record<string, Schema>;
}

/**
 * The whole `providers schema -json` document for one provider address
 * (e.g. "registry.example/acme/widget"); empty resource/data-source maps are omitted as Terraform does.
 */
export function schemasJsonDocument(address: string, p: ProviderSchemas): object {
  const entry: Record<string, unknown> = { provider: schemaToJson(p.provider) };
  const resources = schemaMap(p.resources);
  if (resources !== undefined) entry["resource_schemas"] = resources;
  const dataSources = schemaMap(p.dataSources);
  if (dataSources !== undefined) entry["data_source_schemas"] = dataSources;
  const schemas: Record<string, unknown> = {};
  defineKey(schemas, address, entry);
  return { format_version: "1.0", provider_schemas: schemas };
}

function schemaMap(m: Record<string, Schema>): Record<string, SchemaJson> | undefined {
  const names = Object.keys(m).sort(compareUtf8);
  if (names.length === 0) return undefined;
  const out: Record<string, SchemaJson> = {};
  for (const n of names) defineKey(out, n, schemaToJson(m[n] as Schema));
  return out;
}
