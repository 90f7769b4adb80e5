// UpgradeResourceState: the stored JSON of a resource, written with schema version `version`,
// becomes an object of the current schema. Same version: decode, dropping attributes the schema
// no longer has. Older: the resource's upgrader for that version. Newer or flatmap: an error.

import { isKnownObject, type ValueObject } from "../../cty/value";
import { decodeJsonValue } from "../../cty/json";
import { impliedType } from "../../schema/implied-type";
import type { ResourceDefinition, ValuesReader } from "../api";
import type { Diagnostics } from "../diagnostics";
import { emptyBlockValue, schemaDefToModel } from "../schema-def";
import { objectFromInput } from "../state-results";
import { readerFor } from "../values";
import type { Compiled } from "./compiled";
import type { Decoded, UpgradeRequest, UpgradeResult } from "./requests";
import { errorText, type FrameworkRuntime } from "./runtime";

export async function upgradeResourceState<M>(
  rt: FrameworkRuntime<M>,
  r: Compiled<ResourceDefinition<M>>,
  req: UpgradeRequest,
  d: Diagnostics,
): Promise<UpgradeResult> {
  rt.logRequest("UpgradeResourceState", req.typeName, undefined, {});
  const upgraded = await upgrade(rt, r, req, d);
  rt.logResponse("UpgradeResourceState", req.typeName, d, { from_version: req.version });
  return upgraded === undefined || d.hasErrors() ? {} : { upgradedState: upgraded };
}

async function upgrade<M>(
  rt: FrameworkRuntime<M>,
  r: Compiled<ResourceDefinition<M>>,
  req: UpgradeRequest,
  d: Diagnostics,
): Promise<Decoded<ValueObject | null>> {
  const json = req.json;
  if (json === undefined) {
    if (req.isFlatmap) {
      d.addError(
        "Unable to upgrade resource state",
        `The state of this ${req.typeName} is in the legacy flatmap format (Terraform 0.11 and earlier), which this ` +
          "provider cannot read. Remove it from state and import it again.",
      );
      return undefined;
    }
    return null;
  }
  const current = r.def.schema.version;
  if (req.version > current) {
    d.addError(
      "Unable to upgrade resource state",
      `The state was written by a newer version of the provider (schema version ${req.version}; this version knows ` +
        `${current}). Upgrade the provider.`,
    );
    return undefined;
  }
  if (req.version === current) {
    try {
      // attributes removed from the schema are dropped; attributes added since decode as null
      const v = decodeJsonValue(json, r.type, { ignoreUnknownAttributes: true });
      if (!isKnownObject(v)) return null;
      return rt.checkFinal(r.block, r.type, v, "upgraded state", d);
    } catch (e) {
      d.addError(
        "Unable to read resource state",
        `The stored state of this ${req.typeName} does not match the schema: ${errorText(e)}`,
      );
      return undefined;
    }
  }
  const upgrader = r.def.stateUpgraders?.[req.version];
  if (upgrader === undefined) {
    d.addError(
      "Unable to upgrade resource state",
      `This provider has no upgrade from schema version ${req.version} to ${current} for ${req.typeName}.`,
    );
    return undefined;
  }
  const rawJson = parseStoredJson(json, d);
  if (rawJson === undefined) return undefined;
  let prior: ValuesReader | null = null;
  if (upgrader.priorSchema !== undefined) {
    const priorType = impliedType(schemaDefToModel(upgrader.priorSchema).block);
    try {
      const v = decodeJsonValue(json, priorType, { ignoreUnknownAttributes: true });
      if (isKnownObject(v)) prior = readerFor(v, priorType);
    } catch (e) {
      d.addError(
        "Unable to read resource state",
        `The stored state does not match schema version ${req.version}: ${errorText(e)}`,
      );
      return undefined;
    }
  }
  const res = await rt.run("UpgradeResourceState", d, () =>
    upgrader.upgrade({ ...rt.base(req.typeName, d), fromVersion: req.version, rawJson, prior }),
  );
  if (!res.ok) return undefined;
  const obj = rt.fromResource(() => objectFromInput(res.value, r.type, emptyBlockValue(r.block)), d);
  return obj === undefined ? undefined : rt.checkFinal(r.block, r.type, obj, "upgraded state", d);
}

function parseStoredJson(json: Buffer, d: Diagnostics): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(json.toString("utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not a JSON object");
    return parsed as Record<string, unknown>;
  } catch (e) {
    // Never echo JSON.parse's message: V8 quotes the text around the bad token, and stored
    // state holds sensitive values in clear. The position is enough to find the problem.
    const at = e instanceof SyntaxError ? /position (\d+)/.exec(e.message) : null;
    const reason = e instanceof SyntaxError ? `invalid JSON${at ? ` at position ${at[1]}` : ""}` : errorText(e);
    d.addError("Unable to read resource state", `The stored state is not a JSON object: ${reason}.`);
    return undefined;
  }
}
