// createProviderServer: a ProviderDefinition becomes a ProviderRpc. Each handler here is only
// plumbing — find the resource the request names, convert the wire message to a typed request
// (wire.ts), run that RPC's logic (one file per RPC in this folder), convert the result back.
// Handlers never throw for user-facing problems; a throw means a bug in the framework.

import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  ConfigureProviderRequest,
  ConfigureProviderResponse,
  GetFunctionsResponse,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
  MoveResourceStateRequest,
  MoveResourceStateResponse,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
  ProviderRpc,
  ReadDataSourceRequest,
  ReadDataSourceResponse,
  ReadResourceRequest,
  ReadResourceResponse,
  StopProviderResponse,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
  ValidateDataResourceConfigRequest,
  ValidateDataResourceConfigResponse,
  ValidateProviderConfigRequest,
  ValidateProviderConfigResponse,
  ValidateResourceConfigRequest,
  ValidateResourceConfigResponse,
} from "../../protocol/messages";
import { schemasJsonDocument } from "../../schema/to-json";
import type { ProviderDefinition } from "../api";
import { Diagnostics } from "../diagnostics";
import { applyResourceChange } from "./apply-resource-change";
import { CompiledProvider, type ProtocolSchemas } from "./compiled";
import { configureProvider } from "./configure-provider";
import { getFunctions, getMetadata, getProviderSchema } from "./get-provider-schema";
import { importResourceState } from "./import-resource-state";
import { moveResourceState } from "./move-resource-state";
import { planResourceChange } from "./plan-resource-change";
import { readDataSource } from "./read-data-source";
import { readResource } from "./read-resource";
import { FrameworkRuntime, NOOP_LOGGER, type ProviderServerOptions } from "./runtime";
import { upgradeResourceState } from "./upgrade-resource-state";
import { validateDataSourceConfig, validateProviderConfig, validateResourceConfig } from "./validate-config";
import * as wire from "./wire";

/** Builds the RPC implementation for a provider. Throws if the definition itself is invalid. */
export function createProviderServer<M>(def: ProviderDefinition<M>, options: ProviderServerOptions = {}): ProviderRpc {
  return new FrameworkServer(def, options);
}

class FrameworkServer<M> implements ProviderRpc {
  readonly compiled: CompiledProvider<M>;
  private readonly rt: FrameworkRuntime<M>;

  constructor(def: ProviderDefinition<M>, options: ProviderServerOptions) {
    this.compiled = new CompiledProvider(def);
    this.rt = new FrameworkRuntime<M>(def.typeName, options);
  }

  async getMetadata(): Promise<GetMetadataResponse> {
    return getMetadata(this.compiled);
  }

  async getProviderSchema(): Promise<GetProviderSchemaResponse> {
    this.rt.logger.debug("Received GetProviderSchema", { tf_rpc: "GetProviderSchema" });
    return getProviderSchema(this.compiled);
  }

  async getFunctions(): Promise<GetFunctionsResponse> {
    return getFunctions();
  }

  async validateProviderConfig(msg: ValidateProviderConfigRequest): Promise<ValidateProviderConfigResponse> {
    const d = new Diagnostics();
    const provider = this.compiled.provider;
    this.rt.logRequest("ValidateProviderConfig", "", undefined, {});
    const req = wire.validateRequestFromProto(
      { ...msg, type_name: this.compiled.def.typeName },
      provider.type,
      d,
      false,
    );
    await validateProviderConfig(this.rt, provider, req, d);
    this.rt.logResponse("ValidateProviderConfig", "", d);
    return { diagnostics: wire.diagnosticsToProto(d) };
  }

  async validateResourceConfig(msg: ValidateResourceConfigRequest): Promise<ValidateResourceConfigResponse> {
    const d = new Diagnostics();
    const r = this.compiled.resource(msg.type_name, d);
    if (r !== undefined) {
      this.rt.logRequest("ValidateResourceConfig", msg.type_name, undefined, {});
      await validateResourceConfig(this.rt, r, wire.validateRequestFromProto(msg, r.type, d, true), d);
    }
    this.rt.logResponse("ValidateResourceConfig", msg.type_name, d);
    return { diagnostics: wire.diagnosticsToProto(d) };
  }

  async validateDataResourceConfig(
    msg: ValidateDataResourceConfigRequest,
  ): Promise<ValidateDataResourceConfigResponse> {
    const d = new Diagnostics();
    const ds = this.compiled.dataSource(msg.type_name, d);
    if (ds !== undefined) {
      this.rt.logRequest("ValidateDataResourceConfig", msg.type_name, undefined, {});
      await validateDataSourceConfig(this.rt, ds, wire.validateRequestFromProto(msg, ds.type, d, false), d);
    }
    this.rt.logResponse("ValidateDataResourceConfig", msg.type_name, d);
    return { diagnostics: wire.diagnosticsToProto(d) };
  }

  async configureProvider(msg: ConfigureProviderRequest): Promise<ConfigureProviderResponse> {
    const d = new Diagnostics();
    const provider = this.compiled.provider;
    await configureProvider(this.rt, provider, wire.configureRequestFromProto(msg, provider.type, d), d);
    return { diagnostics: wire.diagnosticsToProto(d) };
  }

  async upgradeResourceState(msg: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse> {
    const d = new Diagnostics();
    const r = this.compiled.resource(msg.type_name, d);
    if (r === undefined) {
      this.rt.logResponse("UpgradeResourceState", msg.type_name, d, { from_version: msg.version });
      return { diagnostics: wire.diagnosticsToProto(d) };
    }
    const result = await upgradeResourceState(this.rt, r, wire.upgradeRequestFromProto(msg), d);
    return wire.upgradeResultToProto(result, r.type, d);
  }

  async readResource(msg: ReadResourceRequest): Promise<ReadResourceResponse> {
    const d = new Diagnostics();
    const r = this.compiled.resource(msg.type_name, d);
    if (r === undefined) return { diagnostics: wire.diagnosticsToProto(d) };
    const result = await readResource(this.rt, r, wire.readRequestFromProto(msg, r.type, d), d);
    return wire.readResultToProto(result, r.type, d);
  }

  async planResourceChange(msg: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse> {
    const d = new Diagnostics();
    const r = this.compiled.resource(msg.type_name, d);
    if (r === undefined) return { requires_replace: [], diagnostics: wire.diagnosticsToProto(d) };
    const result = await planResourceChange(this.rt, r, wire.planRequestFromProto(msg, r.type, d), d);
    return wire.planResultToProto(result, r.type, d);
  }

  async applyResourceChange(msg: ApplyResourceChangeRequest): Promise<ApplyResourceChangeResponse> {
    const d = new Diagnostics();
    const r = this.compiled.resource(msg.type_name, d);
    if (r === undefined) return { diagnostics: wire.diagnosticsToProto(d) };
    const result = await applyResourceChange(this.rt, r, wire.applyRequestFromProto(msg, r.type, d), d);
    return wire.applyResultToProto(result, r.type, d);
  }

  async importResourceState(msg: ImportResourceStateRequest): Promise<ImportResourceStateResponse> {
    const d = new Diagnostics();
    const r = this.compiled.resource(msg.type_name, d);
    if (r === undefined) {
      this.rt.logRequest("ImportResourceState", msg.type_name, undefined, {});
      this.rt.logResponse("ImportResourceState", msg.type_name, d);
      return { imported_resources: [], diagnostics: wire.diagnosticsToProto(d) };
    }
    const result = await importResourceState(this.rt, r, wire.importRequestFromProto(msg), d);
    return wire.importResultToProto(result, r.type, d);
  }

  async moveResourceState(msg: MoveResourceStateRequest): Promise<MoveResourceStateResponse> {
    const d = new Diagnostics();
    this.rt.logRequest("MoveResourceState", msg.target_type_name, undefined, {});
    if (this.compiled.resource(msg.target_type_name, d) !== undefined) {
      moveResourceState(wire.moveRequestFromProto(msg), d);
    }
    this.rt.logResponse("MoveResourceState", msg.target_type_name, d);
    return { diagnostics: wire.diagnosticsToProto(d) };
  }

  async readDataSource(msg: ReadDataSourceRequest): Promise<ReadDataSourceResponse> {
    const d = new Diagnostics();
    const ds = this.compiled.dataSource(msg.type_name, d);
    if (ds === undefined) return { diagnostics: wire.diagnosticsToProto(d) };
    const result = await readDataSource(this.rt, ds, wire.dataReadRequestFromProto(msg, ds.type, d), d);
    return wire.dataReadResultToProto(result, ds.type, d);
  }

  async stopProvider(): Promise<StopProviderResponse> {
    this.rt.logger.info("Received StopProvider: cancelling in-flight operations", { tf_rpc: "StopProvider" });
    this.rt.stop();
    return { Error: "" };
  }
}

/** The protocol schemas a server was built from (for schema documents and tests). */
export function protocolSchemasOf(rpc: ProviderRpc): ProtocolSchemas {
  if (!(rpc instanceof FrameworkServer)) throw new TypeError("not a framework provider server");
  return rpc.compiled.protocolSchemas();
}

/**
 * The `terraform providers schema -json` document for a provider definition, as Terraform would
 * print it for `address` (e.g. "example.local/acme/widget"). Throws if the definition is invalid.
 */
export function providerSchemaDocument<M>(def: ProviderDefinition<M>, address: string): object {
  return schemasJsonDocument(address, protocolSchemasOf(createProviderServer(def, { logger: NOOP_LOGGER })));
}
