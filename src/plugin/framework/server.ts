// createProviderServer: a ProviderDefinition becomes a ProviderRpc. This is where protocol
// semantics live (reference §4): decoding, unknown-aware validation, planning, apply
// consistency, private state, and self-checks that turn would-be "Provider produced invalid …"
// reports into diagnostics that name the attribute. Handlers never throw for user-facing
// problems; a throw here means a bug in the framework.

import type { CtyType } from "../cty/types";
import { isKnownObject, type Value, type ValueObject } from "../cty/value";
import { decodeValue, encodeValue } from "../cty/msgpack";
import { decodeJsonValue } from "../cty/json";
import { conformsTo } from "../cty/equality";
import { impliedType } from "../schema/implied-type";
import { schemaToProto } from "../schema/to-proto";
import { validateSchema } from "../schema/validate";
import { processLogger } from "../log";
import { providerSchemasDocument } from "../schema/to-json";
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  ConfigureProviderRequest,
  ConfigureProviderResponse,
  DynamicValueMsg,
  GetFunctionsResponse,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
  ProviderRpc,
  ReadDataSourceRequest,
  ReadDataSourceResponse,
  ReadResourceRequest,
  ReadResourceResponse,
  SchemaMsg,
  ServerCapabilitiesMsg,
  StopProviderResponse,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
  ValidateDataResourceConfigRequest,
  ValidateDataResourceConfigResponse,
  ValidateProviderConfigRequest,
  ValidateProviderConfigResponse,
  ValidateResourceConfigRequest,
  ValidateResourceConfigResponse,
} from "../protocol/messages";
import type { Schema } from "../schema/model";
import type {
  BlockDef,
  DataSourceDefinition,
  FrameworkLogger,
  ProviderDefinition,
  ResourceDefinition,
  SchemaDef,
  StateInput,
  ValidateConfigContext,
  ValuesReader,
} from "./api";
import { configuredWriteOnlyPaths, nullWriteOnly, validateConfigValue } from "./config-validate";
import { Diagnostics, ProviderError } from "./diagnostics";
import { toPath, type AttributePath, type PathLike } from "./path";
import { checkPlannedState } from "./plan-check";
import { finishRequiresReplace, planAttributes } from "./planner";
import { PrivateStateDocument } from "./private-state";
import { redactForLog } from "./redact";
import { assertNoProblems, checkSchemaDef, emptyBlockValue, schemaToProtocol, type SchemaKind } from "./schema-def";
import { dataSourceState, mergeApplied, nullUnknowns, objectFromInput, unknownPaths } from "./state-results";
import { readerFor, typeAt, writerFor } from "./values";

export interface ProviderServerOptions {
  /** default: the process logger's "framework" child (hclog JSON on stderr, TF_LOG levels) */
  logger?: FrameworkLogger;
}

const SERVER_CAPABILITIES: ServerCapabilitiesMsg = {
  // the schema is static, so Terraform may cache it for the rest of a CLI run
  get_provider_schema_optional: true,
  // Terraform plans destroys itself; PlanResourceChange never sees a destroy
  plan_destroy: false,
};

/**
 * Resource state goes back to Terraform with its numbers as decimal text. Terraform (1.11.4
 * observed) decides whether a refresh-only plan has anything to apply by comparing the refreshed
 * objects with the objects read from the state file using Go's reflect.DeepEqual, and that sees
 * the internals of each number: a number from the state file's JSON is parsed as a 512-bit
 * big.Float, while a msgpack int or float64 (go-cty's compact forms) becomes a 64- or 53-bit one.
 * A single number attribute therefore made every `plan -refresh-only -detailed-exitcode` exit 2
 * although nothing had changed. A msgpack str number is parsed by the same routine as JSON
 * state, so the refreshed object is identical to the stored one. The other state answers
 * (upgrade, apply, import) use the same form so that every object Terraform keeps as state
 * looks like one it read from a state file, whichever of them a Terraform version compares.
 */
const STATE_ENCODING = { numbersAsText: true } as const;

interface Compiled<D> {
  readonly def: D;
  readonly block: BlockDef;
  readonly type: CtyType;
  readonly protocol: Schema;
  readonly message: SchemaMsg;
}

function compile<D extends { schema: SchemaDef }>(def: D, where: string, kind: SchemaKind, problems: string[]): Compiled<D> {
  problems.push(...checkSchemaDef(def.schema, where, kind));
  const protocol = schemaToProtocol(def.schema);
  problems.push(...validateSchema(protocol, kind === "data source" ? "data" : kind).map((p) => `${where}: ${p}`));
  return { def, block: def.schema.block, type: impliedType(protocol.block), protocol, message: schemaToProto(protocol) };
}

const NOOP_LOGGER: FrameworkLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Builds the RPC implementation for a provider. Throws if the definition itself is invalid. */
export function createProviderServer<M>(def: ProviderDefinition<M>, options: ProviderServerOptions = {}): ProviderRpc {
  return new FrameworkServer(def, options);
}

type Meta<M> = { readonly configured: true; readonly value: M } | { readonly configured: false };

class FrameworkServer<M> implements ProviderRpc {
  private readonly provider: Compiled<ProviderDefinition<M>>;
  private readonly resources = new Map<string, Compiled<ResourceDefinition<M>>>();
  private readonly dataSources = new Map<string, Compiled<DataSourceDefinition<M>>>();
  private meta: Meta<M> = { configured: false };
  private stopController = new AbortController();
  private resolvedLogger: FrameworkLogger | undefined;

  constructor(
    private readonly def: ProviderDefinition<M>,
    private readonly options: ProviderServerOptions,
  ) {
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9]*$/.test(def.typeName)) problems.push(`provider type name ${JSON.stringify(def.typeName)} must be lowercase letters and digits`);
    this.provider = compile(def, "provider", "provider", problems);
    for (const r of def.resources) {
      this.checkTypeName(r.typeName, "resource", this.resources, problems);
      this.resources.set(r.typeName, compile(r, `resource ${r.typeName}`, "resource", problems));
      for (const v of Object.keys(r.stateUpgraders ?? {})) {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n >= r.schema.version) {
          problems.push(`resource ${r.typeName}: state upgrader for version ${v} must be below the schema version ${r.schema.version}`);
        }
        const prior = r.stateUpgraders?.[n]?.priorSchema;
        if (prior !== undefined) problems.push(...checkSchemaDef(prior, `resource ${r.typeName} (version ${v})`, "resource"));
      }
    }
    for (const d of def.dataSources ?? []) {
      this.checkTypeName(d.typeName, "data source", this.dataSources, problems);
      this.dataSources.set(d.typeName, compile(d, `data source ${d.typeName}`, "data source", problems));
    }
    assertNoProblems(problems);
  }

  private checkTypeName(name: string, kind: string, seen: Map<string, unknown>, problems: string[]): void {
    if (!name.startsWith(`${this.def.typeName}_`) || !/^[a-z][a-z0-9_]*$/.test(name)) {
      problems.push(`${kind} type name ${JSON.stringify(name)} must be lowercase and start with "${this.def.typeName}_"`);
    }
    if (seen.has(name)) problems.push(`${kind} ${name} is defined twice`);
  }

  private get logger(): FrameworkLogger {
    if (this.resolvedLogger === undefined) {
      try {
        this.resolvedLogger = this.options.logger ?? processLogger({ module: this.def.typeName }).child("framework");
      } catch {
        this.resolvedLogger = NOOP_LOGGER;
      }
    }
    return this.resolvedLogger;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private decode(msg: DynamicValueMsg | null | undefined, type: CtyType, what: string, d: Diagnostics): Value | undefined {
    try {
      if (msg?.msgpack !== undefined && msg.msgpack.length > 0) return decodeValue(msg.msgpack, type);
      if (msg?.json !== undefined && msg.json.length > 0) return decodeJsonValue(msg.json, type);
      return null;
    } catch (e) {
      d.addError(`Invalid ${what}`, `The provider could not decode the ${what} sent by Terraform: ${errorText(e)}`);
      return undefined;
    }
  }

  private decodeObject(msg: DynamicValueMsg | null | undefined, type: CtyType, what: string, d: Diagnostics): ValueObject | null | undefined {
    const v = this.decode(msg, type, what, d);
    if (v === undefined || v === null) return v;
    if (!isKnownObject(v)) {
      d.addError(`Invalid ${what}`, `The ${what} sent by Terraform is not a known object.`);
      return undefined;
    }
    return v;
  }

  private encode(v: Value, type: CtyType): DynamicValueMsg {
    return { msgpack: encodeValue(v, type) };
  }

  /**
   * A resource object Terraform stores as state (upgraded, refreshed, applied, imported). See
   * STATE_ENCODING for why its numbers travel as decimal text.
   */
  private encodeState(v: Value, type: CtyType): DynamicValueMsg {
    return { msgpack: encodeValue(v, type, STATE_ENCODING) };
  }

  private readPrivate(bytes: Buffer | null | undefined, d: Diagnostics): PrivateStateDocument | undefined {
    try {
      return PrivateStateDocument.fromBytes(bytes);
    } catch (e) {
      d.addError("Invalid private state", `The resource's private state data is corrupt: ${errorText(e)}`);
      return undefined;
    }
  }

  private requireMeta(d: Diagnostics): M | undefined {
    if (this.meta.configured) return this.meta.value;
    d.addError(
      "Provider not configured",
      "The provider was asked to manage resources before it was configured successfully; see the earlier configuration errors.",
    );
    return undefined;
  }

  private resource(typeName: string, d: Diagnostics): Compiled<ResourceDefinition<M>> | undefined {
    const r = this.resources.get(typeName);
    if (r === undefined) d.addError("Unknown resource type", `This provider has no resource type ${JSON.stringify(typeName)}.`);
    return r;
  }

  private dataSource(typeName: string, d: Diagnostics): Compiled<DataSourceDefinition<M>> | undefined {
    const r = this.dataSources.get(typeName);
    if (r === undefined) d.addError("Unknown data source type", `This provider has no data source type ${JSON.stringify(typeName)}.`);
    return r;
  }

  /** Runs provider-author code; errors it throws become diagnostics. Returns undefined on a throw. */
  private async run<T>(what: string, d: Diagnostics, fn: () => Promise<T> | T): Promise<{ ok: true; value: T } | { ok: false; partial?: StateInput }> {
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      if (e instanceof ProviderError) {
        d.addError(e.message, e.detail, e.path);
        return { ok: false, partial: e.partialState };
      }
      if (e instanceof StopRequested || (e instanceof Error && e.name === "AbortError")) {
        d.addError(`${what} was cancelled`, "Terraform asked the provider to stop (interrupt) before the operation finished.");
        return { ok: false };
      }
      this.logger.error(`${what} failed with an unexpected error`, { error: errorText(e) });
      d.addError(`Unexpected error in ${what}`, errorText(e));
      return { ok: false };
    }
  }

  private base(typeName: string, d: Diagnostics) {
    return { typeName, diagnostics: d, signal: this.stopController.signal, logger: this.logger };
  }

  private logRequest(rpc: string, typeName: string, block: BlockDef | undefined, values: Record<string, Value | undefined>): void {
    const fields: Record<string, unknown> = { tf_rpc: rpc };
    if (typeName !== "") fields.tf_resource_type = typeName;
    this.logger.debug(`Received ${rpc}`, fields);
    if (block !== undefined && isTraceEnabled(this.logger)) {
      const shown: Record<string, unknown> = { ...fields };
      for (const [k, v] of Object.entries(values)) if (v !== undefined) shown[k] = redactForLog(block, v);
      this.logger.trace(`${rpc} values`, shown);
    }
  }

  private logResponse(rpc: string, typeName: string, d: Diagnostics, extra: Record<string, unknown> = {}): void {
    const fields: Record<string, unknown> = { tf_rpc: rpc, diagnostics: d.items.length, ...extra };
    if (typeName !== "") fields.tf_resource_type = typeName;
    if (d.hasErrors()) fields.errors = d.items.filter((i) => i.severity === "error").map((i) => i.summary);
    this.logger.debug(`Served ${rpc}`, fields);
  }

  /** Checks a final state value (read/apply/import/upgrade/data): known, conforming, write-only null. */
  private checkFinal(block: BlockDef, type: CtyType, v: ValueObject, what: string, d: Diagnostics): ValueObject {
    let out = nullWriteOnly(block, v) as ValueObject;
    const unknown = unknownPaths(out);
    if (unknown.length > 0) {
      for (const p of unknown) {
        d.addError(`Provider returned an unknown value in the ${what}`, `The value of ${p.toString()} must be known; this is a bug in the provider.`, p);
      }
      out = nullUnknowns(out) as ValueObject;
    }
    const problem = conformsTo(out, type);
    if (problem !== null) d.addError(`Provider returned an invalid ${what}`, `${problem}; this is a bug in the provider.`);
    return out;
  }

  // ---- metadata and schema -----------------------------------------------------------------------

  async getMetadata(): Promise<GetMetadataResponse> {
    return {
      server_capabilities: SERVER_CAPABILITIES,
      diagnostics: [],
      resources: [...this.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...this.dataSources.keys()].map((type_name) => ({ type_name })),
      functions: [],
    };
  }

  async getProviderSchema(): Promise<GetProviderSchemaResponse> {
    this.logger.debug("Received GetProviderSchema", { tf_rpc: "GetProviderSchema" });
    const resource_schemas: Record<string, SchemaMsg> = {};
    for (const [k, r] of this.resources) resource_schemas[k] = r.message;
    const data_source_schemas: Record<string, SchemaMsg> = {};
    for (const [k, r] of this.dataSources) data_source_schemas[k] = r.message;
    return {
      provider: this.provider.message,
      resource_schemas,
      data_source_schemas,
      diagnostics: [],
      server_capabilities: SERVER_CAPABILITIES,
      functions: {},
    };
  }

  async getFunctions(): Promise<GetFunctionsResponse> {
    return { functions: {}, diagnostics: [] };
  }

  /** Protocol-level schemas, e.g. for `providers schema -json` comparisons and documentation. */
  protocolSchemas(): { provider: Schema; resources: Record<string, Schema>; dataSources: Record<string, Schema> } {
    const resources: Record<string, Schema> = {};
    for (const [k, r] of this.resources) resources[k] = r.protocol;
    const dataSources: Record<string, Schema> = {};
    for (const [k, r] of this.dataSources) dataSources[k] = r.protocol;
    return { provider: this.provider.protocol, resources, dataSources };
  }

  // ---- validation ------------------------------------------------------------------------------

  private async validateAgainst(
    compiled: Compiled<{ schema: SchemaDef }>,
    custom: ((ctx: ValidateConfigContext) => unknown) | undefined,
    typeName: string,
    configMsg: DynamicValueMsg | null,
    d: Diagnostics,
  ): Promise<ValueObject | null | undefined> {
    const config = this.decodeObject(configMsg, compiled.type, "configuration", d);
    if (config === undefined || config === null) return config;
    const reader = readerFor(config, compiled.type);
    validateConfigValue(compiled.block, config, reader, d);
    if (custom !== undefined) {
      await this.run("ValidateConfig", d, () => custom({ ...this.base(typeName, d), config: reader }));
    }
    return config;
  }

  async validateProviderConfig(req: ValidateProviderConfigRequest): Promise<ValidateProviderConfigResponse> {
    const d = new Diagnostics();
    this.logRequest("ValidateProviderConfig", "", undefined, {});
    await this.validateAgainst(this.provider, this.def.validateConfig?.bind(this.def), this.def.typeName, req.config, d);
    this.logResponse("ValidateProviderConfig", "", d);
    return { diagnostics: d.toProto() };
  }

  async validateResourceConfig(req: ValidateResourceConfigRequest): Promise<ValidateResourceConfigResponse> {
    const d = new Diagnostics();
    const r = this.resource(req.type_name, d);
    if (r !== undefined) {
      this.logRequest("ValidateResourceConfig", req.type_name, undefined, {});
      const config = await this.validateAgainst(r, r.def.validateConfig?.bind(r.def), req.type_name, req.config, d);
      if (config && req.client_capabilities?.write_only_attributes_allowed !== true) {
        for (const p of configuredWriteOnlyPaths(r.block, config)) {
          d.addError(
            "Write-only Attribute Not Allowed",
            `The resource contains a non-null value for write-only attribute ${p.toString()}. Write-only attributes are only supported in Terraform 1.11 and later; older clients would store the value in state.`,
            p,
          );
        }
      }
    }
    this.logResponse("ValidateResourceConfig", req.type_name, d);
    return { diagnostics: d.toProto() };
  }

  async validateDataResourceConfig(req: ValidateDataResourceConfigRequest): Promise<ValidateDataResourceConfigResponse> {
    const d = new Diagnostics();
    const ds = this.dataSource(req.type_name, d);
    if (ds !== undefined) {
      this.logRequest("ValidateDataResourceConfig", req.type_name, undefined, {});
      await this.validateAgainst(ds, ds.def.validateConfig?.bind(ds.def), req.type_name, req.config, d);
    }
    this.logResponse("ValidateDataResourceConfig", req.type_name, d);
    return { diagnostics: d.toProto() };
  }

  // ---- configure -------------------------------------------------------------------------------

  async configureProvider(req: ConfigureProviderRequest): Promise<ConfigureProviderResponse> {
    const d = new Diagnostics();
    const config = this.decodeObject(req.config, this.provider.type, "provider configuration", d);
    this.logRequest("ConfigureProvider", "", this.provider.block, { config: config ?? undefined });
    if (config !== undefined) {
      const reader = readerFor(config ?? emptyBlockValue(this.provider.block), this.provider.type);
      if (!reader.isWhollyKnown()) {
        this.logger.debug("Provider configuration contains values known only after apply", { tf_rpc: "ConfigureProvider" });
      }
      const res = await this.run("ConfigureProvider", d, () =>
        this.def.configure({ ...this.base(this.def.typeName, d), terraformVersion: req.terraform_version, config: reader }),
      );
      if (res.ok && !d.hasErrors()) this.meta = { configured: true, value: res.value };
    }
    this.logResponse("ConfigureProvider", "", d, { terraform_version: req.terraform_version });
    return { diagnostics: d.toProto() };
  }

  // ---- state upgrade -----------------------------------------------------------------------------

  async upgradeResourceState(req: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse> {
    const d = new Diagnostics();
    const r = this.resource(req.type_name, d);
    let upgraded: ValueObject | null | undefined;
    if (r !== undefined) {
      this.logRequest("UpgradeResourceState", req.type_name, undefined, {});
      upgraded = await this.upgrade(r, req, d);
    }
    this.logResponse("UpgradeResourceState", req.type_name, d, { from_version: req.version });
    if (r === undefined || upgraded === undefined || d.hasErrors()) return { diagnostics: d.toProto() };
    return { upgraded_state: this.encodeState(upgraded, r.type), diagnostics: d.toProto() };
  }

  private async upgrade(r: Compiled<ResourceDefinition<M>>, req: UpgradeResourceStateRequest, d: Diagnostics): Promise<ValueObject | null | undefined> {
    const raw = req.raw_state;
    const json = raw?.json;
    if (json === undefined || json.length === 0) {
      if (raw?.flatmap !== undefined && Object.keys(raw.flatmap).length > 0) {
        d.addError(
          "Unable to upgrade resource state",
          `The state of this ${req.type_name} is in the legacy flatmap format (Terraform 0.11 and earlier), which this provider cannot read. Remove it from state and import it again.`,
        );
        return undefined;
      }
      return null;
    }
    const current = r.def.schema.version;
    if (req.version > current) {
      d.addError(
        "Unable to upgrade resource state",
        `The state was written by a newer version of the provider (schema version ${req.version}; this version knows ${current}). Upgrade the provider.`,
      );
      return undefined;
    }
    if (req.version === current) {
      try {
        // attributes removed from the schema are dropped; attributes added since decode as null
        const v = decodeJsonValue(json, r.type, { ignoreUnknownAttributes: true });
        if (!isKnownObject(v)) return null;
        return this.checkFinal(r.block, r.type, v, "upgraded state", d);
      } catch (e) {
        d.addError("Unable to read resource state", `The stored state of this ${req.type_name} does not match the schema: ${errorText(e)}`);
        return undefined;
      }
    }
    const upgrader = r.def.stateUpgraders?.[req.version];
    if (upgrader === undefined) {
      d.addError(
        "Unable to upgrade resource state",
        `This provider has no upgrade from schema version ${req.version} to ${current} for ${req.type_name}.`,
      );
      return undefined;
    }
    let rawJson: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(json.toString("utf8"));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not a JSON object");
      rawJson = parsed as Record<string, unknown>;
    } catch (e) {
      // Never echo JSON.parse's message: V8 quotes the text around the bad token, and stored
      // state holds sensitive values in clear. The position is enough to find the problem.
      const at = e instanceof SyntaxError ? /position (\d+)/.exec(e.message) : null;
      const reason = e instanceof SyntaxError ? `invalid JSON${at ? ` at position ${at[1]}` : ""}` : errorText(e);
      d.addError("Unable to read resource state", `The stored state is not a JSON object: ${reason}.`);
      return undefined;
    }
    let prior: ValuesReader | null = null;
    if (upgrader.priorSchema !== undefined) {
      const priorType = impliedType(schemaToProtocol(upgrader.priorSchema).block);
      try {
        const v = decodeJsonValue(json, priorType, { ignoreUnknownAttributes: true });
        if (isKnownObject(v)) prior = readerFor(v, priorType);
      } catch (e) {
        d.addError("Unable to read resource state", `The stored state does not match schema version ${req.version}: ${errorText(e)}`);
        return undefined;
      }
    }
    const res = await this.run("UpgradeResourceState", d, () =>
      upgrader.upgrade({ ...this.base(req.type_name, d), fromVersion: req.version, rawJson, prior }),
    );
    if (!res.ok) return undefined;
    const obj = this.fromResource(() => objectFromInput(res.value, r.type, emptyBlockValue(r.block)), d);
    return obj === undefined ? undefined : this.checkFinal(r.block, r.type, obj, "upgraded state", d);
  }

  /** Converts resource output, turning a shape error into a diagnostic. */
  private fromResource<T>(f: () => T, d: Diagnostics): T | undefined {
    try {
      return f();
    } catch (e) {
      if (e instanceof ProviderError) d.addError(e.message, e.detail, e.path);
      else d.addError("Provider returned an invalid value", errorText(e));
      return undefined;
    }
  }

  // ---- read ------------------------------------------------------------------------------------

  async readResource(req: ReadResourceRequest): Promise<ReadResourceResponse> {
    const d = new Diagnostics();
    const r = this.resource(req.type_name, d);
    if (r === undefined) return { diagnostics: d.toProto() };
    const current = this.decodeObject(req.current_state, r.type, "current state", d);
    const priv = this.readPrivate(req.private, d);
    this.logRequest("ReadResource", req.type_name, r.block, { current_state: current ?? undefined });
    const meta = this.requireMeta(d);
    if (current === undefined || priv === undefined || d.hasErrors()) return this.readAnswer(r, req, d, current ?? null, req.private);
    if (current === null) return this.readAnswer(r, req, d, null, req.private);

    const res = await this.run("Read", d, () =>
      r.def.read({ ...this.base(req.type_name, d), meta: meta as M, state: readerFor(current, r.type), private: priv }),
    );
    let next: ValueObject | null = current;
    if (res.ok) {
      if (res.value === null) {
        // gone: an error alongside would be contradictory, so keep the object then
        next = d.hasErrors() ? current : null;
      } else {
        const obj = this.fromResource(() => objectFromInput(res.value as StateInput, r.type, current), d);
        next = obj === undefined ? current : this.checkFinal(r.block, r.type, obj, "refreshed state", d);
      }
    }
    return this.readAnswer(r, req, d, next, priv.toBytes());
  }

  private readAnswer(r: Compiled<ResourceDefinition<M>>, req: ReadResourceRequest, d: Diagnostics, state: ValueObject | null, priv: Buffer): ReadResourceResponse {
    this.logResponse("ReadResource", req.type_name, d, { gone: state === null });
    return { new_state: this.encodeState(state, r.type), private: priv, diagnostics: d.toProto() };
  }

  // ---- plan ------------------------------------------------------------------------------------

  async planResourceChange(req: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse> {
    const d = new Diagnostics();
    const r = this.resource(req.type_name, d);
    if (r === undefined) return { requires_replace: [], diagnostics: d.toProto() };
    const prior = this.decodeObject(req.prior_state, r.type, "prior state", d);
    const proposed = this.decodeObject(req.proposed_new_state, r.type, "proposed new state", d);
    const config = this.decodeObject(req.config, r.type, "configuration", d);
    const priv = this.readPrivate(req.prior_private, d);
    this.logRequest("PlanResourceChange", req.type_name, r.block, {
      prior_state: prior ?? undefined,
      config: config ?? undefined,
      proposed_new_state: proposed ?? undefined,
    });
    if (prior === undefined || proposed === undefined || config === undefined || priv === undefined) {
      return { requires_replace: [], diagnostics: d.toProto() };
    }
    // destroy (only reachable if plan_destroy were advertised): the answer must be null
    if (proposed === null) {
      this.logResponse("PlanResourceChange", req.type_name, d, { action: "delete" });
      return { planned_state: this.encode(null, r.type), requires_replace: [], planned_private: priv.toBytes(), diagnostics: d.toProto() };
    }

    let planned: ValueObject;
    let replace: AttributePath[];
    try {
      const result = planAttributes({ schema: r.def.schema, type: r.type, prior, proposed, config, diagnostics: d });
      planned = result.planned as ValueObject;
      replace = result.requiresReplace;
    } catch (e) {
      if (e instanceof ProviderError) d.addError(e.message, e.detail, e.path);
      else d.addError("Unexpected error while planning", errorText(e));
      return { requires_replace: [], diagnostics: d.toProto() };
    }

    const modify = r.def.modifyPlan;
    if (modify !== undefined && !d.hasErrors()) {
      const meta = this.requireMeta(d);
      if (!d.hasErrors()) {
        const writer = writerFor(planned, r.type);
        const extra: AttributePath[] = [];
        const res = await this.run("ModifyPlan", d, () =>
          modify.call(r.def, {
            ...this.base(req.type_name, d),
            meta: meta as M,
            config: readerFor(config ?? {}, r.type),
            prior: prior === null ? null : readerFor(prior, r.type),
            plan: writer,
            private: priv,
            requiresReplace: (p: PathLike) => {
              const path = toPath(p);
              if (typeAt(r.type, path) === undefined) throw new ProviderError(`requiresReplace: ${path.toString()} is not in the schema`);
              extra.push(path);
            },
          }),
        );
        if (res.ok) {
          planned = nullWriteOnly(r.block, writer.value) as ValueObject;
          replace = [...replace, ...extra];
        }
      }
    }

    if (d.hasErrors()) {
      this.logResponse("PlanResourceChange", req.type_name, d);
      return { requires_replace: [], diagnostics: d.toProto() };
    }

    const requiresReplace = finishRequiresReplace(replace, prior === null);
    for (const v of checkPlannedState(r.block, prior, config, planned)) {
      d.addError(
        "Provider produced an invalid plan",
        `The plan for ${v.path.toString()} breaks a Terraform rule: ${v.message}. This is a bug in the provider (usually in ModifyPlan or a plan modifier).`,
        v.path,
      );
    }
    const problem = conformsTo(planned, r.type);
    if (problem !== null) d.addError("Provider produced an invalid plan", `${problem}; this is a bug in the provider.`);
    if (d.hasErrors()) {
      this.logResponse("PlanResourceChange", req.type_name, d);
      return { requires_replace: [], diagnostics: d.toProto() };
    }

    if (isTraceEnabled(this.logger)) {
      this.logger.trace("PlanResourceChange planned", {
        tf_rpc: "PlanResourceChange",
        tf_resource_type: req.type_name,
        planned_state: redactForLog(r.block, planned),
        requires_replace: requiresReplace.map((p) => p.toString()),
      });
    }
    this.logResponse("PlanResourceChange", req.type_name, d, {
      action: prior === null ? "create" : "update",
      requires_replace: requiresReplace.map((p) => p.toString()),
    });
    return {
      planned_state: this.encode(planned, r.type),
      requires_replace: requiresReplace.map((p) => p.toProto()),
      planned_private: priv.toBytes(),
      diagnostics: d.toProto(),
    };
  }

  // ---- apply -----------------------------------------------------------------------------------

  async applyResourceChange(req: ApplyResourceChangeRequest): Promise<ApplyResourceChangeResponse> {
    const d = new Diagnostics();
    const r = this.resource(req.type_name, d);
    if (r === undefined) return { diagnostics: d.toProto() };
    const prior = this.decodeObject(req.prior_state, r.type, "prior state", d);
    const planned = this.decodeObject(req.planned_state, r.type, "planned state", d);
    const config = this.decodeObject(req.config, r.type, "configuration", d);
    const priv = this.readPrivate(req.planned_private, d);
    this.logRequest("ApplyResourceChange", req.type_name, r.block, {
      prior_state: prior ?? undefined,
      planned_state: planned ?? undefined,
      config: config ?? undefined,
    });
    const meta = this.requireMeta(d);
    const answer = (state: ValueObject | null, action: string): ApplyResourceChangeResponse => {
      this.logResponse("ApplyResourceChange", req.type_name, d, { action });
      return { new_state: this.encodeState(state, r.type), private: priv?.toBytes() ?? req.planned_private, diagnostics: d.toProto() };
    };
    if (prior === undefined || planned === undefined || config === undefined || priv === undefined || d.hasErrors()) {
      return answer(prior ?? null, "none");
    }
    const base = { ...this.base(req.type_name, d), meta: meta as M, private: priv };

    if (planned === null) {
      if (prior === null) return answer(null, "delete");
      const res = await this.run("Delete", d, () => r.def.delete({ ...base, prior: readerFor(prior, r.type) }));
      // an error keeps the object in state so the delete can be retried
      return answer(res.ok && !d.hasErrors() ? null : prior, "delete");
    }

    const action = prior === null ? "create" : "update";
    const ctx = { ...base, config: readerFor(config ?? {}, r.type), plan: readerFor(planned, r.type) };
    const res =
      prior === null
        ? await this.run("Create", d, () => r.def.create(ctx))
        : await this.run("Update", d, () => r.def.update({ ...ctx, prior: readerFor(prior, r.type) }));
    const result: StateInput | null | undefined = res.ok ? res.value : res.partial;
    if (result === null || result === undefined) {
      if (!d.hasErrors()) {
        d.addError(`Provider returned no state after ${action}`, `The ${action} of ${req.type_name} returned nothing; this is a bug in the provider.`);
      }
      // create: nothing is stored; update: the prior object is kept
      return answer(prior, action);
    }
    const merged = this.fromResource(() => mergeApplied(planned, result, r.type), d);
    if (merged === undefined) return answer(prior, action);
    for (const p of merged.report.missing) {
      d.addError(
        `Provider did not set ${p.toString()} after ${action}`,
        `${p.toString()} was planned as "known after apply" but the ${action} did not return a value for it; this is a bug in the provider.`,
        p,
      );
    }
    if (merged.report.overridden.length > 0) {
      this.logger.warn("Resource returned values that differ from the plan; the planned values were kept", {
        tf_rpc: "ApplyResourceChange",
        tf_resource_type: req.type_name,
        attributes: merged.report.overridden.map((p) => p.toString()),
      });
    }
    const state = this.checkFinal(r.block, r.type, merged.state, "applied state", d);
    return answer(state, action);
  }

  // ---- import ----------------------------------------------------------------------------------

  async importResourceState(req: ImportResourceStateRequest): Promise<ImportResourceStateResponse> {
    const d = new Diagnostics();
    const r = this.resource(req.type_name, d);
    this.logRequest("ImportResourceState", req.type_name, undefined, {});
    const done = (resources: ImportResourceStateResponse["imported_resources"]): ImportResourceStateResponse => {
      this.logResponse("ImportResourceState", req.type_name, d);
      return { imported_resources: d.hasErrors() ? [] : resources, diagnostics: d.toProto() };
    };
    if (r === undefined) return done([]);
    const importer = r.def.importState;
    if (importer === undefined) {
      d.addError("Resource import not implemented", `The ${req.type_name} resource does not support import.`);
      return done([]);
    }
    const meta = this.requireMeta(d);
    if (d.hasErrors()) return done([]);
    const priv = PrivateStateDocument.fromBytes(null);
    const res = await this.run("ImportState", d, () => importer.call(r.def, { ...this.base(req.type_name, d), meta: meta as M, id: req.id, private: priv }));
    if (!res.ok || d.hasErrors()) return done([]);
    const obj = this.fromResource(() => objectFromInput(res.value, r.type, emptyBlockValue(r.block)), d);
    if (obj === undefined) return done([]);
    const state = this.checkFinal(r.block, r.type, obj, "imported state", d);
    return done([{ type_name: req.type_name, state: this.encodeState(state, r.type), private: priv.toBytes() }]);
  }

  // ---- data sources ----------------------------------------------------------------------------

  async readDataSource(req: ReadDataSourceRequest): Promise<ReadDataSourceResponse> {
    const d = new Diagnostics();
    const ds = this.dataSource(req.type_name, d);
    if (ds === undefined) return { diagnostics: d.toProto() };
    const config = this.decodeObject(req.config, ds.type, "configuration", d);
    this.logRequest("ReadDataSource", req.type_name, ds.block, { config: config ?? undefined });
    const meta = this.requireMeta(d);
    const done = (state: ValueObject | null): ReadDataSourceResponse => {
      this.logResponse("ReadDataSource", req.type_name, d);
      return state === null || d.hasErrors() ? { diagnostics: d.toProto() } : { state: this.encode(state, ds.type), diagnostics: d.toProto() };
    };
    if (config === undefined || config === null || d.hasErrors()) return done(null);
    if (unknownPaths(config).length > 0) {
      d.addError("Data source configuration is not known yet", `Terraform asked to read ${req.type_name} while parts of its configuration are unknown.`);
      return done(null);
    }
    const res = await this.run("Read", d, () => ds.def.read({ ...this.base(req.type_name, d), meta: meta as M, config: readerFor(config, ds.type) }));
    if (!res.ok || d.hasErrors()) return done(null);
    const obj = this.fromResource(() => dataSourceState(ds.block, config, res.value, ds.type), d);
    if (obj === undefined) return done(null);
    return done(this.checkFinal(ds.block, ds.type, obj, "data source state", d));
  }

  // ---- stop ------------------------------------------------------------------------------------

  async stopProvider(): Promise<StopProviderResponse> {
    this.logger.info("Received StopProvider: cancelling in-flight operations", { tf_rpc: "StopProvider" });
    const stopping = this.stopController;
    // later calls (Terraform may continue with other work) get a fresh, un-aborted signal
    this.stopController = new AbortController();
    stopping.abort(new StopRequested());
    return { Error: "" };
  }
}

/** The abort reason of StopProvider: what an aborted fetch / signal-aware call rejects with. */
export class StopRequested extends Error {
  constructor() {
    super("Terraform asked the provider to stop");
    this.name = "StopRequested";
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

function isTraceEnabled(logger: FrameworkLogger): boolean {
  const withEnabled = logger as FrameworkLogger & { enabled?: (level: "trace") => boolean };
  return typeof withEnabled.enabled === "function" ? withEnabled.enabled("trace") : true;
}

/** The protocol schemas a server was built from (for schema documents and tests). */
export function protocolSchemasOf(rpc: ProviderRpc): ReturnType<FrameworkServer<unknown>["protocolSchemas"]> {
  if (!(rpc instanceof FrameworkServer)) throw new TypeError("not a framework provider server");
  return rpc.protocolSchemas();
}

/**
 * The `terraform providers schema -json` document for a provider definition, as Terraform would
 * print it for `address` (e.g. "example.local/acme/widget"). Throws if the definition is invalid.
 */
export function providerSchemaDocument<M>(def: ProviderDefinition<M>, address: string): object {
  return providerSchemasDocument(address, protocolSchemasOf(createProviderServer(def, { logger: NOOP_LOGGER })));
}
