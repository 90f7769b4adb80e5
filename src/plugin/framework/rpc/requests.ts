// Typed requests and results of the framework's RPC logic: what the wire seam (wire.ts) makes of
// proto-loader's snake_case messages once the schema is known, and what it turns back into them.
// The per-RPC files work only on these types; none of them sees a wire message.

import type { ValueObject } from "../../cty/value";
import type { AttributePath } from "../path";
import type { PrivateStateDocument } from "../private-state";

/**
 * A value taken from the wire: `undefined` when it could not be decoded (an error diagnostic
 * already says why), `null` when Terraform sent a null object.
 */
export type Decoded<T> = T | undefined;

export interface ClientCapabilities {
  /** the core keeps write-only values out of plan and state (Terraform 1.11+, OpenTofu 1.11+) */
  readonly writeOnlyAttributesAllowed: boolean;
  /** the core accepts deferred actions (not used by the framework yet) */
  readonly deferralAllowed: boolean;
}

export interface ValidateRequest {
  readonly typeName: string;
  readonly config: Decoded<ValueObject | null>;
  /** absent for provider and data source validation (only ValidateResourceConfig carries them) */
  readonly clientCapabilities?: ClientCapabilities;
}

export interface ConfigureRequest {
  readonly terraformVersion: string;
  readonly config: Decoded<ValueObject | null>;
}

export interface UpgradeRequest {
  readonly typeName: string;
  /** the schema version the stored state was written with */
  readonly version: number;
  /** the stored JSON object, or undefined when none was sent */
  readonly json: Buffer | undefined;
  /** the state is in the pre-0.12 flatmap format */
  readonly isFlatmap: boolean;
}

export interface ReadRequest {
  readonly typeName: string;
  readonly currentState: Decoded<ValueObject | null>;
  readonly private: Decoded<PrivateStateDocument>;
  /** the private bytes as received, echoed when they could not be decoded */
  readonly rawPrivate: Buffer;
}

export interface PlanRequest {
  readonly typeName: string;
  readonly priorState: Decoded<ValueObject | null>;
  readonly proposedNewState: Decoded<ValueObject | null>;
  readonly config: Decoded<ValueObject | null>;
  readonly priorPrivate: Decoded<PrivateStateDocument>;
}

export interface ApplyRequest {
  readonly typeName: string;
  readonly priorState: Decoded<ValueObject | null>;
  readonly plannedState: Decoded<ValueObject | null>;
  readonly config: Decoded<ValueObject | null>;
  readonly plannedPrivate: Decoded<PrivateStateDocument>;
  readonly rawPlannedPrivate: Buffer;
}

export interface ImportRequest {
  readonly typeName: string;
  readonly id: string;
}

export interface DataReadRequest {
  readonly typeName: string;
  readonly config: Decoded<ValueObject | null>;
}

// ---- results (diagnostics travel separately, in the RPC's Diagnostics) -----------------------

export interface ReadResult {
  /** null: the remote object is gone */
  readonly newState: ValueObject | null;
  readonly private: Buffer;
}

export interface PlanResult {
  /** absent when planning failed; null for a destroy */
  readonly plannedState?: ValueObject | null;
  readonly requiresReplace: readonly AttributePath[];
  readonly plannedPrivate?: Buffer;
}

export interface ApplyResult {
  readonly newState: ValueObject | null;
  readonly private: Buffer;
}

export interface ImportedObject {
  readonly typeName: string;
  readonly state: ValueObject;
  readonly private: Buffer;
}

export interface ImportResult {
  readonly imported: readonly ImportedObject[];
}

export interface UpgradeResult {
  /** absent when the upgrade failed */
  readonly upgradedState?: ValueObject | null;
}

export interface DataReadResult {
  /** absent when the read failed */
  readonly state?: ValueObject;
}
