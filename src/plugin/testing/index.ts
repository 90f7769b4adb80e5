// terraform-provider-voximplant/plugin/testing: drive a provider definition's RPCs in-process with
// plain JS values, without Terraform. Configs go in as plain objects (numbers as JS numbers or
// decimal text, lists as arrays, the `unknown` marker for values known only after apply, missing
// attributes null); states and plans come back the same way, together with the exact values
// (`value`) to hand to the next call, and diagnostics with their attribute paths as text.
//
// It plays Terraform's part where a test needs it: the proposed new state of a plan (config, with
// prior values for computed attributes the config leaves null) and the schema-typed encoding.
// Proving behaviour against Terraform itself is still the end-to-end tests' job.

import { decodeValue, encodeValue } from "../cty/msgpack";
import type { CtyType } from "../cty/types";
import { TfNumber, UNKNOWN, Unknown, isKnownObject, type Value, type ValueObject } from "../cty/value";
import type { FrameworkLogger, ProviderDefinition } from "../framework/api";
import { createProviderServer, protocolSchemasOf } from "../framework/rpc/provider-server";
import type { ProtocolSchemas } from "../framework/rpc/compiled";
import {
  Severity,
  type AttributePathMsg,
  type DiagnosticMsg,
  type DynamicValueMsg,
  type ProviderRpc,
} from "../protocol/messages";
import type { Block, Schema } from "../schema/model";
import { impliedType } from "../schema/implied-type";

/** A config, plan or state in plain JS: attribute name → value. */
export type PlainObject = Record<string, unknown>;

/** The marker for a value Terraform knows only after apply (in configs and returned plans). */
export const unknown: Unknown = UNKNOWN;

/** A diagnostic with its attribute path as text, e.g. `rule[0].port` or `tags["env"]`. */
export interface PlainDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail: string;
  path: string | undefined;
}

export function errorsOf(diagnostics: readonly PlainDiagnostic[]): PlainDiagnostic[] {
  return diagnostics.filter((d) => d.severity === "error");
}

/** A state or plan as returned: plain JS, plus the exact value to pass on to a later call. */
export interface ObjectResult {
  /** numbers as JS numbers, unknown values as the `unknown` marker; null when there is none */
  readonly plain: PlainObject | null;
  /** the exact value (numbers as TfNumber): hand this back as `prior` / `state` */
  readonly value: ValueObject | null;
}

export interface PlanResult extends ObjectResult {
  /** attribute paths that force replacement */
  readonly requiresReplace: string[];
  readonly private: Buffer | undefined;
  readonly diagnostics: PlainDiagnostic[];
}

export interface StateResult extends ObjectResult {
  readonly private: Buffer | undefined;
  readonly diagnostics: PlainDiagnostic[];
}

/** Where a state, config or plan may come from: plain JS, or a `value` an earlier call returned. */
export type ObjectInput = PlainObject | ValueObject | null;

export interface ProviderTesterOptions {
  /** Receives the framework's log records (default: discarded). */
  readonly logger?: FrameworkLogger;
  /** What ConfigureProvider reports as the Terraform version (default "1.11.4"). */
  readonly terraformVersion?: string;
}

const QUIET: FrameworkLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Plain JS → a Value of `type`. Throws on an attribute the schema does not have. */
export function toValue(v: unknown, type: CtyType): Value {
  if (v === null || v === undefined) return null;
  if (v instanceof Unknown || v instanceof TfNumber) return v;
  switch (type.kind) {
    case "number":
      if (typeof v !== "number" && typeof v !== "string") throw new TypeError(`expected a number, got ${typeof v}`);
      return TfNumber.of(v);
    case "string":
    case "bool":
      return v as string | boolean;
    case "list":
    case "set":
      return (v as unknown[]).map((e) => toValue(e, type.element));
    case "tuple":
      return (v as unknown[]).map((e, i) => toValue(e, type.elements[i] as CtyType));
    case "map": {
      const out: ValueObject = {};
      for (const [k, e] of Object.entries(v as PlainObject)) out[k] = toValue(e, type.element);
      return out;
    }
    case "object": {
      const src = v as PlainObject;
      for (const k of Object.keys(src)) {
        if (!(k in type.attributes)) throw new TypeError(`no attribute ${k} in the schema`);
      }
      const out: ValueObject = {};
      for (const [k, t] of Object.entries(type.attributes)) out[k] = toValue(src[k], t);
      return out;
    }
    default:
      throw new TypeError(`values of type ${type.kind} are not supported by the testing helper`);
  }
}

/** A Value → plain JS (numbers as JS numbers; unknowns stay the `unknown` marker). */
export function toPlain(v: Value): unknown {
  if (v === null || v instanceof Unknown) return v;
  if (v instanceof TfNumber) return Number(v.text);
  if (Array.isArray(v)) return v.map(toPlain);
  if (isKnownObject(v)) {
    const out: PlainObject = {};
    for (const [k, e] of Object.entries(v)) out[k] = toPlain(e);
    return out;
  }
  return v;
}

function pathText(path: AttributePathMsg | null | undefined): string | undefined {
  const steps = path?.steps ?? [];
  if (steps.length === 0) return undefined;
  let s = "";
  for (const step of steps) {
    if (step.attribute_name !== undefined && step.attribute_name !== null) {
      s += s === "" ? step.attribute_name : `.${step.attribute_name}`;
    } else if (step.element_key_int !== undefined && step.element_key_int !== null) {
      s += `[${String(step.element_key_int)}]`;
    } else if (step.element_key_string !== undefined && step.element_key_string !== null) {
      s += `[${JSON.stringify(step.element_key_string)}]`;
    }
  }
  return s;
}

export function plainDiagnostics(ds: readonly DiagnosticMsg[]): PlainDiagnostic[] {
  return ds.map((d) => ({
    severity: d.severity === Severity.ERROR ? "error" : "warning",
    summary: d.summary ?? "",
    detail: d.detail ?? "",
    path: pathText(d.attribute),
  }));
}

/**
 * Terraform's proposed new state: the config, except that a computed attribute the config leaves
 * null keeps its prior value. Nested blocks are taken from the config as they are.
 */
function proposedNewState(block: Block, prior: ValueObject | null, config: ValueObject): ValueObject {
  const out: ValueObject = { ...config };
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    const c = config[name] ?? null;
    if (a.computed && c === null) out[name] = prior?.[name] ?? null;
  }
  return out;
}

function objectResult(v: Value): ObjectResult {
  const value = v === null ? null : (v as ValueObject);
  return { value, plain: value === null ? null : (toPlain(value) as PlainObject) };
}

const EMPTY = Buffer.alloc(0);
const asBuffer = (b: Uint8Array | null | undefined): Buffer | undefined =>
  b !== undefined && b !== null && b.length > 0 ? Buffer.from(b) : undefined;

/**
 * One provider server for a test: configure it once, then plan, apply, read, import, upgrade and
 * read data sources by type name.
 *
 *   const t = new ProviderTester(myProvider);
 *   expect(await t.configure({ endpoint: "http://127.0.0.1:1" })).toEqual([]);
 *   const plan = await t.plan("acme_widget", { prior: null, config: { name: "w" } });
 *   const applied = await t.apply("acme_widget", { prior: null, plan, config: { name: "w" } });
 */
export class ProviderTester<M = unknown> {
  /** The server itself, for what the helper does not cover. */
  readonly rpc: ProviderRpc;
  private readonly schemas: ProtocolSchemas;
  private readonly terraformVersion: string;

  constructor(definition: ProviderDefinition<M>, options: ProviderTesterOptions = {}) {
    this.rpc = createProviderServer(definition, { logger: options.logger ?? QUIET });
    this.schemas = protocolSchemasOf(this.rpc);
    this.terraformVersion = options.terraformVersion ?? "1.11.4";
  }

  /** The value type of a resource (`kind` "resource"), data source or the provider block. */
  typeOf(kind: "provider" | "resource" | "data", typeName = ""): CtyType {
    return impliedType(this.schemaOf(kind, typeName).block);
  }

  private schemaOf(kind: "provider" | "resource" | "data", typeName: string): Schema {
    const s =
      kind === "provider"
        ? this.schemas.provider
        : (kind === "resource" ? this.schemas.resources : this.schemas.dataSources)[typeName];
    if (s === undefined)
      throw new TypeError(`the provider has no ${kind === "data" ? "data source" : kind} ${typeName}`);
    return s;
  }

  private encode(v: ObjectInput, type: CtyType): DynamicValueMsg {
    return { msgpack: encodeValue(toValue(v, type), type) };
  }

  private decode(m: DynamicValueMsg | undefined | null, type: CtyType): Value {
    return m?.msgpack && m.msgpack.length > 0 ? decodeValue(m.msgpack, type) : null;
  }

  async validateProvider(config: ObjectInput): Promise<PlainDiagnostic[]> {
    const t = this.typeOf("provider");
    const res = await this.rpc.validateProviderConfig({ config: this.encode(config ?? {}, t) });
    return plainDiagnostics(res.diagnostics);
  }

  /** ConfigureProvider with the provider block's values; returns its diagnostics. */
  async configure(config: ObjectInput = {}): Promise<PlainDiagnostic[]> {
    const t = this.typeOf("provider");
    const res = await this.rpc.configureProvider({
      terraform_version: this.terraformVersion,
      config: this.encode(config ?? {}, t),
    });
    return plainDiagnostics(res.diagnostics);
  }

  async validateResource(
    typeName: string,
    config: ObjectInput,
    /** the client capability (default true); null sends none, as Terraform cores before 1.11 do */
    options: { writeOnlyAttributesAllowed?: boolean | null } = {},
  ): Promise<PlainDiagnostic[]> {
    const allowed = options.writeOnlyAttributesAllowed === undefined ? true : options.writeOnlyAttributesAllowed;
    const res = await this.rpc.validateResourceConfig({
      type_name: typeName,
      config: this.encode(config, this.typeOf("resource", typeName)),
      ...(allowed !== null ? { client_capabilities: { write_only_attributes_allowed: allowed } } : {}),
    });
    return plainDiagnostics(res.diagnostics);
  }

  async validateDataSource(typeName: string, config: ObjectInput): Promise<PlainDiagnostic[]> {
    const res = await this.rpc.validateDataResourceConfig({
      type_name: typeName,
      config: this.encode(config, this.typeOf("data", typeName)),
    });
    return plainDiagnostics(res.diagnostics);
  }

  /** PlanResourceChange. `config: null` plans a destroy. */
  async plan(
    typeName: string,
    request: { prior: ObjectInput; config: ObjectInput; priorPrivate?: Buffer },
  ): Promise<PlanResult> {
    const schema = this.schemaOf("resource", typeName);
    const t = impliedType(schema.block);
    const prior = toValue(request.prior, t) as ValueObject | null;
    const config = toValue(request.config, t) as ValueObject | null;
    const proposed = config === null ? null : proposedNewState(schema.block, prior, config);
    const res = await this.rpc.planResourceChange({
      type_name: typeName,
      prior_state: { msgpack: encodeValue(prior, t) },
      proposed_new_state: { msgpack: encodeValue(proposed, t) },
      config: { msgpack: encodeValue(config, t) },
      prior_private: request.priorPrivate ?? EMPTY,
    });
    return {
      ...objectResult(this.decode(res.planned_state, t)),
      requiresReplace: (res.requires_replace ?? []).map((p) => pathText(p) ?? ""),
      private: asBuffer(res.planned_private),
      diagnostics: plainDiagnostics(res.diagnostics),
    };
  }

  /** ApplyResourceChange of a plan (`plan: null` or a null planned value destroys). */
  async apply(
    typeName: string,
    request: { prior: ObjectInput; plan: PlanResult | ObjectInput; config: ObjectInput; plannedPrivate?: Buffer },
  ): Promise<StateResult> {
    const t = this.typeOf("resource", typeName);
    const fromPlan = isPlanResult(request.plan);
    const planned = fromPlan ? (request.plan as PlanResult).value : (request.plan as ObjectInput);
    const plannedPrivate = request.plannedPrivate ?? (fromPlan ? (request.plan as PlanResult).private : undefined);
    const res = await this.rpc.applyResourceChange({
      type_name: typeName,
      prior_state: this.encode(request.prior, t),
      planned_state: this.encode(planned, t),
      config: this.encode(request.config, t),
      planned_private: plannedPrivate ?? EMPTY,
    });
    return {
      ...objectResult(this.decode(res.new_state, t)),
      private: asBuffer(res.private),
      diagnostics: plainDiagnostics(res.diagnostics),
    };
  }

  /** plan, then apply what was planned; throws when planning reports an error. */
  async planApply(
    typeName: string,
    request: { prior: ObjectInput; config: ObjectInput; priorPrivate?: Buffer },
  ): Promise<StateResult & { plan: PlanResult }> {
    const plan = await this.plan(typeName, request);
    if (errorsOf(plan.diagnostics).length > 0) {
      throw new Error(`planning ${typeName} failed: ${JSON.stringify(plan.diagnostics)}`);
    }
    const applied = await this.apply(typeName, { prior: request.prior, plan, config: request.config });
    return { ...applied, plan };
  }

  /** ReadResource (refresh): `plain`/`value` null when the provider reports the object gone. */
  async read(typeName: string, request: { state: ObjectInput; private?: Buffer }): Promise<StateResult> {
    const t = this.typeOf("resource", typeName);
    const res = await this.rpc.readResource({
      type_name: typeName,
      current_state: this.encode(request.state, t),
      private: request.private ?? EMPTY,
    });
    return {
      ...objectResult(this.decode(res.new_state, t)),
      private: asBuffer(res.private),
      diagnostics: plainDiagnostics(res.diagnostics),
    };
  }

  /** ImportResourceState: the first imported object (Terraform reads it afterwards). */
  async import(typeName: string, id: string): Promise<StateResult> {
    const t = this.typeOf("resource", typeName);
    const res = await this.rpc.importResourceState({ type_name: typeName, id });
    const first = res.imported_resources[0];
    return {
      ...objectResult(first === undefined ? null : this.decode(first.state, t)),
      private: asBuffer(first?.private),
      diagnostics: plainDiagnostics(res.diagnostics),
    };
  }

  /** UpgradeResourceState of a state stored as JSON by schema version `version`. */
  async upgrade(typeName: string, request: { version: number; stateJson: object }): Promise<StateResult> {
    const t = this.typeOf("resource", typeName);
    const res = await this.rpc.upgradeResourceState({
      type_name: typeName,
      version: request.version,
      raw_state: { json: Buffer.from(JSON.stringify(request.stateJson)) },
    });
    return {
      ...objectResult(this.decode(res.upgraded_state, t)),
      private: undefined,
      diagnostics: plainDiagnostics(res.diagnostics),
    };
  }

  /** StopProvider: aborts the signal handed to the calls in flight (Terraform's Ctrl-C). */
  async stop(): Promise<void> {
    await this.rpc.stopProvider();
  }

  /** ReadDataSource. */
  async readDataSource(
    typeName: string,
    config: ObjectInput,
  ): Promise<ObjectResult & { diagnostics: PlainDiagnostic[] }> {
    const t = this.typeOf("data", typeName);
    const res = await this.rpc.readDataSource({ type_name: typeName, config: this.encode(config, t) });
    return { ...objectResult(this.decode(res.state, t)), diagnostics: plainDiagnostics(res.diagnostics) };
  }
}

function isPlanResult(p: PlanResult | ObjectInput): p is PlanResult {
  return p !== null && typeof p === "object" && "requiresReplace" in p && Array.isArray(p.requiresReplace);
}
