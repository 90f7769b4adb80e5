// The public surface a provider author codes against: schema definitions with framework extras
// (defaults, plan modifiers, validators), resource / data source / provider definitions, and the
// contexts handed to their methods. The server (rpc/provider-server.ts) turns a ProviderDefinition into a
// ProviderRpc; nothing here knows about gRPC or msgpack.

import type { CtyType } from "../cty/types";
import type { DynamicValue, TfNumber, Unknown, Value, ValueObject } from "../cty/value";
import type { Attribute, Block, NestedAttributeObject, NestedBlock } from "../schema/model";
import type { ConfigValidator } from "./config-validators";
import type { Diagnostics } from "./diagnostics";
import type { AttributePath, PathLike } from "./path";

// ---- schema with framework extras --------------------------------------------------------------

/**
 * An attribute as the author declares it: the protocol attribute plus behaviour the framework
 * implements itself. A nested attribute object uses AttributeDefs for its attributes.
 */
export interface AttributeDef extends Omit<Attribute, "nestedType"> {
  nestedType?: NestedAttributeObjectDef;
  /**
   * Static value planned when the configuration leaves the attribute null. Only for
   * optional+computed attributes (Terraform would reject a plan that differs from a null config
   * value otherwise). Plain JS numbers are accepted for number types.
   */
  default?: InputValue;
  /** Markdown documentation; when set it is sent instead of `description` with kind markdown. */
  markdownDescription?: string;
  planModifiers?: readonly PlanModifier[];
  validators?: readonly Validator[];
  /**
   * For a write-only attribute: what to use instead on a client that cannot keep write-only values
   * out of the state (Terraform before 1.11 sends no client capabilities). Appended to the error
   * refusing the attribute there, e.g. "Use password instead (it is stored in the state)."
   */
  writeOnlyAlternative?: string;
}

export interface NestedAttributeObjectDef extends Omit<NestedAttributeObject, "attributes"> {
  attributes: Record<string, AttributeDef>;
}

export interface BlockDef extends Omit<Block, "attributes" | "blockTypes"> {
  attributes: Record<string, AttributeDef>;
  blockTypes?: Record<string, NestedBlockDef>;
  markdownDescription?: string;
}

export interface NestedBlockDef extends Omit<NestedBlock, "block"> {
  block: BlockDef;
  validators?: readonly Validator[];
}

export interface SchemaDef {
  /** state schema version; bump it together with an entry in `stateUpgraders` */
  version: number;
  block: BlockDef;
}

// ---- values the author hands back ---------------------------------------------------------------

/**
 * What resource code may return for a value: the runtime Value model, plus plain JS numbers and
 * bigints where the schema says number (converted losslessly-as-given by the framework).
 * `undefined` in an object means "not provided" (see each method for what fills it in).
 */
export type InputValue =
  null | Unknown | string | boolean | number | bigint | TfNumber | DynamicValue | readonly InputValue[] | InputObject;

export interface InputObject {
  readonly [attribute: string]: InputValue | undefined;
}

/** A (possibly partial) resource object returned by resource code. */
export type StateInput = InputObject;

// ---- reading values -------------------------------------------------------------------------

/**
 * Read access to a decoded object (config, plan, prior state). Every method throws for a path
 * that is not in the schema (a typo must not read as a silent null). Typed getters return null for
 * null, and THROW for unknown values (check `isUnknown` first where unknowns are possible:
 * validateConfig, modifyPlan, configure during plan) and for values of the wrong type; a throw
 * inside a resource method becomes an error diagnostic naming the attribute.
 */
export interface ValuesReader {
  /** the whole object, every attribute present */
  readonly value: ValueObject;
  /** the raw value at a path (a missing list element or map key yields null) */
  get(path: PathLike): Value;
  isNull(path: PathLike): boolean;
  isUnknown(path: PathLike): boolean;
  /** true when the value at the path contains no unknowns at any depth */
  isWhollyKnown(path?: PathLike): boolean;
  /**
   * The known* getters read values that may be unknown: null for null AND for unknown (use them
   * where "not known yet" and "not set" lead to the same decision, e.g. prior state snapshots and
   * checks that a later validation round repeats). A value of the wrong type still throws.
   */
  knownString(path: PathLike): string | null;
  /**
   * A known number as a JS number. Throws when a double cannot hold the value exactly (e.g.
   * 2^53 + 1 or 0.1 written with more digits than a double keeps): rounding silently would turn
   * an id into a different id. Use getNumber for exact decimals.
   */
  knownNumber(path: PathLike): number | null;
  knownBool(path: PathLike): boolean | null;
  getString(path: PathLike): string | null;
  getNumber(path: PathLike): TfNumber | null;
  /** a number that must be a safe JS integer */
  getInt(path: PathLike): number | null;
  /** a number as a JS double (may round: use getNumber to keep exact decimals) */
  getFloat(path: PathLike): number | null;
  getBool(path: PathLike): boolean | null;
  /** list, set or tuple elements */
  getList(path: PathLike): Value[] | null;
  getStringList(path: PathLike): string[] | null;
  getMap(path: PathLike): ValueObject | null;
  getStringMap(path: PathLike): Record<string, string> | null;
  getObject(path: PathLike): ValueObject | null;
}

/** The planned object inside modifyPlan: readable and writable. */
export interface PlanWriter extends ValuesReader {
  /** Set a planned value (numbers may be plain JS numbers). */
  set(path: PathLike, value: InputValue): void;
  /** Plan the value as "(known after apply)". */
  setUnknown(path: PathLike): void;
}

/**
 * Private state: a small JSON document Terraform stores next to the resource (in plain text in
 * the state file — never put secrets here). Changes made in one method flow to the next call.
 */
export interface PrivateState {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  keys(): string[];
}

// ---- logging --------------------------------------------------------------------------------

export type LogFields = Record<string, unknown>;

/** Structured logger; lines go to Terraform's log (TF_LOG). Never pass secrets in fields. */
/** Per-record options: field names (at any depth) whose values the record shows as "(sensitive)". */
export interface LogRecordOptions {
  readonly sensitiveKeys?: readonly string[];
}

export interface FrameworkLogger {
  trace(message: string, fields?: LogFields, options?: LogRecordOptions): void;
  debug(message: string, fields?: LogFields, options?: LogRecordOptions): void;
  info(message: string, fields?: LogFields, options?: LogRecordOptions): void;
  warn(message: string, fields?: LogFields, options?: LogRecordOptions): void;
  error(message: string, fields?: LogFields, options?: LogRecordOptions): void;
  /** True when a record of this level would be written; absent means "assume it would". */
  enabled?(level: "trace" | "debug" | "info" | "warn" | "error"): boolean;
}

// ---- contexts ------------------------------------------------------------------------------

interface CallContext {
  readonly typeName: string;
  readonly diagnostics: Diagnostics;
  /** aborted when Terraform sends StopProvider (Ctrl-C); pass it to HTTP calls */
  readonly signal: AbortSignal;
  readonly logger: FrameworkLogger;
}

/** Calls made after ConfigureProvider receive what `configure` returned. */
interface ConfiguredContext<M> extends CallContext {
  readonly meta: M;
}

/** Validation runs in an unconfigured provider; values may be unknown anywhere. */
export interface ValidateConfigContext extends CallContext {
  readonly config: ValuesReader;
}

export interface ConfigureContext extends CallContext {
  readonly terraformVersion: string;
  /** may be partially unknown during plan when it depends on resources not yet created */
  readonly config: ValuesReader;
}

export interface ModifyPlanContext<M> extends ConfiguredContext<M> {
  readonly config: ValuesReader;
  /** null on create */
  readonly prior: ValuesReader | null;
  readonly plan: PlanWriter;
  readonly private: PrivateState;
  /** Changing the attribute at this path forces delete + create (ignored on create). */
  requiresReplace(path: PathLike): void;
}

export interface CreateContext<M> extends ConfiguredContext<M> {
  /** apply-time configuration: wholly known; the only place write-only values can be read */
  readonly config: ValuesReader;
  /** the planned object; computed attributes the plan left unknown must be filled in */
  readonly plan: ValuesReader;
  readonly private: PrivateState;
}

export interface UpdateContext<M> extends CreateContext<M> {
  readonly prior: ValuesReader;
}

export interface DeleteContext<M> extends ConfiguredContext<M> {
  readonly prior: ValuesReader;
  readonly private: PrivateState;
}

export interface ReadContext<M> extends ConfiguredContext<M> {
  /** the stored state (sparse after import: only what importState returned) */
  readonly state: ValuesReader;
  readonly private: PrivateState;
}

export interface ImportContext<M> extends ConfiguredContext<M> {
  /** the user's import ID, free format */
  readonly id: string;
  readonly private: PrivateState;
}

export interface UpgradeStateContext extends CallContext {
  /** the state version found in the state file */
  readonly fromVersion: number;
  /** the stored JSON object as parsed by JSON.parse (numbers become doubles: use `prior` for exact values) */
  readonly rawJson: Readonly<Record<string, unknown>>;
  /** the stored state decoded with the upgrader's `priorSchema`, when it declares one */
  readonly prior: ValuesReader | null;
}

export interface DataSourceReadContext<M> extends ConfiguredContext<M> {
  /** wholly known */
  readonly config: ValuesReader;
}

// ---- definitions -----------------------------------------------------------------------------

export interface StateUpgrader {
  /** schema the stored JSON was written with; lets `ctx.prior` decode it (recommended) */
  priorSchema?: SchemaDef;
  /** return the object in the CURRENT schema; missing attributes become null */
  upgrade(ctx: UpgradeStateContext): StateInput | Promise<StateInput>;
}

type Awaitable<T> = T | Promise<T>;

export interface ResourceDefinition<M = unknown> {
  /** full type name, `<provider>_<name>` */
  readonly typeName: string;
  readonly schema: SchemaDef;
  /** rules over several attributes (see config-validators.ts); run after attribute validators */
  readonly configValidators?: readonly ConfigValidator[];
  /** extra checks beyond attribute and config validators; values may be unknown */
  validateConfig?(ctx: ValidateConfigContext): Awaitable<void>;
  /** runs after defaults, unknown-marking and attribute plan modifiers; not called on destroy */
  modifyPlan?(ctx: ModifyPlanContext<M>): Awaitable<void>;
  /**
   * Create the remote object. Return the attributes you learned (typically computed ones);
   * attributes you omit keep their planned value. Planned known values always win (Terraform
   * requires them unchanged). To report a failure after the object exists, add an error to
   * ctx.diagnostics and still return what you know (at least the ID): the object is then stored
   * as tainted instead of being orphaned. Returning null with errors stores nothing.
   */
  create(ctx: CreateContext<M>): Awaitable<StateInput | null>;
  /** Refresh. Return null when the remote object is gone. Omitted attributes keep their stored value. */
  read(ctx: ReadContext<M>): Awaitable<StateInput | null>;
  /** Same return rules as create; returning null with errors keeps the prior state. */
  update(ctx: UpdateContext<M>): Awaitable<StateInput | null>;
  /** Delete; treat "already gone" as success. An error keeps the object in state. */
  delete(ctx: DeleteContext<M>): Awaitable<void>;
  /** Return a sparse state Read can complete (e.g. `{ id: ctx.id }`); omitted attributes are null. */
  importState?(ctx: ImportContext<M>): Awaitable<StateInput>;
  /** keyed by the OLD schema version each upgrader accepts (upgrades go straight to current) */
  stateUpgraders?: Readonly<Record<number, StateUpgrader>>;
}

export interface DataSourceDefinition<M = unknown> {
  readonly typeName: string;
  /** version is ignored for data sources (use 0) */
  readonly schema: SchemaDef;
  /** rules over several attributes (see config-validators.ts); run after attribute validators */
  readonly configValidators?: readonly ConfigValidator[];
  validateConfig?(ctx: ValidateConfigContext): Awaitable<void>;
  /** Return the computed attributes; configured (non-computed) attributes are copied from config. */
  read(ctx: DataSourceReadContext<M>): Awaitable<StateInput>;
}

export interface ProviderDefinition<M = unknown> {
  /** provider type, e.g. "voximplant"; every resource / data source name must start with `<typeName>_` */
  readonly typeName: string;
  /** provider configuration schema (version 0) */
  readonly schema: SchemaDef;
  validateConfig?(ctx: ValidateConfigContext): Awaitable<void>;
  /**
   * Build the client shared by all later calls of this process. The config may contain unknowns
   * during plan; decide whether to error or to defer work (ctx.config.isWhollyKnown()).
   * Resources called before a successful configure get an error diagnostic, not `meta`.
   */
  configure(ctx: ConfigureContext): Awaitable<M>;
  readonly resources: readonly ResourceDefinition<M>[];
  readonly dataSources?: readonly DataSourceDefinition<M>[];
}

// ---- plan modifiers and validators ----------------------------------------------------------

export interface AttributePlanRequest {
  readonly path: AttributePath;
  readonly type: CtyType;
  /** value in configuration (may be unknown) */
  readonly configValue: Value;
  /** value in prior state; null on create */
  readonly priorValue: Value;
  /** value planned so far (after defaults and unknown-marking) */
  readonly plannedValue: Value;
  /** true on create (no prior object) */
  readonly isCreate: boolean;
  readonly config: ValuesReader;
  readonly prior: ValuesReader | null;
  readonly plan: ValuesReader;
  readonly diagnostics: Diagnostics;
}

export interface AttributePlanResult {
  /** replaces the planned value when present */
  plannedValue?: Value;
  /** the change of this attribute forces replacement */
  requiresReplace?: boolean;
}

export interface PlanModifier {
  readonly description: string;
  modify(req: AttributePlanRequest): AttributePlanResult | void;
}

export interface ValidatorRequest {
  readonly path: AttributePath;
  readonly type: CtyType;
  /** the configured value: may be null or unknown (built-in validators skip unknowns) */
  readonly value: Value;
  /** sensitive or write-only attribute: messages must not include the value */
  readonly sensitive: boolean;
  /** the whole configuration object, for cross-attribute checks */
  readonly config: ValuesReader;
  readonly diagnostics: Diagnostics;
}

export interface Validator {
  readonly description: string;
  validate(req: ValidatorRequest): void;
}
