// What configure() hands to every resource and data source of one provider process. Its own
// module so that resources and data sources depend on this shape only, never on provider.ts (the
// composition root that imports them all).

import type { VoximplantClient } from "../api";
import type { Lookups } from "./lookups";
import type { ReadMode, RegistrationReader } from "./registration-reader";
import type { DuplicateGuard } from "./sip-registration/duplicates";

/** What configure() hands to every resource and data source call of this process. */
export interface ProviderMeta {
  /** Its writes invalidate `reader` by themselves (invalidatingOnWrites in registration-reader.ts). */
  readonly client: VoximplantClient;
  /** Reads registrations by id. */
  readonly reader: RegistrationReader;
  /** Cached name ↔ id resolution of applications, rules and users. */
  readonly lookups: Lookups;
  readonly readMode: ReadMode;
  /**
   * After a CreateSipRegistration that timed out or was cancelled once sent, the server may still
   * execute it: how long to keep looking for the registration before concluding it was not
   * created (0 = look once). configure() sets it from request_timeout.
   */
  readonly createGraceMs?: number;
  /**
   * The duplicate check's memory of this process (one plan or one apply): lines claimed by the
   * planned instances, registrations being deleted or moved off their line (duplicates.ts).
   */
  readonly duplicates: DuplicateGuard;
}
