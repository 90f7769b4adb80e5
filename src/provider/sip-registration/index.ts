// voximplant_sip_registration: the resource's lifecycle mapped onto the Management API.
//
//   create  – refuse if (sip_username, proxy) already exists (with the import command to use
//             instead), resolve binding names to ids, CreateSipRegistration; after an ambiguous
//             failure look again and adopt the one registration that appeared, or retry only if
//             none did. Once the registration exists every failure still returns its state, so
//             Terraform taints it instead of orphaning it.
//   read    – GetSipRegistrations by id through the provider's RegistrationReader; gone → null.
//   update  – one UpdateSipRegistration with the changed connection fields, BindSipRegistration
//             for binding changes (see calls.ts), nothing else.
//   delete  – DeleteSipRegistration; already gone counts as success.
//   import  – by numeric id; the password cannot be recovered.
//
// Every API call gets ctx.signal, so Terraform's StopProvider (Ctrl-C) cancels it.

import type { CreateSipRegistrationParams, SipRegistration, VoximplantClient } from "../../api";
import { CancelledError, TransportError } from "../../api";
import {
  ProviderError,
  type CreateContext,
  type ResourceDefinition,
  type StateInput,
  type UpdateContext,
  type ValuesReader,
} from "../../plugin";
import { importHint, mayHaveCommitted } from "../api-failure";
import { parsePositiveDuration } from "../duration";
import type { Lookups } from "../lookups";
import type { ProviderMeta } from "../meta";
import { PerResourceRegistrationReader } from "../registration-reader";
import { bindingCalls, updateCalls, type ApiCall, type BindingIds } from "./calls";
import { deleteRegistrationById } from "./delete";
import { checkBeforeCreate, keptOverConcurrent, lostToConcurrent, settleAfterCreate } from "./duplicates";
import { registrationFailure } from "./errors";
import { sameLine, type RegistrationLine } from "./line";
import { planBindings, restoreNoOp } from "./plan";
import { checkPlannedRegistration } from "./plan-checks";
import { forgetPlanIdentity } from "./plan-identity";
import { DEFAULT_REGISTRATION_TIMEOUT, RESOURCE_TYPE, sipRegistrationSchema } from "./schema";
import { fallbackState, registrationIdOf, snapshotOf, stateFromApi } from "./state";
import { checkUserFree } from "./user-binding";
import { registrationConfigValidators, validateRegistrationConfig } from "./validate";
import { notRegistered, waitForSettled } from "./wait";

/** Private-state key set by import: the next read records binding ids only (see stateFromApi). */
const IMPORTED = "imported";

/** How many CreateSipRegistration calls one create may make after ambiguous failures. */
const MAX_CREATE_ATTEMPTS = 3;

// ---- bindings -------------------------------------------------------------------------------

function notFound(summary: string, detail: string, path: string): ProviderError {
  return new ProviderError(summary, { detail, path });
}

/**
 * The binding ids the configuration asks for. Ids the plan already knows (the pair did not
 * change) are used as they are; names that changed are resolved through the lookups.
 */
async function desiredBindings(
  config: ValuesReader,
  plan: ValuesReader,
  lookups: Lookups,
  signal: AbortSignal,
): Promise<BindingIds> {
  const lookup = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw registrationFailure(`look up the ${what}`, e, config);
    }
  };

  let applicationId = config.knownNumber("application_id");
  const applicationName = config.knownString("application_name");
  if (applicationId === null && applicationName !== null) {
    applicationId = plan.knownNumber("application_id");
    if (applicationId === null) {
      const app = await lookup("application", () => lookups.applicationByName(applicationName, signal));
      if (app === null) {
        throw notFound(
          "Application not found",
          `The account has no application named ${JSON.stringify(applicationName)}.`,
          "application_name",
        );
      }
      applicationId = app.application_id;
    }
  }
  const appLabel = applicationName !== null ? JSON.stringify(applicationName) : String(applicationId);

  let ruleId = config.knownNumber("rule_id");
  const ruleName = config.knownString("rule_name");
  if (ruleId === null && ruleName !== null && applicationId !== null) {
    ruleId = plan.knownNumber("rule_id");
    if (ruleId === null) {
      const appId = applicationId;
      const rule = await lookup("rule", () => lookups.ruleByName(appId, ruleName, signal));
      if (rule === null) {
        throw notFound(
          "Rule not found",
          `Application ${appLabel} has no rule named ${JSON.stringify(ruleName)}.`,
          "rule_name",
        );
      }
      ruleId = rule.rule_id;
    }
  }

  let userId = config.knownNumber("user_id");
  const userName = config.knownString("user_name");
  if (userId === null && userName !== null && applicationId !== null) {
    userId = plan.knownNumber("user_id");
    if (userId === null) {
      const appId = applicationId;
      const user = await lookup("user", () => lookups.userByName(appId, userName, signal));
      if (user === null) {
        throw notFound(
          "User not found",
          `No user named ${JSON.stringify(userName)} is bound to application ${appLabel}.`,
          "user_name",
        );
      }
      userId = user.user_id;
    }
  }
  return { application_id: applicationId, rule_id: ruleId, user_id: userId };
}

// ---- API call execution -----------------------------------------------------------------------

function callLabel(call: ApiCall): string {
  if (call.method === "UpdateSipRegistration") return "update the SIP registration";
  return call.params.bind === false ? "unbind the SIP registration" : "bind the SIP registration";
}

async function execute(client: VoximplantClient, call: ApiCall, signal: AbortSignal): Promise<void> {
  if (call.method === "UpdateSipRegistration") await client.updateSipRegistration(call.params, { signal });
  else await client.bindSipRegistration(call.params, { signal });
}

// ---- create ------------------------------------------------------------------------------

interface Created {
  id: number;
  /** set when an ambiguous failure was resolved by finding the registration */
  adopted?: SipRegistration;
}

/**
 * CreateSipRegistration, never producing two registrations: after a failure that may have
 * committed (timeout, reset, 5xx), list again; exactly one match is the one we created (none
 * existed before we started), none means it did not happen and is retried, several is reported.
 *
 * A request that timed out or was cancelled after sending may still be executing on the server,
 * so for those the listing is repeated for meta.createGraceMs before "none" is believed. The
 * listing never uses ctx.signal: after Terraform's StopProvider the provider must still learn
 * whether its create happened, so that it can return the state (an orphan otherwise). After a
 * stop it never creates again.
 */
async function createReconciled(
  client: VoximplantClient,
  params: CreateSipRegistrationParams,
  ctx: CreateContext<ProviderMeta>,
): Promise<Created> {
  const key = { sip_username: params.sip_username, proxy: params.proxy };
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await client.createSipRegistration(params, { signal: ctx.signal });
      return { id: res.sip_registration_id };
    } catch (e) {
      if (!mayHaveCommitted(e)) throw registrationFailure("create the SIP registration", e, ctx.config);
      ctx.logger.warn("CreateSipRegistration failed ambiguously; looking for the registration before trying again", {
        attempt,
      });
      let found: SipRegistration[];
      try {
        found = await lookForCreated(client, key, graceFor(e, ctx.meta.createGraceMs ?? 0), ctx.signal);
      } catch (lookupError) {
        throw new ProviderError("SIP registration may have been created", {
          detail:
            `CreateSipRegistration failed in a way that leaves open whether it was executed, and checking ` +
            `afterwards failed too. ` +
            `Look for a registration with sip_username ${JSON.stringify(key.sip_username)} at proxy ` +
            `${JSON.stringify(key.proxy)}: ` +
            `if it exists, import it instead of applying again.\n\nCreate: ` +
            `${registrationFailure("create", e, null).detail}\n` +
            `Check: ${registrationFailure("check", lookupError, null).detail}`,
        });
      }
      if (found.length === 1) {
        const reg = found[0] as SipRegistration;
        ctx.logger.info("adopted the registration an ambiguous CreateSipRegistration created", {
          sip_registration_id: reg.sip_registration_id,
        });
        return { id: reg.sip_registration_id, adopted: reg };
      }
      if (found.length > 1) {
        const ids = found.map((r) => r.sip_registration_id);
        throw new ProviderError("Several SIP registrations appeared", {
          detail:
            `CreateSipRegistration failed ambiguously, and now ${found.length} registrations with sip_username ` +
            `${JSON.stringify(key.sip_username)} ` +
            `at proxy ${JSON.stringify(key.proxy)} exist (ids ${ids.join(", ")}), although none did before. ` +
            `Something else is creating them; ` +
            `delete the extra ones and import the one to keep.\n\n${importHint(RESOURCE_TYPE, ids)}`,
        });
      }
      if (attempt >= MAX_CREATE_ATTEMPTS || ctx.signal.aborted)
        throw registrationFailure("create the SIP registration", e, ctx.config);
      ctx.logger.info("no registration appeared after the ambiguous failure; creating again", { attempt });
    }
  }
}

/** After a stop the user is waiting: look for a cancelled create at most this long. */
const STOPPED_GRACE_MS = 10_000;

/**
 * How long the server may still be executing a create that failed with `e`: a timeout or a
 * cancellation after sending never got an answer, so it may commit later; anything else (an
 * answer, a closed connection) means the server is done with it.
 */
function graceFor(e: unknown, createGraceMs: number): number {
  if (e instanceof TransportError && e.failure === "timeout") return createGraceMs;
  if (e instanceof CancelledError && e.mayHaveCommitted) return Math.min(createGraceMs, STOPPED_GRACE_MS);
  return 0;
}

/**
 * Lists (sip_username, proxy) until something appears or `graceMs` has passed (at least once).
 * A stop (ctx.signal) does not cancel the listing, but shortens what is left of a long wait.
 */
async function lookForCreated(
  client: VoximplantClient,
  key: { sip_username: string; proxy: string },
  graceMs: number,
  stop: AbortSignal,
): Promise<SipRegistration[]> {
  let deadline = Date.now() + graceMs;
  for (;;) {
    const found = await client.findSipRegistrations(key);
    if (stop.aborted) deadline = Math.min(deadline, Date.now() + STOPPED_GRACE_MS);
    const left = deadline - Date.now();
    if (found.length > 0 || left <= 0) return found;
    await new Promise((r) => setTimeout(r, Math.min(500, left)));
  }
}

function createParams(ctx: CreateContext<ProviderMeta>, bindings: BindingIds): CreateSipRegistrationParams {
  const { plan, config } = ctx;
  const params: CreateSipRegistrationParams = {
    sip_username: plan.knownString("sip_username") ?? "",
    proxy: plan.knownString("proxy") ?? "",
  };
  const authUser = plan.knownString("auth_user");
  if (authUser !== null) params.auth_user = authUser;
  const outboundProxy = plan.knownString("outbound_proxy");
  if (outboundProxy !== null) params.outbound_proxy = outboundProxy;
  // write-only values exist only in the apply-time configuration
  const password = config.knownString("password") ?? config.knownString("password_wo");
  if (password !== null) params.password = password;
  params.is_persistent = plan.knownBool("is_persistent") ?? true;
  if (bindings.application_id !== null) params.application_id = bindings.application_id;
  if (bindings.rule_id !== null) params.rule_id = bindings.rule_id;
  if (bindings.user_id !== null) params.user_id = bindings.user_id;
  return params;
}

/** The line a prior state or plan records (both parts are known there). */
function lineOf(r: ValuesReader): RegistrationLine {
  return { sip_username: r.knownString("sip_username") ?? "", proxy: r.knownString("proxy") ?? "" };
}

/** The plan's claim on its line (plan-checks.ts) holds until the instance has been applied. */
async function releasingPlanClaim<C extends CreateContext<ProviderMeta>>(
  ctx: C,
  write: (ctx: C) => Promise<StateInput | null>,
): Promise<StateInput | null> {
  const token = forgetPlanIdentity(ctx.private);
  try {
    return await write(ctx);
  } finally {
    ctx.meta.duplicates.releasePlanned(token);
  }
}

async function create(ctx: CreateContext<ProviderMeta>): Promise<StateInput | null> {
  const { client, lookups, duplicates } = ctx.meta;
  const line = lineOf(ctx.plan);
  try {
    await checkBeforeCreate(client, duplicates, line, { signal: ctx.signal, snapshot: true });
  } catch (e) {
    throw registrationFailure("check for an existing SIP registration", e, ctx.config);
  }

  const bindings = await desiredBindings(ctx.config, ctx.plan, lookups, ctx.signal);
  if (bindings.user_id !== null) await userMustBeFree(ctx, bindings.user_id, null);
  const created = await createReconciled(client, createParams(ctx, bindings), ctx);

  // From here on the registration exists: report failures together with its state.
  let listed: SipRegistration | undefined;
  const settled = await settleAfterCreate(client, duplicates, line, created.id, (row) => (listed = row));
  if (settled.kind === "lost") return giveWayToConcurrent(ctx, line, created.id, settled.winner);
  if (settled.kind === "kept" && settled.others.length > 0) {
    const w = keptOverConcurrent(line, created.id, settled.others);
    ctx.diagnostics.addWarning(w.summary, w.detail);
  }
  if (settled.kind === "unchecked") {
    ctx.diagnostics.addWarning(
      "Could not check for a concurrent duplicate",
      `Registration ${created.id} was created, but listing its sip_username afterwards failed, so a registration ` +
        `of the same line ` +
        `created at the same moment by another apply would go ` +
        `unnoticed.\n\n${registrationFailure("list", settled.error, null).detail}`,
    );
  }
  if (created.adopted !== undefined) {
    const current: BindingIds = {
      application_id: created.adopted.application_id ?? null,
      rule_id: created.adopted.rule_id ?? null,
      user_id: created.adopted.user_id ?? null,
    };
    for (const call of bindingCalls(created.id, current, bindings)) {
      try {
        await execute(client, call, ctx.signal);
      } catch (e) {
        const err = registrationFailure(callLabel(call), e, ctx.config);
        ctx.diagnostics.addError(err.message, err.detail, err.path);
        return fallbackState(created.id, ctx.plan);
      }
      listed = undefined; // the binding changed it
    }
  }
  return finishWrite(ctx, created.id, "create", listed);
}

/**
 * Another apply created the same line concurrently and its registration has the lower id: delete
 * ours (without the stop signal: it must not stay behind) and fail, recording nothing.
 */
async function giveWayToConcurrent(
  ctx: CreateContext<ProviderMeta>,
  line: RegistrationLine,
  id: number,
  winner: SipRegistration,
): Promise<StateInput | null> {
  const { client, duplicates } = ctx.meta;
  try {
    await duplicates.vacate(id, line, () => deleteRegistrationById(client, id));
  } catch (e) {
    const err = registrationFailure(`delete SIP registration ${id}`, e, null);
    ctx.diagnostics.addError(
      "SIP registration created concurrently by another apply",
      `Registration ${winner.sip_registration_id} of the same line was created at the same time as this apply's ` +
        `registration ` +
        `${id}, which has the higher id and had to be deleted again, but the delete failed: ${err.detail}\n\n` +
        `Registration ${id} stays in the state (tainted): the next apply deletes it.`,
    );
    return fallbackState(id, ctx.plan);
  }
  throw lostToConcurrent(line, id, winner);
}

// ---- after a write: wait, then read back -----------------------------------------------------------

/**
 * @param listed the registration as a listing that started after the write was answered reports
 *   it (the settle check of a create): used as the first reading instead of a read by id
 */
async function finishWrite(
  ctx: CreateContext<ProviderMeta>,
  id: number,
  phase: "create" | "update",
  listed?: SipRegistration,
): Promise<StateInput> {
  // A fresh read by id, whatever the read mode: these values become the state right away.
  const direct = new PerResourceRegistrationReader(ctx.meta.client);
  let first = listed;
  const read = (): Promise<SipRegistration | null> => {
    if (first === undefined) return direct.get(id, ctx.signal);
    const reading = first;
    first = undefined;
    return Promise.resolve(reading);
  };
  const fail = (summary: string, detail: string | undefined, state: StateInput): StateInput => {
    ctx.diagnostics.addError(summary, detail);
    return state;
  };

  try {
    // A non-persistent registration registers only when its user logs in through an SDK, which
    // no apply can bring about: it is not waited for (validate.ts warns), or the wait would only
    // ever end at registration_timeout.
    if (ctx.plan.knownBool("wait_for_registration") === true && ctx.plan.knownBool("is_persistent") !== false) {
      const timeoutText = ctx.plan.knownString("registration_timeout") ?? DEFAULT_REGISTRATION_TIMEOUT;
      const parsed = parsePositiveDuration(timeoutText);
      const timeoutMs = "ms" in parsed ? parsed.ms : 120_000;
      const outcome = await waitForSettled(read, { timeoutMs, signal: ctx.signal });
      if (outcome.kind === "gone") {
        return fail(
          "SIP registration disappeared",
          `Registration ${id} was deleted while waiting for it to register.`,
          fallbackState(id, ctx.plan),
        );
      }
      const state = stateFromApi(outcome.registration, ctx.plan);
      if (outcome.kind === "settled" && outcome.registration.successful !== false) return state;
      // Not registered. An error from a create makes Terraform taint the registration, and the next
      // apply would replace it: buy a new one. So a create only warns; the next plan re-checks in
      // place (plan-checks.ts) and the update that fixes the password or proxy registers it.
      const problem = notRegistered(outcome, id, timeoutText, phase);
      if (phase === "create") ctx.diagnostics.addWarning(problem.summary, problem.detail);
      else ctx.diagnostics.addError(problem.summary, problem.detail);
      return state;
    }
    const reg = await read();
    if (reg === null) {
      return fail(
        "SIP registration disappeared",
        `Registration ${id} could not be found right after it was written.`,
        fallbackState(id, ctx.plan),
      );
    }
    return stateFromApi(reg, ctx.plan);
  } catch (e) {
    if (ctx.signal.aborted) {
      // Stopped (Ctrl-C) after the write succeeded: record the registration as written — an error
      // here would taint it, and the next apply would replace (re-buy) it. The next refresh
      // fills in what was not read.
      ctx.diagnostics.addWarning(
        "SIP registration not read back",
        `Terraform asked the provider to stop after registration ${id} was written and before it was read back. It ` +
          `is recorded as configured; the next plan or apply refreshes its status.`,
      );
      return fallbackState(id, ctx.plan);
    }
    const err = registrationFailure(`read SIP registration ${id} back`, e, null);
    return fail(err.message, err.detail, fallbackState(id, ctx.plan));
  }
}

/** One registration per user: refuses to bind a user another registration holds (user-binding.ts). */
async function userMustBeFree(
  ctx: CreateContext<ProviderMeta>,
  userId: number,
  registrationId: number | null,
): Promise<void> {
  const attribute = ctx.config.knownNumber("user_id") !== null ? "user_id" : "user_name";
  try {
    await checkUserFree(ctx.meta.client, ctx.meta.duplicates, {
      userId,
      registrationId,
      attribute,
      signal: ctx.signal,
    });
  } catch (e) {
    if (e instanceof ProviderError) throw e;
    throw registrationFailure("check whether the user is bound to another SIP registration", e, ctx.config);
  }
}

// ---- update ------------------------------------------------------------------------------

/** Update and read find the registration by the id in the state; without one only a re-import helps. */
function noIdInState(): ProviderError {
  return new ProviderError("The state has no registration id", {
    detail: "Remove the resource from the state (terraform state rm) and import it again.",
  });
}

async function update(ctx: UpdateContext<ProviderMeta>): Promise<StateInput | null> {
  const { client, lookups } = ctx.meta;
  const id = registrationIdOf(ctx.prior);
  if (id === null) throw noIdInState();
  const desiredIds = await desiredBindings(ctx.config, ctx.plan, lookups, ctx.signal);
  const priorUserId = snapshotOf(ctx.prior).user_id;
  if (desiredIds.user_id !== null && desiredIds.user_id !== priorUserId) {
    await userMustBeFree(ctx, desiredIds.user_id, id);
  }
  const calls = updateCalls(
    id,
    snapshotOf(ctx.prior),
    { ...snapshotOf(ctx.plan), ...desiredIds },
    ctx.config.knownString("password_wo"),
  );
  const runCalls = async (): Promise<void> => {
    for (const call of calls) {
      try {
        await execute(client, call, ctx.signal);
      } catch (e) {
        // nothing is returned: Terraform keeps the prior state, and the next plan retries
        throw registrationFailure(callLabel(call), e, ctx.config);
      }
    }
  };
  const priorLine = lineOf(ctx.prior);
  // Moving to another line frees the old one, and taking the user away frees the user: a create of
  // the line, or a bind of the user, in this apply waits for this update.
  const releasesUser = priorUserId !== null && desiredIds.user_id !== priorUserId;
  if (sameLine(priorLine, lineOf(ctx.plan)) && !releasesUser) await runCalls();
  else await ctx.meta.duplicates.vacate(id, priorLine, runCalls);
  return finishWrite(ctx, id, "update");
}

// ---- read, delete, import ----------------------------------------------------------------------

async function read(ctx: Parameters<ResourceDefinition<ProviderMeta>["read"]>[0]): Promise<StateInput | null> {
  const id = registrationIdOf(ctx.state);
  if (id === null) throw noIdInState();
  let reg: SipRegistration | null;
  try {
    reg = await ctx.meta.reader.get(id, ctx.signal);
  } catch (e) {
    throw registrationFailure(`read SIP registration ${id}`, e, null);
  }
  if (reg === null) return null;
  const idsOnly = ctx.private.get(IMPORTED) === true;
  if (idsOnly) ctx.private.delete(IMPORTED);
  return stateFromApi(reg, ctx.state, { idsOnly });
}

async function deleteRegistration(ctx: Parameters<ResourceDefinition<ProviderMeta>["delete"]>[0]): Promise<void> {
  const { client, duplicates } = ctx.meta;
  const id = registrationIdOf(ctx.prior);
  if (id === null) return;
  // a create of the same line in this apply (a rename without `moved`) waits for this delete
  await duplicates.vacate(id, lineOf(ctx.prior), () => deleteRegistrationById(client, id, ctx.signal));
}

function importState(ctx: Parameters<NonNullable<ResourceDefinition<ProviderMeta>["importState"]>>[0]): StateInput {
  const raw = ctx.id.trim();
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    throw new ProviderError("Invalid import ID", {
      detail:
        `Import ${RESOURCE_TYPE} by its numeric sip_registration_id, e.g. terraform import ` +
        `${RESOURCE_TYPE}.main 12345; got ${JSON.stringify(shown)}.`,
    });
  }
  ctx.private.set(IMPORTED, true);
  return { id: String(n), sip_registration_id: n };
}

export const sipRegistrationResource: ResourceDefinition<ProviderMeta> = {
  typeName: RESOURCE_TYPE,
  schema: sipRegistrationSchema,
  configValidators: registrationConfigValidators,
  validateConfig(ctx) {
    validateRegistrationConfig(ctx.config, ctx.diagnostics);
  },
  modifyPlan(ctx) {
    planBindings(ctx.config, ctx.prior, ctx.plan);
    restoreNoOp(ctx.prior, ctx.plan);
    checkPlannedRegistration(ctx);
  },
  create: (ctx) => releasingPlanClaim(ctx, (c) => c.meta.duplicates.trackCreate(() => create(c))),
  read,
  update: (ctx) => releasingPlanClaim(ctx, update),
  delete: deleteRegistration,
  importState,
};
