// Public exports of the Terraform plugin runtime: the resource framework, the value model, the
// protocol schema model, and the process entry points (serve / install). Nothing here knows about
// any particular provider.
export * from "./framework";
export * from "./cty/types";
export * from "./cty/value";
export type { Attribute, Block, DescriptionKind, NestedAttributeObject, NestedBlock, Schema } from "./schema/model";
export { schemasJsonDocument } from "./schema/to-json";
export { processLogger, type Logger } from "./log";
export { serve, serveDebug, type ServeOptions, type ServeDebugOptions } from "./transport";
export { installProvider, type InstallOptions, type InstallResult } from "./install";
export type { ProviderRpc } from "./protocol/messages";
