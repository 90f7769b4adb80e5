// Schema model → tfplugin6 Schema message (GetProviderSchema). Attributes and nested blocks become
// repeated lists sorted by name, so the answer is byte-for-byte the same on every launch.

import { BlockNesting, ObjectNesting, StringKind } from "../protocol/messages";
import type { AttributeMsg, BlockMsg, NestedBlockMsg, ObjectMsg, SchemaMsg } from "../protocol/messages";
import { compareUtf8 } from "../cty/keys";
import { typeJsonBytes } from "../cty/type-json";
import type { Attribute, Block, DescriptionKind, NestedAttributeObject, NestedBlock, Schema } from "./model";

export function schemaModelToWire(schema: Schema): SchemaMsg {
  return { version: schema.version, block: blockToProto(schema.block) };
}

function blockToProto(block: Block): BlockMsg {
  const blockTypes = block.blockTypes ?? {};
  return {
    // Block.version is a leftover; Terraform reads Schema.version
    version: 0,
    attributes: sortedNames(block.attributes).map((n) => attributeToProto(n, block.attributes[n] as Attribute)),
    block_types: sortedNames(blockTypes).map((n) => nestedBlockToProto(n, blockTypes[n] as NestedBlock)),
    description: block.description ?? "",
    description_kind: stringKind(block.descriptionKind),
    deprecated: block.deprecated === true,
    deprecation_message: block.deprecationMessage ?? "",
  };
}

function attributeToProto(name: string, a: Attribute): AttributeMsg {
  const msg: AttributeMsg = {
    name,
    description: a.description ?? "",
    required: a.required === true,
    optional: a.optional === true,
    computed: a.computed === true,
    sensitive: a.sensitive === true,
    description_kind: stringKind(a.descriptionKind),
    deprecated: a.deprecated === true,
    write_only: a.writeOnly === true,
    deprecation_message: a.deprecationMessage ?? "",
  };
  if (a.nestedType !== undefined) msg.nested_type = nestedTypeToProto(a.nestedType);
  else if (a.type !== undefined) msg.type = typeJsonBytes(a.type);
  return msg;
}

const OBJECT_NESTING: Record<NestedAttributeObject["nesting"], ObjectNesting> = {
  single: ObjectNesting.SINGLE,
  list: ObjectNesting.LIST,
  set: ObjectNesting.SET,
  map: ObjectNesting.MAP,
};

function nestedTypeToProto(o: NestedAttributeObject): ObjectMsg {
  const nesting = OBJECT_NESTING[o.nesting];
  if (nesting === undefined) throw new TypeError(`invalid nested attribute nesting mode ${JSON.stringify(o.nesting)}`);
  return {
    attributes: sortedNames(o.attributes).map((n) => attributeToProto(n, o.attributes[n] as Attribute)),
    nesting,
  };
}

const BLOCK_NESTING: Record<NestedBlock["nesting"], BlockNesting> = {
  single: BlockNesting.SINGLE,
  list: BlockNesting.LIST,
  set: BlockNesting.SET,
  map: BlockNesting.MAP,
  group: BlockNesting.GROUP,
};

function nestedBlockToProto(name: string, nb: NestedBlock): NestedBlockMsg {
  const nesting = BLOCK_NESTING[nb.nesting];
  // INVALID (0) would break Terraform's schema handling; refuse instead of sending it
  if (nesting === undefined)
    throw new TypeError(`block type ${JSON.stringify(name)}: invalid nesting mode ${JSON.stringify(nb.nesting)}`);
  return {
    type_name: name,
    block: blockToProto(nb.block),
    nesting,
    min_items: nb.minItems ?? 0,
    max_items: nb.maxItems ?? 0,
  };
}

function stringKind(k: DescriptionKind | undefined): StringKind {
  return k === "markdown" ? StringKind.MARKDOWN : StringKind.PLAIN;
}

function sortedNames(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort(compareUtf8);
}
