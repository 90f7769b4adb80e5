// Shared by the per-RPC framework server tests: a fixture provider with one resource (fx_thing) and
// one data source (fx_lookup) whose behaviour each test chooses, and value helpers for the wire.

import { StringType, listOf } from "../../../../src/plugin/cty/types";
import { TfNumber, type Value, type ValueObject } from "../../../../src/plugin/cty/value";
import { decodeValue, encodeValue } from "../../../../src/plugin/cty/msgpack";
import {
  Severity,
  type DiagnosticMsg,
  type DynamicValueMsg,
  type ProviderRpc,
} from "../../../../src/plugin/protocol/messages";
import type {
  FrameworkLogger,
  LogFields,
  ProviderDefinition,
  ResourceDefinition,
  StateInput,
} from "../../../../src/plugin/framework/api";
import { ProviderError } from "../../../../src/plugin/framework/diagnostics";
import { createProviderServer } from "../../../../src/plugin/framework/rpc/provider-server";
import { stringLengthAtLeast, conflictsWith } from "../../../../src/plugin/framework/validators";
import { proposedNew, thingSchema, thingType } from "../fixture-schema";

export const n = (x: number | string) => TfNumber.of(x);
export const dv = (v: Value, t = thingType): DynamicValueMsg => ({ msgpack: encodeValue(v, t) });
export const un = (m: DynamicValueMsg | undefined, t = thingType): Value =>
  m?.msgpack ? decodeValue(m.msgpack, t) : null;
export const errors = (ds: DiagnosticMsg[]) => ds.filter((d) => d.severity === Severity.ERROR).map((d) => d.summary);
export const pathOf = (d: DiagnosticMsg) =>
  d.attribute?.steps.map((s) => s.attribute_name ?? s.element_key_int ?? s.element_key_string);

export interface Meta {
  calls: string[];
  store: Map<string, ValueObject>;
}

export class CapturingLogger implements FrameworkLogger {
  lines: string[] = [];
  private rec(level: string) {
    return (message: string, fields?: LogFields) =>
      this.lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  }
  trace = this.rec("trace");
  debug = this.rec("debug");
  info = this.rec("info");
  warn = this.rec("warn");
  error = this.rec("error");
}

export interface Behaviour {
  createResult?: (ctx: Parameters<ResourceDefinition<Meta>["create"]>[0]) => StateInput | null;
  readResult?: (state: ValueObject) => StateInput | null;
  seenSecret?: (s: string | null) => void;
  inFlight?: (signal: AbortSignal) => Promise<void>;
}

export function thing(b: Behaviour): ResourceDefinition<Meta> {
  return {
    typeName: "fx_thing",
    schema: thingSchema,
    validateConfig(ctx) {
      if (!ctx.config.isUnknown("name") && ctx.config.getString("name") === "forbidden") {
        ctx.diagnostics.addError("Name not allowed", "pick another name", "name");
      }
    },
    async create(ctx) {
      ctx.meta.calls.push("create");
      b.seenSecret?.(ctx.config.getString("secret_wo"));
      if (b.inFlight) await b.inFlight(ctx.signal);
      ctx.private.set("created", true);
      return b.createResult
        ? b.createResult(ctx)
        : {
            id: "i-1",
            status: "ready",
            rule: ctx.plan.getList("rule")!.map((r) => ({ ...(r as ValueObject), port: 5060 })),
          };
    },
    async read(ctx) {
      ctx.meta.calls.push("read");
      return b.readResult ? b.readResult(ctx.state.value) : {};
    },
    async update(ctx) {
      ctx.meta.calls.push("update");
      return { status: "updated", rule: ctx.plan.getList("rule")!.map((r) => ({ ...(r as ValueObject), port: 5061 })) };
    },
    async delete(ctx) {
      ctx.meta.calls.push(`delete ${ctx.prior.getString("id")}`);
      if (ctx.prior.getString("name") === "undeletable")
        throw new ProviderError("Delete failed", { detail: "API said no" });
    },
    importState(ctx) {
      return { id: ctx.id };
    },
    stateUpgraders: {
      0: {
        priorSchema: {
          version: 0,
          block: {
            attributes: { id: { type: StringType, computed: true }, title: { type: StringType, required: true } },
          },
        },
        upgrade(ctx) {
          return {
            id: ctx.prior!.getString("id"),
            name: ctx.prior!.getString("title"),
            size: 10,
            status: "migrated",
            rule: [],
          };
        },
      },
    },
  };
}

export function provider(b: Behaviour = {}, extra: Partial<ProviderDefinition<Meta>> = {}): ProviderDefinition<Meta> {
  return {
    typeName: "fx",
    schema: {
      version: 0,
      block: {
        attributes: {
          endpoint: { type: StringType, optional: true, validators: [stringLengthAtLeast(3)] },
          token: { type: StringType, optional: true, sensitive: true, validators: [conflictsWith("endpoint")] },
        },
      },
    },
    configure(ctx) {
      if (!ctx.config.isUnknown("endpoint") && ctx.config.getString("endpoint") === "bad") {
        ctx.diagnostics.addError("Cannot connect", "bad endpoint", "endpoint");
      }
      return { calls: [], store: new Map() };
    },
    resources: [thing(b)],
    dataSources: [
      {
        typeName: "fx_lookup",
        schema: {
          version: 0,
          block: {
            attributes: {
              name: { type: StringType, required: true },
              result: { type: StringType, computed: true },
              extra: { type: listOf(StringType), optional: true, computed: true },
            },
          },
        },
        read(ctx) {
          return { result: `found ${ctx.config.getString("name")}`, name: "ignored" };
        },
      },
    ],
    ...extra,
  };
}

export const providerType = { kind: "object", attributes: { endpoint: StringType, token: StringType } } as const;

export async function configured(
  b: Behaviour = {},
  logger = new CapturingLogger(),
): Promise<{ rpc: ProviderRpc; logger: CapturingLogger }> {
  const rpc = createProviderServer(provider(b), { logger });
  const res = await rpc.configureProvider({
    terraform_version: "1.11.4",
    config: dv({ endpoint: "http://x", token: null }, providerType),
  });
  expect(res.diagnostics).toEqual([]);
  return { rpc, logger };
}

export async function planCreate(rpc: ProviderRpc, config: ValueObject) {
  return rpc.planResourceChange({
    type_name: "fx_thing",
    prior_state: dv(null),
    proposed_new_state: dv(proposedNew(thingSchema.block, null, config)),
    config: dv(config),
    prior_private: Buffer.alloc(0),
  });
}
