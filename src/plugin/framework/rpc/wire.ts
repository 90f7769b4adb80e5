// The framework's one wire seam (as terraform-plugin-go's fromproto / toproto): proto-loader's
// snake_case messages become typed requests here, and typed results become messages again. Values
// are decoded with the schema type of the resource the request names (msgpack, or JSON where a
// core sends that), private state is parsed, and diagnostics and attribute paths are converted.
// Nothing else in the framework reads or builds a wire message.

import type { CtyType } from "../../cty/types";
import { isKnownObject, type Value, type ValueObject } from "../../cty/value";
import { decodeValue, encodeValue } from "../../cty/msgpack";
import { decodeJsonValue } from "../../cty/json";
import {
  Severity,
  type ApplyResourceChangeRequest,
  type ApplyResourceChangeResponse,
  type AttributePathMsg,
  type AttributePathStep,
  type ClientCapabilitiesMsg,
  type ConfigureProviderRequest,
  type DiagnosticMsg,
  type DynamicValueMsg,
  type ImportResourceStateRequest,
  type ImportResourceStateResponse,
  type MoveResourceStateRequest,
  type PlanResourceChangeRequest,
  type PlanResourceChangeResponse,
  type ReadDataSourceRequest,
  type ReadDataSourceResponse,
  type ReadResourceRequest,
  type ReadResourceResponse,
  type UpgradeResourceStateRequest,
  type UpgradeResourceStateResponse,
} from "../../protocol/messages";
import type { Diagnostic, Diagnostics } from "../diagnostics";
import type { AttributePath } from "../path";
import { PrivateStateDocument } from "../private-state";
import { errorText } from "./runtime";
import type { MoveRequest } from "./move-resource-state";
import type {
  ApplyRequest,
  ApplyResult,
  ClientCapabilities,
  ConfigureRequest,
  DataReadRequest,
  DataReadResult,
  Decoded,
  ImportRequest,
  ImportResult,
  PlanRequest,
  PlanResult,
  ReadRequest,
  ReadResult,
  UpgradeRequest,
  UpgradeResult,
  ValidateRequest,
} from "./requests";

/**
 * Resource state goes back to Terraform with its numbers as decimal text. Terraform (1.11.4
 * observed) decides whether a refresh-only plan has anything to apply by comparing the refreshed
 * objects with the objects read from the state file using Go's reflect.DeepEqual, and that sees
 * the internals of each number: a number from the state file's JSON is parsed as a 512-bit
 * big.Float, while a msgpack int or float64 (go-cty's compact forms) becomes a 64- or 53-bit one.
 * A single number attribute therefore made every `plan -refresh-only -detailed-exitcode` exit 2
 * although nothing had changed. A msgpack str number is parsed by the same routine as JSON
 * state, so the refreshed object is identical to the stored one. The other state answers
 * (upgrade, apply, import) use the same form so that every object Terraform keeps as state
 * looks like one it read from a state file, whichever of them a Terraform version compares.
 */
const STATE_ENCODING = { numbersAsText: true } as const;

// ---- from the wire -------------------------------------------------------------------------

function decodeDynamic(
  msg: DynamicValueMsg | null | undefined,
  type: CtyType,
  what: string,
  d: Diagnostics,
): Decoded<Value> {
  try {
    if (msg?.msgpack !== undefined && msg.msgpack.length > 0) return decodeValue(msg.msgpack, type);
    if (msg?.json !== undefined && msg.json.length > 0) return decodeJsonValue(msg.json, type);
    return null;
  } catch (e) {
    d.addError(`Invalid ${what}`, `The provider could not decode the ${what} sent by Terraform: ${errorText(e)}`);
    return undefined;
  }
}

/** A resource-shaped value: an object, or null. Anything else is an error diagnostic. */
export function decodeObject(
  msg: DynamicValueMsg | null | undefined,
  type: CtyType,
  what: string,
  d: Diagnostics,
): Decoded<ValueObject | null> {
  const v = decodeDynamic(msg, type, what, d);
  if (v === undefined || v === null) return v;
  if (!isKnownObject(v)) {
    d.addError(`Invalid ${what}`, `The ${what} sent by Terraform is not a known object.`);
    return undefined;
  }
  return v;
}

function decodePrivate(bytes: Buffer | null | undefined, d: Diagnostics): Decoded<PrivateStateDocument> {
  try {
    return PrivateStateDocument.fromBytes(bytes);
  } catch (e) {
    d.addError("Invalid private state", `The resource's private state data is corrupt: ${errorText(e)}`);
    return undefined;
  }
}

function clientCapabilitiesFromProto(msg: ClientCapabilitiesMsg | null | undefined): ClientCapabilities {
  return {
    writeOnlyAttributesAllowed: msg?.write_only_attributes_allowed === true,
    deferralAllowed: msg?.deferral_allowed === true,
  };
}

interface ValidateMsg {
  type_name?: string;
  config: DynamicValueMsg | null;
  client_capabilities?: ClientCapabilitiesMsg | null;
}

/** Any of the three Validate*Config requests (only the resource one carries capabilities). */
export function validateRequestFromProto(
  msg: ValidateMsg,
  type: CtyType,
  d: Diagnostics,
  withCapabilities: boolean,
): ValidateRequest {
  const config = decodeObject(msg.config, type, "configuration", d);
  const typeName = msg.type_name ?? "";
  if (!withCapabilities) return { typeName, config };
  return { typeName, config, clientCapabilities: clientCapabilitiesFromProto(msg.client_capabilities) };
}

export function configureRequestFromProto(
  msg: ConfigureProviderRequest,
  type: CtyType,
  d: Diagnostics,
): ConfigureRequest {
  return {
    terraformVersion: msg.terraform_version,
    config: decodeObject(msg.config, type, "provider configuration", d),
  };
}

export function upgradeRequestFromProto(msg: UpgradeResourceStateRequest): UpgradeRequest {
  const raw = msg.raw_state;
  const json = raw?.json !== undefined && raw.json.length > 0 ? raw.json : undefined;
  const isFlatmap = json === undefined && raw?.flatmap !== undefined && Object.keys(raw.flatmap).length > 0;
  return { typeName: msg.type_name, version: msg.version, json, isFlatmap };
}

export function readRequestFromProto(msg: ReadResourceRequest, type: CtyType, d: Diagnostics): ReadRequest {
  return {
    typeName: msg.type_name,
    currentState: decodeObject(msg.current_state, type, "current state", d),
    private: decodePrivate(msg.private, d),
    rawPrivate: msg.private,
  };
}

export function planRequestFromProto(msg: PlanResourceChangeRequest, type: CtyType, d: Diagnostics): PlanRequest {
  return {
    typeName: msg.type_name,
    priorState: decodeObject(msg.prior_state, type, "prior state", d),
    proposedNewState: decodeObject(msg.proposed_new_state, type, "proposed new state", d),
    config: decodeObject(msg.config, type, "configuration", d),
    priorPrivate: decodePrivate(msg.prior_private, d),
  };
}

export function applyRequestFromProto(msg: ApplyResourceChangeRequest, type: CtyType, d: Diagnostics): ApplyRequest {
  return {
    typeName: msg.type_name,
    priorState: decodeObject(msg.prior_state, type, "prior state", d),
    plannedState: decodeObject(msg.planned_state, type, "planned state", d),
    config: decodeObject(msg.config, type, "configuration", d),
    plannedPrivate: decodePrivate(msg.planned_private, d),
    rawPlannedPrivate: msg.planned_private,
  };
}

export function importRequestFromProto(msg: ImportResourceStateRequest): ImportRequest {
  return { typeName: msg.type_name, id: msg.id };
}

export function moveRequestFromProto(msg: MoveResourceStateRequest): MoveRequest {
  return {
    sourceProviderAddress: msg.source_provider_address,
    sourceTypeName: msg.source_type_name,
    targetTypeName: msg.target_type_name,
  };
}

export function dataReadRequestFromProto(msg: ReadDataSourceRequest, type: CtyType, d: Diagnostics): DataReadRequest {
  return { typeName: msg.type_name, config: decodeObject(msg.config, type, "configuration", d) };
}

// ---- to the wire ---------------------------------------------------------------------------

export function pathToProto(path: AttributePath): AttributePathMsg {
  return {
    steps: path.steps.map((s): AttributePathStep => {
      if (s.kind === "attr") return { attribute_name: s.name };
      if (s.kind === "index") return { element_key_int: s.index };
      return { element_key_string: s.key };
    }),
  };
}

export function diagnosticToProto(d: Diagnostic): DiagnosticMsg {
  const msg: DiagnosticMsg = {
    severity: d.severity === "error" ? Severity.ERROR : Severity.WARNING,
    summary: d.summary,
  };
  if (d.detail !== undefined && d.detail !== "") msg.detail = d.detail;
  // Terraform cannot point at "the whole resource"; an empty path carries no information.
  if (d.path !== undefined && !d.path.isRoot()) msg.attribute = pathToProto(d.path);
  return msg;
}

export function diagnosticsToProto(d: Diagnostics): DiagnosticMsg[] {
  return d.items.map(diagnosticToProto);
}

/** A resource object Terraform keeps as state; see STATE_ENCODING for its number form. */
function encodeState(v: ValueObject | null, type: CtyType): DynamicValueMsg {
  return { msgpack: encodeValue(v, type, STATE_ENCODING) };
}

function encodePlain(v: ValueObject | null, type: CtyType): DynamicValueMsg {
  return { msgpack: encodeValue(v, type) };
}

/** `result` is undefined when the request named no known type (then only diagnostics go back). */
export function readResultToProto(result: ReadResult | undefined, type: CtyType, d: Diagnostics): ReadResourceResponse {
  if (result === undefined) return { diagnostics: diagnosticsToProto(d) };
  return { new_state: encodeState(result.newState, type), private: result.private, diagnostics: diagnosticsToProto(d) };
}

export function planResultToProto(
  result: PlanResult | undefined,
  type: CtyType,
  d: Diagnostics,
): PlanResourceChangeResponse {
  const diagnostics = diagnosticsToProto(d);
  if (result === undefined || result.plannedState === undefined) return { requires_replace: [], diagnostics };
  return {
    planned_state: encodePlain(result.plannedState, type),
    requires_replace: result.requiresReplace.map(pathToProto),
    planned_private: result.plannedPrivate,
    diagnostics,
  };
}

export function applyResultToProto(
  result: ApplyResult | undefined,
  type: CtyType,
  d: Diagnostics,
): ApplyResourceChangeResponse {
  if (result === undefined) return { diagnostics: diagnosticsToProto(d) };
  return { new_state: encodeState(result.newState, type), private: result.private, diagnostics: diagnosticsToProto(d) };
}

export function importResultToProto(
  result: ImportResult | undefined,
  type: CtyType,
  d: Diagnostics,
): ImportResourceStateResponse {
  const imported = result?.imported ?? [];
  return {
    imported_resources: imported.map((o) => ({
      type_name: o.typeName,
      state: encodeState(o.state, type),
      private: o.private,
    })),
    diagnostics: diagnosticsToProto(d),
  };
}

export function upgradeResultToProto(
  result: UpgradeResult | undefined,
  type: CtyType,
  d: Diagnostics,
): UpgradeResourceStateResponse {
  if (result?.upgradedState === undefined) return { diagnostics: diagnosticsToProto(d) };
  return { upgraded_state: encodeState(result.upgradedState, type), diagnostics: diagnosticsToProto(d) };
}

export function dataReadResultToProto(
  result: DataReadResult | undefined,
  type: CtyType,
  d: Diagnostics,
): ReadDataSourceResponse {
  if (result?.state === undefined) return { diagnostics: diagnosticsToProto(d) };
  return { state: encodePlain(result.state, type), diagnostics: diagnosticsToProto(d) };
}
