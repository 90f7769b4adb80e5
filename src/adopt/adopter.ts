// What every object family (applications, scenarios, rules, users, SIP registrations) implements
// for `adopt`: list the account's objects through read calls only, and describe each one for the
// import block (resource type, import id, name, comment) and, where the object refers to other
// objects by id, for the resource block `adopt` writes itself (see docs/design/adopt.md).

import type { VoximplantClient } from "../api";
import type { AccountReader } from "./account";

/** The filters of the command line, already checked. */
export interface AdoptFilters {
  /** Resource types to adopt; null = every family. */
  readonly types: ReadonlySet<string> | null;
  /** Only objects of (or bound to) this application: its id. */
  readonly applicationId: number | null;
  /** Only SIP registrations at this registrar: host or host:port, compared case-insensitively. */
  readonly proxy: string | null;
}

/** Another object, referred to by its id through one of its id attributes. */
export interface ObjectReference {
  readonly resourceType: string;
  readonly id: number;
  /** The attribute of the referenced resource that holds `id`, e.g. application_id. */
  readonly attribute: string;
}

/**
 * One argument of a resource block: HCL already written (a quoted string, a number, a bool), a
 * reference, or a list of references. A reference whose object is adopted in the same run is
 * written as `<type>.<name>.<attribute>`; otherwise as the literal id.
 */
export type BlockValue =
  | { readonly kind: "hcl"; readonly text: string }
  | { readonly kind: "reference"; readonly to: ObjectReference }
  | { readonly kind: "references"; readonly to: readonly ObjectReference[] };

/** One object to import. */
export interface AdoptedObject {
  /** Terraform resource type, e.g. voximplant_sip_registration. */
  readonly resourceType: string;
  /** The object's id in the API, unique within its resource type. */
  readonly id: number;
  /** What `terraform import` takes for this resource type. */
  readonly importId: string;
  /** The object's own name, the basis of its Terraform name (any characters). */
  readonly nameBase: string;
  /** Appended to the name when several objects' names collide (any characters). */
  readonly nameQualifier?: string;
  /** One line for the comment above the import block (may contain any characters). */
  readonly description: string;
  /**
   * The resource block's arguments. `adopt` writes the block itself when one of its references
   * is adopted too, or when a block it writes refers to this object (Terraform refuses a
   * reference to an address that has only an import block); otherwise the object is left to
   * `terraform plan -generate-config-out`.
   */
  readonly arguments: BlockArguments | (() => Promise<BlockArguments>);
}

export type BlockArguments = ReadonlyArray<readonly [string, BlockValue]>;

/** What a family's `list` is given. */
export interface ListContext {
  readonly client: VoximplantClient;
  readonly filters: AdoptFilters;
  /** The applications and rules several families need, read once. */
  readonly account: AccountReader;
  readonly signal?: AbortSignal;
  /** Reports an object that cannot be adopted, and why (shown to the user, not fatal). */
  skip(message: string): void;
}

export interface Adopter {
  /** The Terraform resource type this family becomes. */
  readonly resourceType: string;
  /** Plural, for messages: "SIP registrations". */
  readonly label: string;
  /** Singular: "SIP registration". */
  readonly labelOne: string;
  /** Name (before `_<id>`) for objects whose own name has nothing usable, e.g. "sip_registration". */
  readonly fallbackName: string;
  /** Put before names that would start with a digit (1001 → sip_1001). */
  readonly namePrefix: string;
  /** Lists the matching objects. Read calls only. */
  list(context: ListContext): Promise<AdoptedObject[]>;
  /**
   * Text for the end of the file about what could not be read back (e.g. passwords), given the
   * names this family's objects got; undefined when there is nothing to say.
   */
  secretsNote?(names: readonly string[]): string | undefined;
}

/** A reference argument. */
export function referenceTo(resourceType: string, id: number, attribute: string): BlockValue {
  return { kind: "reference", to: { resourceType, id, attribute } };
}
