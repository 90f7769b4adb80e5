// A provider definition checked and compiled once, when the server is built: each schema in its
// framework form (BlockDef), its cty type, its protocol form and its wire message. A definition
// that breaks a rule is a provider bug, reported with every problem at once at start-up.

import type { CtyType } from "../../cty/types";
import type { SchemaMsg } from "../../protocol/messages";
import type { Schema } from "../../schema/model";
import { impliedType } from "../../schema/implied-type";
import { schemaModelToWire } from "../../schema/to-proto";
import { terraformSchemaProblems } from "../../schema/validate";
import type { BlockDef, DataSourceDefinition, ProviderDefinition, ResourceDefinition, SchemaDef } from "../api";
import type { Diagnostics } from "../diagnostics";
import { assertNoProblems, frameworkSchemaProblems, schemaDefToModel, type SchemaKind } from "../schema-def";

export interface Compiled<D> {
  readonly def: D;
  readonly block: BlockDef;
  readonly type: CtyType;
  readonly protocol: Schema;
  readonly message: SchemaMsg;
}

function compile<D extends { schema: SchemaDef }>(
  def: D,
  where: string,
  kind: SchemaKind,
  problems: string[],
): Compiled<D> {
  problems.push(...frameworkSchemaProblems(def.schema, where, kind));
  const protocol = schemaDefToModel(def.schema);
  problems.push(
    ...terraformSchemaProblems(protocol, kind === "data source" ? "data" : kind).map((p) => `${where}: ${p}`),
  );
  return {
    def,
    block: def.schema.block,
    type: impliedType(protocol.block),
    protocol,
    message: schemaModelToWire(protocol),
  };
}

export interface ProtocolSchemas {
  provider: Schema;
  resources: Record<string, Schema>;
  dataSources: Record<string, Schema>;
}

export class CompiledProvider<M> {
  readonly provider: Compiled<ProviderDefinition<M>>;
  readonly resources = new Map<string, Compiled<ResourceDefinition<M>>>();
  readonly dataSources = new Map<string, Compiled<DataSourceDefinition<M>>>();

  /** Throws if the definition is invalid, listing every problem. */
  constructor(readonly def: ProviderDefinition<M>) {
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9]*$/.test(def.typeName)) {
      problems.push(`provider type name ${JSON.stringify(def.typeName)} must be lowercase letters and digits`);
    }
    this.provider = compile(def, "provider", "provider", problems);
    for (const r of def.resources) {
      this.checkTypeName(r.typeName, "resource", this.resources, problems);
      this.resources.set(r.typeName, compile(r, `resource ${r.typeName}`, "resource", problems));
      for (const v of Object.keys(r.stateUpgraders ?? {})) {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n >= r.schema.version) {
          problems.push(
            `resource ${r.typeName}: state upgrader for version ${v} must be below the schema version ` +
              `${r.schema.version}`,
          );
        }
        const prior = r.stateUpgraders?.[n]?.priorSchema;
        if (prior !== undefined)
          problems.push(...frameworkSchemaProblems(prior, `resource ${r.typeName} (version ${v})`, "resource"));
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
      problems.push(
        `${kind} type name ${JSON.stringify(name)} must be lowercase and start with "${this.def.typeName}_"`,
      );
    }
    if (seen.has(name)) problems.push(`${kind} ${name} is defined twice`);
  }

  /** The resource a request names, or an error diagnostic. */
  resource(typeName: string, d: Diagnostics): Compiled<ResourceDefinition<M>> | undefined {
    const r = this.resources.get(typeName);
    if (r === undefined)
      d.addError("Unknown resource type", `This provider has no resource type ${JSON.stringify(typeName)}.`);
    return r;
  }

  /** The data source a request names, or an error diagnostic. */
  dataSource(typeName: string, d: Diagnostics): Compiled<DataSourceDefinition<M>> | undefined {
    const r = this.dataSources.get(typeName);
    if (r === undefined) {
      d.addError("Unknown data source type", `This provider has no data source type ${JSON.stringify(typeName)}.`);
    }
    return r;
  }

  /** Protocol-level schemas, e.g. for `providers schema -json` comparisons and documentation. */
  protocolSchemas(): ProtocolSchemas {
    const resources: Record<string, Schema> = {};
    for (const [k, r] of this.resources) resources[k] = r.protocol;
    const dataSources: Record<string, Schema> = {};
    for (const [k, r] of this.dataSources) dataSources[k] = r.protocol;
    return { provider: this.provider.protocol, resources, dataSources };
  }
}
