// The framework's public entry point: everything a provider author imports.
export * from "./api";
export { AttributePath, attr, toPath, type PathStep } from "./path";
export { Diagnostics, InvalidDefinitionError, ProviderError, type Diagnostic } from "./diagnostics";
export { PluginError, isPluginError, type PluginErrorCode } from "../errors";
export { requiresReplace, requiresReplaceIf, useStateForUnknown } from "./plan-modifiers";
export * as validators from "./validators";
export * as configValidators from "./config-validators";
export type { ConfigValidator, ConfigValidatorMessage, ConfigValidatorRequest } from "./config-validators";
export {
  alsoRequires,
  atLeastOneOf,
  conflictsWith,
  exactlyOneOf,
  intBetween,
  numberAtLeast,
  numberAtMost,
  numberBetween,
  requiredWith,
  sizeBetween,
  stringLengthAtLeast,
  stringLengthAtMost,
  stringLengthBetween,
  stringMatches,
  stringOneOf,
} from "./validators";
export { createProviderServer, protocolSchemasOf, providerSchemaDocument } from "./rpc/provider-server";
export { StopRequested, type ProviderServerOptions } from "./rpc/runtime";
export { schemaDefToModel } from "./schema-def";
