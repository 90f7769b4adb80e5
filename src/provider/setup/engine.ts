// One lifecycle for the four setup-object resources (application, scenario, rule, user). Each
// resource declares what differs — its schema, how it is read, found by name, added, changed and
// deleted — and gets the behaviour the SIP registration set the bar for:
//
//   create  – an object with the planned name already exists: fail with the import command.
//             Otherwise Add*; after a failure that may have executed, look the name up again and
//             adopt the one object found (names are unique), retry only when none appeared.
//   read    – gone → removed from the state; every API field → state, so drift shows.
//   update  – only changed fields, in place (replacements are declared in the schema).
//   delete  – already gone counts as success, including when a cascade took it (its application
//             was deleted first).
//   import  – by the documented id; read fills in the rest.

import type { VoximplantClient } from "../../api";
import { ApiError } from "../../api";
import {
  ProviderError,
  type CreateContext,
  type ResourceDefinition,
  type SchemaDef,
  type StateInput,
  type UpdateContext,
  type ValidateConfigContext,
  type ModifyPlanContext,
  type ValuesReader,
} from "../../plugin";
import type { ProviderMeta } from "../meta";
import { importHint, mayHaveCommitted } from "../api-failure";
import { setupFailure, type FieldPaths } from "./failure";

/** Where an object is: its own id, and its application for objects that live inside one. */
export interface ObjectRef {
  readonly id: number;
  readonly applicationId?: number;
}

export interface SetupObjectSpec<T> {
  readonly typeName: string;
  readonly schema: SchemaDef;
  /** "application", "rule", … for messages */
  readonly noun: string;
  /** The import ID's form for messages, e.g. "<application_id>/<rule_id>". */
  readonly importFormat: string;
  /** API parameter names → attributes, for diagnostics. */
  readonly fields: FieldPaths;
  /** API error codes that mean the object (or the application holding it) does not exist. */
  readonly goneCodes: ReadonlySet<number>;
  /** The ref stored in a state (null when the state has no id). */
  refOf(state: ValuesReader): ObjectRef | null;
  /** The ref of an API object. */
  refOfObject(obj: T, context: ValuesReader): ObjectRef;
  /** The import ID of a ref (also the resource's `id`). */
  importIdOf(ref: ObjectRef): string;
  /** A user's import ID → ref, or null when it is not of the documented form. */
  parseImportId(raw: string): ObjectRef | null;
  read(client: VoximplantClient, ref: ObjectRef, signal: AbortSignal): Promise<T | null>;
  /** Objects with exactly the planned name, in the scope where names are unique. */
  findByName(client: VoximplantClient, plan: ValuesReader, signal: AbortSignal): Promise<T[]>;
  /** Add*; returns where the new object is. */
  add(client: VoximplantClient, plan: ValuesReader, config: ValuesReader, signal: AbortSignal): Promise<ObjectRef>;
  /** The id attributes of a ref (`id`, the object's id, its application's id): import's sparse state. */
  idState(ref: ObjectRef): StateInput;
  /** The calls that turn `prior` into `plan` (only changed fields). */
  update(client: VoximplantClient, ref: ObjectRef, ctx: UpdateContext<ProviderMeta>): Promise<void>;
  remove(client: VoximplantClient, ref: ObjectRef, signal: AbortSignal): Promise<void>;
  /** The state of an API object; `known` (plan or prior state) supplies what the API never returns. */
  toState(obj: T, ref: ObjectRef, known: ValuesReader): StateInput;
  validateConfig?(ctx: ValidateConfigContext): void;
  modifyPlan?(ctx: ModifyPlanContext<ProviderMeta>): void;
}

/** How many Add* calls one create may make after ambiguous failures. */
const MAX_CREATE_ATTEMPTS = 3;

function isGone(spec: SetupObjectSpec<unknown>, err: unknown): boolean {
  return err instanceof ApiError && spec.goneCodes.has(err.code);
}

/** `id` and the ref's ids as state attributes. */
function idAttributes<T>(spec: SetupObjectSpec<T>, ref: ObjectRef): StateInput {
  return { id: spec.importIdOf(ref), ...spec.idState(ref) };
}

async function readRef<T>(
  spec: SetupObjectSpec<T>,
  client: VoximplantClient,
  ref: ObjectRef,
  signal: AbortSignal,
): Promise<T | null> {
  try {
    return await spec.read(client, ref, signal);
  } catch (e) {
    if (isGone(spec, e)) return null;
    throw setupFailure(`read ${spec.noun} ${spec.importIdOf(ref)}`, e, spec.fields);
  }
}

async function createOnce<T>(spec: SetupObjectSpec<T>, ctx: CreateContext<ProviderMeta>): Promise<ObjectRef> {
  const { client } = ctx.meta;
  const find = async (): Promise<T[]> => {
    try {
      return await spec.findByName(client, ctx.plan, ctx.signal);
    } catch (e) {
      throw setupFailure(`check for an existing ${spec.noun}`, e, spec.fields);
    }
  };
  const existing = await find();
  if (existing.length > 0) {
    const ref = spec.refOfObject(existing[0] as T, ctx.plan);
    throw new ProviderError(`${capitalise(spec.noun)} already exists`, {
      detail:
        `A ${spec.noun} named ${JSON.stringify(ctx.plan.get("name"))} already exists (import ID ` +
        `${spec.importIdOf(ref)}). ` +
        `Names are unique, so creating another one would fail.\n\n${importHint(spec.typeName, [spec.importIdOf(ref)])}`,
      path: "name",
    });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await spec.add(client, ctx.plan, ctx.config, ctx.signal);
    } catch (e) {
      if (!mayHaveCommitted(e)) throw setupFailure(`create the ${spec.noun}`, e, spec.fields);
      ctx.logger.warn(`Add failed ambiguously; looking for the ${spec.noun} by name before trying again`, { attempt });
      // Not cancelled by a stop: the provider must learn whether its create happened.
      const found = await spec
        .findByName(client, ctx.plan, new AbortController().signal)
        .catch((lookupError: unknown) => {
          throw new ProviderError(`${capitalise(spec.noun)} may have been created`, {
            detail:
              `Creating the ${spec.noun} failed in a way that leaves open whether it was executed, and checking ` +
              `afterwards failed too. ` +
              `Look for a ${spec.noun} named ${JSON.stringify(ctx.plan.get("name"))}: if it exists, import it ` +
              `instead of applying again.\n\n` +
              `Create: ${setupFailure("create", e, {}).detail ?? ""}\nCheck: ` +
              `${setupFailure("check", lookupError, {}).detail ?? ""}`,
          });
        });
      if (found.length === 1) {
        const ref = spec.refOfObject(found[0] as T, ctx.plan);
        ctx.logger.info(`adopted the ${spec.noun} an ambiguous create made`, { id: ref.id });
        return ref;
      }
      if (found.length > 1 || attempt >= MAX_CREATE_ATTEMPTS || ctx.signal.aborted) {
        throw setupFailure(`create the ${spec.noun}`, e, spec.fields);
      }
    }
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** After a write: the object as the API now has it. */
async function stateAfterWrite<T>(
  spec: SetupObjectSpec<T>,
  ctx: CreateContext<ProviderMeta>,
  ref: ObjectRef,
): Promise<StateInput> {
  let obj: T | null;
  try {
    obj = await spec.read(ctx.meta.client, ref, ctx.signal);
  } catch (e) {
    const err = setupFailure(`read ${spec.noun} ${spec.importIdOf(ref)} back`, e, spec.fields);
    ctx.diagnostics.addError(err.message, err.detail);
    return idAttributes(spec, ref);
  }
  if (obj === null) {
    ctx.diagnostics.addError(
      `${capitalise(spec.noun)} disappeared`,
      `${capitalise(spec.noun)} ${spec.importIdOf(ref)} could not be found right after it was written.`,
    );
    return idAttributes(spec, ref);
  }
  return spec.toState(obj, ref, ctx.plan);
}

function noIdInState(spec: SetupObjectSpec<unknown>): ProviderError {
  return new ProviderError(`The state has no ${spec.noun} id`, {
    detail: "Remove the resource from the state (terraform state rm) and import it again.",
  });
}

export function setupResource<T>(spec: SetupObjectSpec<T>): ResourceDefinition<ProviderMeta> {
  const any = spec as SetupObjectSpec<unknown>;
  return {
    typeName: spec.typeName,
    schema: spec.schema,
    ...(spec.validateConfig ? { validateConfig: (ctx: ValidateConfigContext) => spec.validateConfig?.(ctx) } : {}),
    ...(spec.modifyPlan ? { modifyPlan: (ctx: ModifyPlanContext<ProviderMeta>) => spec.modifyPlan?.(ctx) } : {}),

    async create(ctx) {
      const ref = await createOnce(spec, ctx);
      return stateAfterWrite(spec, ctx, ref);
    },

    async read(ctx) {
      const ref = spec.refOf(ctx.state);
      if (ref === null) throw noIdInState(any);
      const obj = await readRef(spec, ctx.meta.client, ref, ctx.signal);
      return obj === null ? null : spec.toState(obj, ref, ctx.state);
    },

    async update(ctx) {
      const ref = spec.refOf(ctx.prior);
      if (ref === null) throw noIdInState(any);
      try {
        await spec.update(ctx.meta.client, ref, ctx);
      } catch (e) {
        // nothing is returned: Terraform keeps the prior state, and the next plan retries
        throw setupFailure(`update ${spec.noun} ${spec.importIdOf(ref)}`, e, spec.fields);
      }
      return stateAfterWrite(spec, ctx, ref);
    },

    async delete(ctx) {
      const ref = spec.refOf(ctx.prior);
      if (ref === null) return;
      try {
        await spec.remove(ctx.meta.client, ref, ctx.signal);
      } catch (e) {
        if (isGone(any, e)) return;
        if (e instanceof ApiError || mayHaveCommitted(e)) {
          // gone now (perhaps by our own lost call, or a cascade) means success
          const still = await readRef(spec, ctx.meta.client, ref, ctx.signal).catch(() => undefined);
          if (still === null) return;
        }
        throw setupFailure(`delete ${spec.noun} ${spec.importIdOf(ref)}`, e, spec.fields);
      }
    },

    importState(ctx) {
      const raw = ctx.id.trim();
      const ref = spec.parseImportId(raw);
      if (ref === null) {
        const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
        throw new ProviderError("Invalid import ID", {
          detail:
            `Import ${spec.typeName} by ${spec.importFormat}, e.g. terraform import ${spec.typeName}.main ` +
            `${spec.importFormat}; got ${JSON.stringify(shown)}.`,
        });
      }
      return idAttributes(spec, ref);
    },
  };
}

/** A positive id as the only content of `raw` (import IDs), else null. */
export function parseId(raw: string): number | null {
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

/** `<application_id>/<object_id>` → ref, else null. */
export function parseAppScopedId(raw: string): ObjectRef | null {
  const parts = raw.split("/");
  if (parts.length !== 2) return null;
  const applicationId = parseId(parts[0] as string);
  const id = parseId(parts[1] as string);
  return applicationId === null || id === null ? null : { id, applicationId };
}
