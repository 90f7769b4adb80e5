// PlanResourceChange: defaults, unknown-marking and attribute plan modifiers (planner.ts), then the
// resource's modifyPlan, then the checks that turn a plan Terraform would reject ("Provider
// produced an invalid plan") into diagnostics naming the attribute and the broken rule.

import { conformsTo } from "../../cty/equality";
import type { ValueObject } from "../../cty/value";
import type { ResourceDefinition } from "../api";
import { nullWriteOnly } from "../config-validate";
import { ProviderError, type Diagnostics } from "../diagnostics";
import { toPath, type AttributePath, type PathLike } from "../path";
import { checkPlannedState } from "../plan-check";
import { finishRequiresReplace, planAttributes } from "../planner";
import type { PrivateStateDocument } from "../private-state";
import { redactForLog } from "../redact";
import { readerFor, typeAt, writerFor } from "../values";
import type { Compiled } from "./compiled";
import type { PlanRequest, PlanResult } from "./requests";
import { errorText, isTraceEnabled, type FrameworkRuntime } from "./runtime";

const FAILED: PlanResult = { requiresReplace: [] };

export async function planResourceChange<M>(
  rt: FrameworkRuntime<M>,
  r: Compiled<ResourceDefinition<M>>,
  req: PlanRequest,
  d: Diagnostics,
): Promise<PlanResult> {
  const { priorState: prior, proposedNewState: proposed, config, priorPrivate: priv } = req;
  rt.logRequest("PlanResourceChange", req.typeName, r.block, {
    prior_state: prior ?? undefined,
    config: config ?? undefined,
    proposed_new_state: proposed ?? undefined,
  });
  if (prior === undefined || proposed === undefined || config === undefined || priv === undefined) return FAILED;
  // destroy (only reachable if plan_destroy were advertised): the answer must be null
  if (proposed === null) {
    rt.logResponse("PlanResourceChange", req.typeName, d, { action: "delete" });
    return { plannedState: null, requiresReplace: [], plannedPrivate: priv.toBytes() };
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
    return FAILED;
  }

  if (r.def.modifyPlan !== undefined && !d.hasErrors()) {
    const modified = await modifyPlan(rt, r, req.typeName, { prior, config, planned, priv }, d);
    if (modified !== undefined) {
      planned = modified.planned;
      replace = [...replace, ...modified.extraReplace];
    }
  }

  if (d.hasErrors()) {
    rt.logResponse("PlanResourceChange", req.typeName, d);
    return FAILED;
  }

  const requiresReplace = finishRequiresReplace(replace, prior === null);
  for (const v of checkPlannedState(r.block, prior, config, planned)) {
    d.addError(
      "Provider produced an invalid plan",
      `The plan for ${v.path.toString()} breaks a Terraform rule: ${v.message}. This is a bug in the provider ` +
        "(usually in ModifyPlan or a plan modifier).",
      v.path,
    );
  }
  const problem = conformsTo(planned, r.type);
  if (problem !== null) d.addError("Provider produced an invalid plan", `${problem}; this is a bug in the provider.`);
  if (d.hasErrors()) {
    rt.logResponse("PlanResourceChange", req.typeName, d);
    return FAILED;
  }

  if (isTraceEnabled(rt.logger)) {
    rt.logger.trace("PlanResourceChange planned", {
      tf_rpc: "PlanResourceChange",
      tf_resource_type: req.typeName,
      planned_state: redactForLog(r.block, planned),
      requires_replace: requiresReplace.map((p) => p.toString()),
    });
  }
  rt.logResponse("PlanResourceChange", req.typeName, d, {
    action: prior === null ? "create" : "update",
    requires_replace: requiresReplace.map((p) => p.toString()),
  });
  return { plannedState: planned, requiresReplace, plannedPrivate: priv.toBytes() };
}

interface PlanSoFar {
  prior: ValueObject | null;
  config: ValueObject | null;
  planned: ValueObject;
  priv: PrivateStateDocument;
}

/** The resource's modifyPlan; undefined when it failed (its diagnostics say why). */
async function modifyPlan<M>(
  rt: FrameworkRuntime<M>,
  r: Compiled<ResourceDefinition<M>>,
  typeName: string,
  plan: PlanSoFar,
  d: Diagnostics,
): Promise<{ planned: ValueObject; extraReplace: AttributePath[] } | undefined> {
  const modify = r.def.modifyPlan;
  const meta = rt.requireMeta(d);
  if (modify === undefined || d.hasErrors()) return undefined;
  const writer = writerFor(plan.planned, r.type);
  const extraReplace: AttributePath[] = [];
  const res = await rt.run("ModifyPlan", d, () =>
    modify.call(r.def, {
      ...rt.base(typeName, d),
      meta: meta as M,
      config: readerFor(plan.config ?? {}, r.type),
      prior: plan.prior === null ? null : readerFor(plan.prior, r.type),
      plan: writer,
      private: plan.priv,
      requiresReplace: (p: PathLike) => {
        const path = toPath(p);
        if (typeAt(r.type, path) === undefined)
          throw new ProviderError(`requiresReplace: ${path.toString()} is not in the schema`);
        extraReplace.push(path);
      },
    }),
  );
  if (!res.ok) return undefined;
  return { planned: nullWriteOnly(r.block, writer.value) as ValueObject, extraReplace };
}
