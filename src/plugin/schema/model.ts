// The protocol-level schema model: what GetProviderSchema returns and what
// `terraform providers schema -json` prints, in one shape. The framework layers plan modifiers,
// defaults and validators on top of these (see src/plugin/framework).

import type { CtyType } from "../cty/types";

export type DescriptionKind = "plain" | "markdown";

export interface Attribute {
  /** exactly one of type / nestedType */
  type?: CtyType;
  nestedType?: NestedAttributeObject;
  description?: string;
  descriptionKind?: DescriptionKind;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  /**
   * Terraform hides the value in plan output. Terraform before 1.12 writes a resource
   * instance's sensitive paths in random order and counts a reordering as a change, so two or
   * more sensitive attributes (null ones included) make `plan -refresh-only -detailed-exitcode`
   * exit 2 at random. A write-only attribute needs no `sensitive` (it is never stored or shown),
   * but a sensitive value in its configuration still leaves a mark in state: feed it ephemeral values.
   */
  sensitive?: boolean;
  /** Terraform >= 1.11: sent in config only, never stored; always null in any returned state */
  writeOnly?: boolean;
  deprecated?: boolean;
  deprecationMessage?: string;
}

export interface NestedAttributeObject {
  nesting: "single" | "list" | "set" | "map";
  attributes: Record<string, Attribute>;
}

export interface NestedBlock {
  nesting: "single" | "list" | "set" | "map" | "group";
  block: Block;
  minItems?: number;
  maxItems?: number;
}

export interface Block {
  attributes: Record<string, Attribute>;
  blockTypes?: Record<string, NestedBlock>;
  description?: string;
  descriptionKind?: DescriptionKind;
  deprecated?: boolean;
  deprecationMessage?: string;
}

export interface Schema {
  /** state schema version, stored in state and passed to UpgradeResourceState */
  version: number;
  block: Block;
}
