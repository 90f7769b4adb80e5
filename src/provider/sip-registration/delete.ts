// DeleteSipRegistration until the registration is gone: "already gone" (API 275) is success, and
// after any other API error or an ambiguous failure a read decides (gone = deleted). Used by the
// resource's delete and by a create that lost a concurrent race (duplicates.ts).

import { ApiError, type SipRegistration, type VoximplantClient } from "../../api";
import { PerResourceRegistrationReader } from "../registration-reader";
import { mayHaveCommitted } from "../api-failure";
import { registrationFailure } from "./errors";

export async function deleteRegistrationById(
  client: VoximplantClient,
  id: number,
  signal?: AbortSignal,
): Promise<void> {
  const opts = signal ? { signal } : {};
  try {
    await client.deleteSipRegistration({ sip_registration_id: id }, opts);
  } catch (e) {
    // 275: unknown registration id — already gone, which is what delete wants
    if (e instanceof ApiError && e.code === 275) return;
    // other codes ("invalid argument") and ambiguous failures: gone now means success
    if (e instanceof ApiError || mayHaveCommitted(e)) {
      let still: SipRegistration | null;
      try {
        still = await new PerResourceRegistrationReader(client).get(id, signal ?? new AbortController().signal);
      } catch {
        throw registrationFailure(`delete SIP registration ${id}`, e, null);
      }
      if (still === null) return;
    }
    throw registrationFailure(`delete SIP registration ${id}`, e, null);
  }
}
