// TypeScript mirror of the tfplugin6 messages this runtime serves, exactly as @grpc/proto-loader
// hands them over with { keepCase: true, longs: Number, enums: Number, defaults: true,
// oneofs: true, bytes: Buffer }: snake_case field names, int64 as number, enums as numbers,
// bytes as Buffer, absent sub-messages as null. Responses are plain objects of the same shape
// (fields may be omitted; protobuf defaults apply).

export enum Severity {
  INVALID = 0,
  ERROR = 1,
  WARNING = 2,
}

export enum StringKind {
  PLAIN = 0,
  MARKDOWN = 1,
}

export enum BlockNesting {
  INVALID = 0,
  SINGLE = 1,
  LIST = 2,
  SET = 3,
  MAP = 4,
  GROUP = 5,
}

export enum ObjectNesting {
  INVALID = 0,
  SINGLE = 1,
  LIST = 2,
  SET = 3,
  MAP = 4,
}

export interface DynamicValueMsg {
  msgpack?: Buffer;
  json?: Buffer;
}

export interface AttributePathStep {
  attribute_name?: string;
  element_key_string?: string;
  element_key_int?: number;
  /** set by proto-loader's `oneofs: true` on decode; ignored on encode */
  selector?: "attribute_name" | "element_key_string" | "element_key_int";
}

export interface AttributePathMsg {
  steps: AttributePathStep[];
}

export interface DiagnosticMsg {
  severity: Severity;
  summary: string;
  detail?: string;
  attribute?: AttributePathMsg | null;
}

export interface RawStateMsg {
  json?: Buffer;
  flatmap?: Record<string, string>;
}

export interface AttributeMsg {
  name: string;
  type?: Buffer;
  nested_type?: ObjectMsg | null;
  description?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  description_kind?: StringKind;
  deprecated?: boolean;
  write_only?: boolean;
  deprecation_message?: string;
}

export interface ObjectMsg {
  attributes: AttributeMsg[];
  nesting: ObjectNesting;
}

export interface NestedBlockMsg {
  type_name: string;
  block: BlockMsg;
  nesting: BlockNesting;
  min_items?: number;
  max_items?: number;
}

export interface BlockMsg {
  version?: number;
  attributes: AttributeMsg[];
  block_types: NestedBlockMsg[];
  description?: string;
  description_kind?: StringKind;
  deprecated?: boolean;
  deprecation_message?: string;
}

export interface SchemaMsg {
  version: number;
  block: BlockMsg;
}

export interface ServerCapabilitiesMsg {
  plan_destroy?: boolean;
  get_provider_schema_optional?: boolean;
  move_resource_state?: boolean;
  generate_resource_config?: boolean;
}

export interface ClientCapabilitiesMsg {
  deferral_allowed?: boolean;
  write_only_attributes_allowed?: boolean;
  store_planned_private?: boolean;
  computed_blocks_allowed?: boolean;
}

export interface FunctionMsg {
  parameters: unknown[];
  variadic_parameter?: unknown;
  return?: { type: Buffer };
  summary?: string;
  description?: string;
  description_kind?: StringKind;
  deprecation_message?: string;
}

// ---- RPCs -------------------------------------------------------------------------------------

export interface GetMetadataResponse {
  server_capabilities?: ServerCapabilitiesMsg;
  diagnostics: DiagnosticMsg[];
  data_sources: { type_name: string }[];
  resources: { type_name: string }[];
  functions?: { name: string }[];
}

export interface GetProviderSchemaResponse {
  provider: SchemaMsg;
  resource_schemas: Record<string, SchemaMsg>;
  data_source_schemas: Record<string, SchemaMsg>;
  diagnostics: DiagnosticMsg[];
  server_capabilities?: ServerCapabilitiesMsg;
  functions?: Record<string, FunctionMsg>;
}

export interface ValidateProviderConfigRequest {
  config: DynamicValueMsg | null;
}
export interface ValidateProviderConfigResponse {
  diagnostics: DiagnosticMsg[];
}

export interface ValidateResourceConfigRequest {
  type_name: string;
  config: DynamicValueMsg | null;
  client_capabilities?: ClientCapabilitiesMsg | null;
}
export interface ValidateResourceConfigResponse {
  diagnostics: DiagnosticMsg[];
}

export interface ValidateDataResourceConfigRequest {
  type_name: string;
  config: DynamicValueMsg | null;
}
export interface ValidateDataResourceConfigResponse {
  diagnostics: DiagnosticMsg[];
}

export interface UpgradeResourceStateRequest {
  type_name: string;
  version: number;
  raw_state: RawStateMsg | null;
}
export interface UpgradeResourceStateResponse {
  upgraded_state?: DynamicValueMsg;
  diagnostics: DiagnosticMsg[];
}

export interface ConfigureProviderRequest {
  terraform_version: string;
  config: DynamicValueMsg | null;
  client_capabilities?: ClientCapabilitiesMsg | null;
}
export interface ConfigureProviderResponse {
  diagnostics: DiagnosticMsg[];
}

export interface ReadResourceRequest {
  type_name: string;
  current_state: DynamicValueMsg | null;
  private: Buffer;
  provider_meta?: DynamicValueMsg | null;
  client_capabilities?: ClientCapabilitiesMsg | null;
}
export interface ReadResourceResponse {
  new_state?: DynamicValueMsg;
  diagnostics: DiagnosticMsg[];
  private?: Buffer;
}

export interface PlanResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValueMsg | null;
  proposed_new_state: DynamicValueMsg | null;
  config: DynamicValueMsg | null;
  prior_private: Buffer;
  provider_meta?: DynamicValueMsg | null;
  client_capabilities?: ClientCapabilitiesMsg | null;
}
export interface PlanResourceChangeResponse {
  planned_state?: DynamicValueMsg;
  requires_replace: AttributePathMsg[];
  planned_private?: Buffer;
  diagnostics: DiagnosticMsg[];
}

export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValueMsg | null;
  planned_state: DynamicValueMsg | null;
  config: DynamicValueMsg | null;
  planned_private: Buffer;
  provider_meta?: DynamicValueMsg | null;
}
export interface ApplyResourceChangeResponse {
  new_state?: DynamicValueMsg;
  private?: Buffer;
  diagnostics: DiagnosticMsg[];
}

export interface ImportResourceStateRequest {
  type_name: string;
  id: string;
  client_capabilities?: ClientCapabilitiesMsg | null;
}
export interface ImportedResourceMsg {
  type_name: string;
  state: DynamicValueMsg;
  private?: Buffer;
}
export interface ImportResourceStateResponse {
  imported_resources: ImportedResourceMsg[];
  diagnostics: DiagnosticMsg[];
}

export interface ReadDataSourceRequest {
  type_name: string;
  config: DynamicValueMsg | null;
  provider_meta?: DynamicValueMsg | null;
  client_capabilities?: ClientCapabilitiesMsg | null;
}
export interface ReadDataSourceResponse {
  state?: DynamicValueMsg;
  diagnostics: DiagnosticMsg[];
}

export interface MoveResourceStateRequest {
  source_provider_address: string;
  source_type_name: string;
  source_schema_version: number;
  source_state: RawStateMsg | null;
  target_type_name: string;
  source_private: Buffer;
}
export interface MoveResourceStateResponse {
  target_state?: DynamicValueMsg;
  diagnostics: DiagnosticMsg[];
  target_private?: Buffer;
}

export interface GetFunctionsResponse {
  functions: Record<string, FunctionMsg>;
  diagnostics: DiagnosticMsg[];
}

export interface StopProviderResponse {
  Error: string;
}

/**
 * What the transport needs from a provider implementation: one async handler per tfplugin6 RPC.
 * The transport owns gRPC, TLS, process lifecycle and logging plumbing; the implementation
 * (src/plugin/framework) owns values, schemas and semantics. Handlers must not throw for
 * user-facing problems: they return diagnostics. A thrown error becomes a gRPC INTERNAL status.
 */
export interface ProviderRpc {
  getMetadata(): Promise<GetMetadataResponse>;
  getProviderSchema(): Promise<GetProviderSchemaResponse>;
  validateProviderConfig(req: ValidateProviderConfigRequest): Promise<ValidateProviderConfigResponse>;
  validateResourceConfig(req: ValidateResourceConfigRequest): Promise<ValidateResourceConfigResponse>;
  validateDataResourceConfig(req: ValidateDataResourceConfigRequest): Promise<ValidateDataResourceConfigResponse>;
  upgradeResourceState(req: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse>;
  configureProvider(req: ConfigureProviderRequest): Promise<ConfigureProviderResponse>;
  readResource(req: ReadResourceRequest): Promise<ReadResourceResponse>;
  planResourceChange(req: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse>;
  applyResourceChange(req: ApplyResourceChangeRequest): Promise<ApplyResourceChangeResponse>;
  importResourceState(req: ImportResourceStateRequest): Promise<ImportResourceStateResponse>;
  readDataSource(req: ReadDataSourceRequest): Promise<ReadDataSourceResponse>;
  getFunctions(): Promise<GetFunctionsResponse>;
  /**
   * Optional: OpenTofu calls it for a cross-type `moved` block even when the server does not
   * advertise move_resource_state; without it the transport answers UNIMPLEMENTED.
   */
  moveResourceState?(req: MoveResourceStateRequest): Promise<MoveResourceStateResponse>;
  /** Advisory cancellation of in-flight work (Ctrl-C). Must return promptly; never exits. */
  stopProvider(): Promise<StopProviderResponse>;
}
