// ImportResourceState: the resource's importState turns the user's ID into a sparse object that a
// following ReadResource completes. Exactly one object of the same type is returned.

import type { ResourceDefinition } from "../api";
import type { Diagnostics } from "../diagnostics";
import { PrivateStateDocument } from "../private-state";
import { emptyBlockValue } from "../schema-def";
import { objectFromInput } from "../state-results";
import type { Compiled } from "./compiled";
import type { ImportRequest, ImportResult } from "./requests";
import type { FrameworkRuntime } from "./runtime";

const NOTHING: ImportResult = { imported: [] };

export async function importResourceState<M>(
  rt: FrameworkRuntime<M>,
  r: Compiled<ResourceDefinition<M>>,
  req: ImportRequest,
  d: Diagnostics,
): Promise<ImportResult> {
  rt.logRequest("ImportResourceState", req.typeName, undefined, {});
  const result = await importObject(rt, r, req, d);
  rt.logResponse("ImportResourceState", req.typeName, d);
  return d.hasErrors() ? NOTHING : result;
}

async function importObject<M>(
  rt: FrameworkRuntime<M>,
  r: Compiled<ResourceDefinition<M>>,
  req: ImportRequest,
  d: Diagnostics,
): Promise<ImportResult> {
  const importer = r.def.importState;
  if (importer === undefined) {
    d.addError("Resource import not implemented", `The ${req.typeName} resource does not support import.`);
    return NOTHING;
  }
  const meta = rt.requireMeta(d);
  if (d.hasErrors()) return NOTHING;
  const priv = PrivateStateDocument.fromBytes(null);
  const res = await rt.run("ImportState", d, () =>
    importer.call(r.def, { ...rt.base(req.typeName, d), meta: meta as M, id: req.id, private: priv }),
  );
  if (!res.ok || d.hasErrors()) return NOTHING;
  const obj = rt.fromResource(() => objectFromInput(res.value, r.type, emptyBlockValue(r.block)), d);
  if (obj === undefined) return NOTHING;
  const state = rt.checkFinal(r.block, r.type, obj, "imported state", d);
  return { imported: [{ typeName: req.typeName, state, private: priv.toBytes() }] };
}
