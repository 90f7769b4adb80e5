// ApplyResourceChange: create, update or delete, chosen by which of prior and planned state is
// null. The result is merged into the plan (planned known values always win, as Terraform
// requires), and an object that exists remotely is never dropped from state because of an error.

import type { ValueObject } from "../../cty/value";
import type { ResourceDefinition, StateInput } from "../api";
import type { Diagnostics } from "../diagnostics";
import { mergeApplied } from "../state-results";
import { readerFor } from "../values";
import type { Compiled } from "./compiled";
import type { ApplyRequest, ApplyResult } from "./requests";
import type { FrameworkRuntime } from "./runtime";

export async function applyResourceChange<M>(
  rt: FrameworkRuntime<M>,
  r: Compiled<ResourceDefinition<M>>,
  req: ApplyRequest,
  d: Diagnostics,
): Promise<ApplyResult> {
  const { priorState: prior, plannedState: planned, config, plannedPrivate: priv, typeName } = req;
  rt.logRequest("ApplyResourceChange", typeName, r.block, {
    prior_state: prior ?? undefined,
    planned_state: planned ?? undefined,
    config: config ?? undefined,
  });
  const meta = rt.requireMeta(d);
  const answer = (state: ValueObject | null, action: string): ApplyResult => {
    rt.logResponse("ApplyResourceChange", typeName, d, { action });
    return { newState: state, private: priv?.toBytes() ?? req.rawPlannedPrivate };
  };
  if (prior === undefined || planned === undefined || config === undefined || priv === undefined || d.hasErrors()) {
    return answer(prior ?? null, "none");
  }
  const base = { ...rt.base(typeName, d), meta: meta as M, private: priv };

  if (planned === null) {
    if (prior === null) return answer(null, "delete");
    const res = await rt.run("Delete", d, () => r.def.delete({ ...base, prior: readerFor(prior, r.type) }));
    // an error keeps the object in state so the delete can be retried
    return answer(res.ok && !d.hasErrors() ? null : prior, "delete");
  }

  const action = prior === null ? "create" : "update";
  const ctx = { ...base, config: readerFor(config ?? {}, r.type), plan: readerFor(planned, r.type) };
  const res =
    prior === null
      ? await rt.run("Create", d, () => r.def.create(ctx))
      : await rt.run("Update", d, () => r.def.update({ ...ctx, prior: readerFor(prior, r.type) }));
  const result: StateInput | null | undefined = res.ok ? res.value : undefined;
  if (result === null || result === undefined) {
    if (!d.hasErrors()) {
      d.addError(
        `Provider returned no state after ${action}`,
        `The ${action} of ${typeName} returned nothing; this is a bug in the provider.`,
      );
    }
    // create: nothing is stored; update: the prior object is kept
    return answer(prior, action);
  }
  const merged = rt.fromResource(() => mergeApplied(planned, result, r.type), d);
  if (merged === undefined) return answer(prior, action);
  for (const p of merged.report.missing) {
    d.addError(
      `Provider did not set ${p.toString()} after ${action}`,
      `${p.toString()} was planned as "known after apply" but the ${action} did not return a value for it; this is a ` +
        "bug in the provider.",
      p,
    );
  }
  if (merged.report.overridden.length > 0) {
    rt.logger.warn("Resource returned values that differ from the plan; the planned values were kept", {
      tf_rpc: "ApplyResourceChange",
      tf_resource_type: typeName,
      attributes: merged.report.overridden.map((p) => p.toString()),
    });
  }
  return answer(rt.checkFinal(r.block, r.type, merged.state, "applied state", d), action);
}
