// The protocol schema model (what GetProviderSchema sends), its implied value type, and its
// renderings: the wire message and the `terraform providers schema -json` document. Internal to
// the plugin runtime except for the model's types and schemasJsonDocument.
export type { Attribute, Block, DescriptionKind, NestedAttributeObject, NestedBlock, Schema } from "./model";
export { attributeType, impliedType } from "./implied-type";
export { schemaModelToWire } from "./to-proto";
export { schemaToJson, schemasJsonDocument } from "./to-json";
export { terraformSchemaProblems } from "./validate";
