// GetMetadata, GetProviderSchema, GetFunctions: what the provider offers, built once from the
// compiled definition. Server capabilities are sent with both metadata and schema answers.

import type {
  GetFunctionsResponse,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  SchemaMsg,
  ServerCapabilitiesMsg,
} from "../../protocol/messages";
import type { CompiledProvider } from "./compiled";

const SERVER_CAPABILITIES: ServerCapabilitiesMsg = {
  // the schema is static, so Terraform may cache it for the rest of a CLI run
  get_provider_schema_optional: true,
  // Terraform plans destroys itself; PlanResourceChange never sees a destroy
  plan_destroy: false,
};

export function getMetadata<M>(compiled: CompiledProvider<M>): GetMetadataResponse {
  return {
    server_capabilities: SERVER_CAPABILITIES,
    diagnostics: [],
    resources: [...compiled.resources.keys()].map((type_name) => ({ type_name })),
    data_sources: [...compiled.dataSources.keys()].map((type_name) => ({ type_name })),
    functions: [],
  };
}

export function getProviderSchema<M>(compiled: CompiledProvider<M>): GetProviderSchemaResponse {
  const resource_schemas: Record<string, SchemaMsg> = {};
  for (const [k, r] of compiled.resources) resource_schemas[k] = r.message;
  const data_source_schemas: Record<string, SchemaMsg> = {};
  for (const [k, r] of compiled.dataSources) data_source_schemas[k] = r.message;
  return {
    provider: compiled.provider.message,
    resource_schemas,
    data_source_schemas,
    diagnostics: [],
    server_capabilities: SERVER_CAPABILITIES,
    functions: {},
  };
}

/** The framework declares no provider functions. */
export function getFunctions(): GetFunctionsResponse {
  return { functions: {}, diagnostics: [] };
}
