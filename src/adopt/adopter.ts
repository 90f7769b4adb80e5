// What every object family (SIP registrations; applications, scenarios, rules and users once the
// provider manages them) implements for `adopt`: list the account's objects through read calls
// only, and describe each one for the import block (resource type, import id, name, comment).

import type { VoximplantClient } from "../api";

/** The filters of the command line, already checked. */
export interface AdoptFilters {
  /** Resource types to adopt; null = every family. */
  readonly types: ReadonlySet<string> | null;
  /** Only objects of (or bound to) this application: its id. */
  readonly applicationId: number | null;
  /** Only objects registering at this registrar: host or host:port, compared case-insensitively. */
  readonly proxy: string | null;
}

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
  list(client: VoximplantClient, filters: AdoptFilters, signal?: AbortSignal): Promise<AdoptedObject[]>;
  /**
   * Text for the end of the file about what could not be read back (e.g. passwords), given the
   * names this family's objects got; undefined when there is nothing to say.
   */
  secretsNote?(names: readonly string[]): string | undefined;
}
