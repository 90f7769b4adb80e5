// The framework's entry point: everything a provider author uses, listed by name (src/plugin/index.ts
// passes these on as the package's public surface). Wire conversion stays in rpc/.
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
} from "./api";
export { AttributePath, attr, toPath, type PathLike, type PathStep } from "./path";
export { Diagnostics, InvalidDefinitionError, ProviderError, type Diagnostic } from "./diagnostics";
export { PluginError, isPluginError, type PluginErrorCode } from "../errors";
export { requiresReplace, requiresReplaceIf, useStateForUnknown } from "./plan-modifiers";
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
export { configValidators } from "./config-validators";
export type { ConfigValidator, ConfigValidatorMessage, ConfigValidatorRequest } from "./config-validators";
export { createProviderServer, protocolSchemasOf, providerSchemaDocument } from "./rpc/provider-server";
export { StopRequested, type ProviderServerOptions } from "./rpc/runtime";
