// terraform-provider-voximplant/plugin: the Terraform plugin runtime as a library. Everything a
// provider author needs is listed here by name; nothing here knows about any particular provider.
// The wire layer (protocol messages, msgpack, proto conversion, gRPC) stays internal. This is the
// one list of the public names: the provider imports them from here, and no inner index repeats it.
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
} from "./framework/api";

// ---- paths, diagnostics, errors ----
export { AttributePath, attr, toPath, type PathLike, type PathStep } from "./framework/path";
export { Diagnostics, InvalidDefinitionError, ProviderError, type Diagnostic } from "./framework/diagnostics";
export { PluginError, isPluginError, type PluginErrorCode } from "./errors";

// ---- plan modifiers and validators ----
export { requiresReplace, requiresReplaceIf, useStateForUnknown } from "./framework/plan-modifiers";
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
} from "./framework/validators";
export { configValidators } from "./framework/config-validators";
export type { ConfigValidator, ConfigValidatorMessage, ConfigValidatorRequest } from "./framework/config-validators";

// ---- running it: the server, Terraform's process entry points, installation ----
export { createProviderServer, protocolSchemasOf, providerSchemaDocument } from "./framework/rpc/provider-server";
export { StopRequested, type ProviderServerOptions } from "./framework/rpc/runtime";
export type { ProviderRpc } from "./protocol/messages";
export {
  DEFERRED_EXTRA_CA_CERTS_KEY,
  MAGIC_COOKIE_KEY,
  serve,
  serveDebug,
  type ServeDebugOptions,
  type ServeOptions,
} from "./transport";
export { installProvider, type InstallOptions, type InstallResult } from "./install";
export { processLogger, sensitive, type Logger, type Sensitive } from "./log";

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
} from "./cty/types";
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
} from "./cty/value";

// ---- the schema model and the `terraform providers schema -json` document ----
export type { Attribute, Block, DescriptionKind, NestedAttributeObject, NestedBlock, Schema } from "./schema";
export { schemasJsonDocument } from "./schema";
