// terraform-provider-voximplant/plugin: the Terraform plugin runtime as a library. Everything a
// provider author needs is listed here by name; nothing here knows about any particular provider.
// The wire layer (protocol messages, msgpack, proto conversion, gRPC) stays internal.
// The authoring guide is docs/plugin-runtime.md.

// ---- defining a provider: resources, data sources, schemas, contexts ----
export type {
  AttributeDef,
  AttributePlanRequest,
  AttributePlanResult,
  BlockDef,
  ConfigureContext,
  CreateContext,
  DataSourceDefinition,
  DataSourceReadContext,
  DeleteContext,
  FrameworkLogger,
  ImportContext,
  InputObject,
  InputValue,
  LogFields,
  LogRecordOptions,
  ModifyPlanContext,
  NestedAttributeObjectDef,
  NestedBlockDef,
  PlanModifier,
  PlanWriter,
  PrivateState,
  ProviderDefinition,
  ReadContext,
  ResourceDefinition,
  SchemaDef,
  StateInput,
  StateUpgrader,
  UpdateContext,
  UpgradeStateContext,
  ValidateConfigContext,
  Validator,
  ValidatorRequest,
  ValuesReader,
} from "./framework";

// ---- paths, diagnostics, errors ----
export { AttributePath, attr, toPath, type PathLike, type PathStep } from "./framework";
export { Diagnostics, InvalidDefinitionError, ProviderError, type Diagnostic } from "./framework";
export { PluginError, isPluginError, StopRequested, type PluginErrorCode } from "./framework";

// ---- plan modifiers and validators ----
export { requiresReplace, requiresReplaceIf, useStateForUnknown } from "./framework";
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
} from "./framework";
export { configValidators, type ConfigValidator, type ConfigValidatorMessage } from "./framework";
export type { ConfigValidatorRequest } from "./framework";

// ---- the value model ----
export {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  type CtyType,
} from "./cty";
export {
  DynamicValue,
  TfNumber,
  UNKNOWN,
  Unknown,
  isKnownObject,
  isUnknown,
  type Refinements,
  type Value,
  type ValueObject,
} from "./cty";

// ---- running it: the server, Terraform's process entry points, installation ----
export { createProviderServer, protocolSchemasOf, providerSchemaDocument } from "./framework";
export type { ProviderServerOptions } from "./framework";
export type { ProviderRpc } from "./protocol/messages";
export { MAGIC_COOKIE_KEY, serve, serveDebug, type ServeDebugOptions, type ServeOptions } from "./transport";
export { installProvider, type InstallOptions, type InstallResult } from "./install";
export { processLogger, sensitive, type Logger, type Sensitive } from "./log";

// ---- the schema model and the `terraform providers schema -json` document ----
export type { Attribute, Block, DescriptionKind, NestedAttributeObject, NestedBlock, Schema } from "./schema";
export { schemasJsonDocument } from "./schema";
