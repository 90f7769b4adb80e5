// ReadResource (refresh): the resource's read completes the stored object; null means the remote
// object is gone. Private state flows through, echoed byte for byte when unchanged.

import type { ValueObject } from "../../cty/value";
import type { ResourceDefinition, StateInput } from "../api";
import type { Diagnostics } from "../diagnostics";
import { objectFromInput } from "../state-results";
import { readerFor } from "../values";
import type { Compiled } from "./compiled";
import type { ReadRequest, ReadResult } from "./requests";
import type { FrameworkRuntime } from "./runtime";

export async function readResource<M>(
  rt: FrameworkRuntime<M>,
  r: Compiled<ResourceDefinition<M>>,
  req: ReadRequest,
  d: Diagnostics,
): Promise<ReadResult> {
  const current = req.currentState;
  const priv = req.private;
  rt.logRequest("ReadResource", req.typeName, r.block, { current_state: current ?? undefined });
  const meta = rt.requireMeta(d);
  const answer = (state: ValueObject | null, privateBytes: Buffer): ReadResult => {
    rt.logResponse("ReadResource", req.typeName, d, { gone: state === null });
    return { newState: state, private: privateBytes };
  };
  if (current === undefined || priv === undefined || d.hasErrors()) return answer(current ?? null, req.rawPrivate);
  if (current === null) return answer(null, req.rawPrivate);

  const res = await rt.run("Read", d, () =>
    r.def.read({ ...rt.base(req.typeName, d), meta: meta as M, state: readerFor(current, r.type), private: priv }),
  );
  let next: ValueObject | null = current;
  if (res.ok) {
    if (res.value === null) {
      // gone: an error alongside would be contradictory, so keep the object then
      next = d.hasErrors() ? current : null;
    } else {
      const obj = rt.fromResource(() => objectFromInput(res.value as StateInput, r.type, current), d);
      next = obj === undefined ? current : rt.checkFinal(r.block, r.type, obj, "refreshed state", d);
    }
  }
  return answer(next, priv.toBytes());
}
