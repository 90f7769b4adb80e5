// In-process harness for provider code without terraform: wraps data source definitions in a
// minimal ProviderDefinition, serves it with the framework's server, and offers validate()/read()
// that take plain JS configs (numbers → Terraform numbers, missing attributes → null) and return
// diagnostics and plain JS state. Fast enough for unit tests of validation and read logic.
//
//   const h = dataSourceHarness([applicationDataSource], () => meta);
//   const diags = await h.validate("voximplant_application", { name: "demo-app", application_id: 1 });
//   const { state } = await h.read("voximplant_application", { name: "demo-app" });
import type { CtyType } from "../../src/plugin/cty/types";
import { decodeValue, encodeValue } from "../../src/plugin/cty/msgpack";
import { TfNumber, Unknown, UNKNOWN, type Value, type ValueObject } from "../../src/plugin/cty/value";
import {
  createProviderServer,
  protocolSchemasOf,
  type DataSourceDefinition,
  type ProviderDefinition,
} from "../../src/plugin/framework";
import { impliedType } from "../../src/plugin/schema/implied-type";
import { Severity, type DiagnosticMsg, type ProviderRpc } from "../../src/plugin/protocol/messages";

/** A diagnostic in plain form: severity, summary, detail and the attribute path as "a.b[0]". */
export interface PlainDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail: string;
  path: string | undefined;
}

/** Marker for an unknown config value (as during plan when a value depends on a resource). */
export const unknown: Unknown = UNKNOWN;

function toValue(v: unknown, type: CtyType): Value {
  if (v === null || v === undefined) return null;
  if (v instanceof Unknown) return v;
  switch (type.kind) {
    case "number":
      return v instanceof TfNumber ? v : TfNumber.of(v as number | string);
    case "string":
    case "bool":
      return v as string | boolean;
    case "list":
    case "set":
      return (v as unknown[]).map((e) => toValue(e, type.element));
    case "map": {
      const out: ValueObject = {};
      for (const [k, e] of Object.entries(v as Record<string, unknown>)) out[k] = toValue(e, type.element);
      return out;
    }
    case "object": {
      const src = v as Record<string, unknown>;
      for (const k of Object.keys(src)) if (!(k in type.attributes)) throw new Error(`no attribute ${k} in the schema`);
      const out: ValueObject = {};
      for (const [k, t] of Object.entries(type.attributes)) out[k] = toValue(src[k], t);
      return out;
    }
    default:
      throw new Error(`unsupported type ${type.kind} in the test harness`);
  }
}

/** Terraform values → plain JS (numbers as JS numbers, unknowns as the `unknown` marker). */
function plain(v: Value): unknown {
  if (v === null || v instanceof Unknown) return v;
  if (v instanceof TfNumber) return Number(v.text);
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === "object" && !(v instanceof TfNumber)) {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v as ValueObject)) out[k] = plain(e);
    return out;
  }
  return v;
}

function pathText(d: DiagnosticMsg): string | undefined {
  const steps = d.attribute?.steps;
  if (steps === undefined || steps.length === 0) return undefined;
  let s = "";
  for (const step of steps) {
    if (step.attribute_name !== undefined && step.attribute_name !== null)
      s += s === "" ? step.attribute_name : `.${step.attribute_name}`;
    else if (step.element_key_int !== undefined && step.element_key_int !== null)
      s += `[${String(step.element_key_int)}]`;
    else if (step.element_key_string !== undefined && step.element_key_string !== null)
      s += `[${JSON.stringify(step.element_key_string)}]`;
  }
  return s;
}

function plainDiagnostics(ds: DiagnosticMsg[]): PlainDiagnostic[] {
  return ds.map((d) => ({
    severity: d.severity === Severity.ERROR ? "error" : "warning",
    summary: d.summary ?? "",
    detail: d.detail ?? "",
    path: pathText(d),
  }));
}

export interface DataSourceHarness {
  rpc: ProviderRpc;
  typeOf(typeName: string): CtyType;
  validate(typeName: string, config: Record<string, unknown>): Promise<PlainDiagnostic[]>;
  /** Configures the provider on first use, then reads. */
  read(
    typeName: string,
    config: Record<string, unknown>,
  ): Promise<{ state: Record<string, unknown> | null; diagnostics: PlainDiagnostic[] }>;
}

export function dataSourceHarness<M>(
  dataSources: DataSourceDefinition<M>[],
  meta: () => M | Promise<M>,
): DataSourceHarness {
  const def: ProviderDefinition<M> = {
    typeName: "voximplant",
    schema: { version: 0, block: { attributes: {} } },
    configure: () => meta(),
    resources: [],
    dataSources,
  };
  const rpc = createProviderServer(def);
  const schemas = protocolSchemasOf(rpc);
  const typeOf = (typeName: string): CtyType => {
    const s = schemas.dataSources[typeName];
    if (s === undefined) throw new Error(`no data source ${typeName}`);
    return impliedType(s.block);
  };
  let configured: Promise<DiagnosticMsg[]> | undefined;
  return {
    rpc,
    typeOf,
    async validate(typeName, config) {
      const t = typeOf(typeName);
      const res = await rpc.validateDataResourceConfig({
        type_name: typeName,
        config: { msgpack: encodeValue(toValue(config, t), t) },
      });
      return plainDiagnostics(res.diagnostics);
    },
    async read(typeName, config) {
      configured ??= rpc
        .configureProvider({
          terraform_version: "1.11.4",
          config: { msgpack: encodeValue({}, { kind: "object", attributes: {} }) },
        })
        .then((r) => r.diagnostics);
      const configureDiags = await configured;
      if (configureDiags.length > 0) return { state: null, diagnostics: plainDiagnostics(configureDiags) };
      const t = typeOf(typeName);
      const res = await rpc.readDataSource({
        type_name: typeName,
        config: { msgpack: encodeValue(toValue(config, t), t) },
      });
      const state = res.state?.msgpack ? (plain(decodeValue(res.state.msgpack, t)) as Record<string, unknown>) : null;
      return { state, diagnostics: plainDiagnostics(res.diagnostics) };
    },
  };
}
