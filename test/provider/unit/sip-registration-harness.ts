// In-process driver for voximplant_sip_registration: the real resource definition behind the
// framework's RPC server, with plain JS values in and out, so plan / apply / read / import can be
// exercised without terraform. Terraform's own part (the proposed new state) is imitated here.
import type { CtyType } from "../../../src/plugin/cty/types";
import { decodeValue, encodeValue } from "../../../src/plugin/cty/msgpack";
import { TfNumber, UNKNOWN, Unknown, isKnownObject, type Value, type ValueObject } from "../../../src/plugin/cty/value";
import { createProviderServer, type ProviderDefinition, type SchemaDef } from "../../../src/plugin/framework";
import { schemaDefToModel } from "../../../src/plugin/framework/schema-def";
import { Severity, type DiagnosticMsg, type ProviderRpc } from "../../../src/plugin/protocol/messages";
import { impliedType } from "../../../src/plugin/schema/implied-type";
import type { ProviderMeta } from "../../../src/provider";
import { providerSchema, voximplantProvider } from "../../../src/provider/provider";
import { sipRegistrationResource } from "../../../src/provider/sip-registration";
import { RESOURCE_TYPE, sipRegistrationSchema } from "../../../src/provider/sip-registration/schema";

export { UNKNOWN };
export type Plain = Record<string, unknown>;

export interface PlainDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail: string;
  path: string | undefined;
}

function typeOfSchema(s: SchemaDef): CtyType {
  return impliedType(schemaDefToModel(s).block);
}

export const resourceType = typeOfSchema(sipRegistrationSchema);
export const providerType = typeOfSchema(providerSchema);

/** Plain JS → a Value of `type` (numbers → TfNumber, missing attributes → null). */
export function toValue(v: unknown, type: CtyType): Value {
  if (v === null || v === undefined) return null;
  if (v instanceof Unknown || v instanceof TfNumber) return v;
  switch (type.kind) {
    case "number":
      return TfNumber.of(v as number | string);
    case "string":
    case "bool":
      return v as string | boolean;
    case "object": {
      const src = v as Record<string, unknown>;
      for (const k of Object.keys(src)) if (!(k in type.attributes)) throw new Error(`no attribute ${k} in the schema`);
      const out: ValueObject = {};
      for (const [k, t] of Object.entries(type.attributes)) out[k] = toValue(src[k], t);
      return out;
    }
    default:
      throw new Error(`unsupported type ${type.kind}`);
  }
}

/** A Value → plain JS (numbers as JS numbers, unknowns stay the UNKNOWN marker). */
function plain(v: Value): unknown {
  if (v === null || v instanceof Unknown) return v;
  if (v instanceof TfNumber) return Number(v.text);
  if (Array.isArray(v)) return v.map(plain);
  if (isKnownObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) out[k] = plain(e);
    return out;
  }
  return v;
}

function pathText(d: DiagnosticMsg): string | undefined {
  const steps = d.attribute?.steps ?? [];
  if (steps.length === 0) return undefined;
  return steps.map((s) => s.attribute_name ?? String(s.element_key_int ?? s.element_key_string)).join(".");
}

export function plainDiagnostics(ds: readonly DiagnosticMsg[]): PlainDiagnostic[] {
  return ds.map((d) => ({
    severity: d.severity === Severity.ERROR ? "error" : "warning",
    summary: d.summary ?? "",
    detail: d.detail ?? "",
    path: pathText(d),
  }));
}

export const errorsOf = (ds: PlainDiagnostic[]): PlainDiagnostic[] => ds.filter((d) => d.severity === "error");

const enc = (v: Value, t: CtyType = resourceType) => ({ msgpack: encodeValue(v, t) });
const dec = (m: { msgpack?: Buffer | Uint8Array | null } | null | undefined, t: CtyType = resourceType): Value =>
  m?.msgpack && m.msgpack.length > 0 ? decodeValue(Buffer.from(m.msgpack), t) : null;

/** Terraform's proposed new state for top-level attributes (reference §4.5.2). */
function proposedNew(prior: ValueObject | null, config: ValueObject): ValueObject {
  if (resourceType.kind !== "object") throw new Error("not an object type");
  const out: ValueObject = {};
  for (const [name, def] of Object.entries(sipRegistrationSchema.block.attributes)) {
    const c = config[name] ?? null;
    out[name] = def.computed && c === null ? (prior?.[name] ?? null) : c;
  }
  return out;
}

export interface PlanResult {
  planned: ValueObject | null;
  plainPlanned: Plain | null;
  requiresReplace: string[];
  diagnostics: PlainDiagnostic[];
  plannedPrivate: Buffer | undefined;
}

export interface ApplyResult {
  state: Plain | null;
  raw: ValueObject | null;
  diagnostics: PlainDiagnostic[];
  private: Buffer | undefined;
}

export class ResourceHarness {
  readonly rpc: ProviderRpc;
  private configured: Promise<PlainDiagnostic[]> | undefined;

  /**
   * With `meta`, a minimal provider whose configure returns it; without, the real provider
   * configured through ConfigureProvider with `providerConfig`.
   */
  constructor(private readonly options: { meta?: () => ProviderMeta; providerConfig?: Plain } = {}) {
    const def: ProviderDefinition<ProviderMeta> =
      options.meta !== undefined
        ? {
            typeName: "voximplant",
            schema: { version: 0, block: { attributes: {} } },
            configure: options.meta,
            resources: [sipRegistrationResource],
          }
        : voximplantProvider;
    this.rpc = createProviderServer(def, { logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
  }

  configure(): Promise<PlainDiagnostic[]> {
    this.configured ??= (async () => {
      const t = this.options.meta !== undefined ? ({ kind: "object", attributes: {} } as CtyType) : providerType;
      const res = await this.rpc.configureProvider({
        terraform_version: "1.11.4",
        config: enc(toValue(this.options.providerConfig ?? {}, t), t),
      });
      return plainDiagnostics(res.diagnostics);
    })();
    return this.configured;
  }

  config(values: Plain): ValueObject {
    return toValue(values, resourceType) as ValueObject;
  }

  /** @param writeOnlyAllowed the client capability; null sends no capabilities (cores before 1.11) */
  async validate(config: Plain, writeOnlyAllowed: boolean | null = true): Promise<PlainDiagnostic[]> {
    const res = await this.rpc.validateResourceConfig({
      type_name: RESOURCE_TYPE,
      config: enc(this.config(config)),
      ...(writeOnlyAllowed !== null
        ? { client_capabilities: { write_only_attributes_allowed: writeOnlyAllowed } }
        : {}),
    });
    return plainDiagnostics(res.diagnostics);
  }

  async plan(prior: ValueObject | null, config: Plain, priorPrivate?: Buffer): Promise<PlanResult> {
    const d = await this.configure();
    if (errorsOf(d).length > 0) throw new Error(`configure failed: ${JSON.stringify(d)}`);
    const c = this.config(config);
    const res = await this.rpc.planResourceChange({
      type_name: RESOURCE_TYPE,
      prior_state: enc(prior),
      proposed_new_state: enc(proposedNew(prior, c)),
      config: enc(c),
      prior_private: priorPrivate ?? Buffer.alloc(0),
    });
    const planned = res.planned_state ? (dec(res.planned_state) as ValueObject | null) : null;
    return {
      planned,
      plainPlanned: planned === null ? null : (plain(planned) as Plain),
      requiresReplace: (res.requires_replace ?? []).map((p) => p.steps.map((s) => s.attribute_name).join(".")),
      diagnostics: plainDiagnostics(res.diagnostics),
      plannedPrivate: res.planned_private ? Buffer.from(res.planned_private) : undefined,
    };
  }

  async apply(
    prior: ValueObject | null,
    planned: ValueObject | null,
    config: Plain | null,
    plannedPrivate?: Buffer,
  ): Promise<ApplyResult> {
    await this.configure();
    const res = await this.rpc.applyResourceChange({
      type_name: RESOURCE_TYPE,
      prior_state: enc(prior),
      planned_state: enc(planned),
      config: enc(config === null ? null : this.config(config)),
      planned_private: plannedPrivate ?? Buffer.alloc(0),
    });
    const raw = dec(res.new_state) as ValueObject | null;
    return {
      raw,
      state: raw === null ? null : (plain(raw) as Plain),
      diagnostics: plainDiagnostics(res.diagnostics),
      private: res.private ? Buffer.from(res.private) : undefined,
    };
  }

  /** plan + apply of a create or update; throws when planning fails. */
  async planApply(
    prior: ValueObject | null,
    config: Plain,
    priorPrivate?: Buffer,
  ): Promise<ApplyResult & { plan: PlanResult }> {
    const p = await this.plan(prior, config, priorPrivate);
    if (errorsOf(p.diagnostics).length > 0) throw new Error(`plan failed: ${JSON.stringify(p.diagnostics)}`);
    const a = await this.apply(prior, p.planned, config, p.plannedPrivate);
    return { ...a, plan: p };
  }

  async read(
    state: ValueObject,
    priv?: Buffer,
  ): Promise<{
    state: Plain | null;
    raw: ValueObject | null;
    diagnostics: PlainDiagnostic[];
    private: Buffer | undefined;
  }> {
    await this.configure();
    const res = await this.rpc.readResource({
      type_name: RESOURCE_TYPE,
      current_state: enc(state),
      private: priv ?? Buffer.alloc(0),
    });
    const raw = dec(res.new_state) as ValueObject | null;
    return {
      raw,
      state: raw === null ? null : (plain(raw) as Plain),
      diagnostics: plainDiagnostics(res.diagnostics),
      private: res.private ? Buffer.from(res.private) : undefined,
    };
  }

  async import(
    id: string,
  ): Promise<{ state: ValueObject | null; private: Buffer | undefined; diagnostics: PlainDiagnostic[] }> {
    await this.configure();
    const res = await this.rpc.importResourceState({ type_name: RESOURCE_TYPE, id });
    const first = res.imported_resources[0];
    return {
      state: first ? (dec(first.state) as ValueObject | null) : null,
      private: first?.private ? Buffer.from(first.private) : undefined,
      diagnostics: plainDiagnostics(res.diagnostics),
    };
  }
}
