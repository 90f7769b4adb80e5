// ReadDataSource: the data source's read fills the computed attributes; configured ones are
// copied from the (wholly known) configuration.

import type { DataSourceDefinition } from "../api";
import type { Diagnostics } from "../diagnostics";
import { dataSourceState, unknownPaths } from "../state-results";
import { readerFor } from "../values";
import type { Compiled } from "./compiled";
import type { DataReadRequest, DataReadResult } from "./requests";
import type { FrameworkRuntime } from "./runtime";

export async function readDataSource<M>(
  rt: FrameworkRuntime<M>,
  ds: Compiled<DataSourceDefinition<M>>,
  req: DataReadRequest,
  d: Diagnostics,
): Promise<DataReadResult> {
  const config = req.config;
  rt.logRequest("ReadDataSource", req.typeName, ds.block, { config: config ?? undefined });
  const meta = rt.requireMeta(d);
  const result = await read();
  rt.logResponse("ReadDataSource", req.typeName, d);
  return d.hasErrors() ? {} : result;

  async function read(): Promise<DataReadResult> {
    if (config === undefined || config === null || d.hasErrors()) return {};
    if (unknownPaths(config).length > 0) {
      d.addError(
        "Data source configuration is not known yet",
        `Terraform asked to read ${req.typeName} while parts of its configuration are unknown.`,
      );
      return {};
    }
    const res = await rt.run("Read", d, () =>
      ds.def.read({ ...rt.base(req.typeName, d), meta: meta as M, config: readerFor(config, ds.type) }),
    );
    if (!res.ok || d.hasErrors()) return {};
    const obj = rt.fromResource(() => dataSourceState(ds.block, config, res.value, ds.type), d);
    if (obj === undefined) return {};
    return { state: rt.checkFinal(ds.block, ds.type, obj, "data source state", d) };
  }
}
