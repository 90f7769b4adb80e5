// How the provider reads one SIP registration by id during refresh. Kept behind an interface in
// the provider meta so the refresh strategy can change (read_mode) without touching resources:
//
//   per_resource – one GetSipRegistrations call filtered by sip_registration_id per read.
//   batched      – one paged listing shared by the reads of a refresh walk
//                  (registration-reader-batched.ts).
//
// Contract for every implementation: `get` returns the registration as the API reports it now,
// or null when the API does not know the id; `invalidate` is called after every write so no read
// can be answered from data older than the write. Resources do not call it themselves: the client
// in the provider meta is wrapped by invalidatingOnWrites, so a new write cannot forget it.

import type { Logger, SipRegistration, VoximplantClient } from "../api";
import { createBatchedRegistrationReader } from "./registration-reader-batched";

export interface RegistrationReader {
  get(id: number, signal: AbortSignal): Promise<SipRegistration | null>;
  invalidate(): void;
}

export const READ_MODES = ["batched", "per_resource"] as const;
export type ReadMode = (typeof READ_MODES)[number];
export const DEFAULT_READ_MODE: ReadMode = "batched";

/** One filtered GetSipRegistrations call per read; nothing is cached, so invalidate is a no-op. */
export class PerResourceRegistrationReader implements RegistrationReader {
  constructor(private readonly client: Pick<VoximplantClient, "getSipRegistrations">) {}

  async get(id: number, signal: AbortSignal): Promise<SipRegistration | null> {
    const page = await this.client.getSipRegistrations({ sip_registration_id: id }, { signal });
    // The filter is exact; checking the id again guards against a lenient server.
    return page.result.find((r) => r.sip_registration_id === id) ?? null;
  }

  invalidate(): void {
    // nothing cached
  }
}

/** Builds the reader of one provider process for its read mode. */
export type RegistrationReaderFactory = (client: VoximplantClient, logger?: Logger) => RegistrationReader;

const FACTORIES: Record<ReadMode, RegistrationReaderFactory> = {
  per_resource: (client) => new PerResourceRegistrationReader(client),
  batched: (client, logger) => createBatchedRegistrationReader(client, logger !== undefined ? { logger } : {}),
};

export function createRegistrationReader(
  mode: ReadMode,
  client: VoximplantClient,
  logger?: Logger,
): RegistrationReader {
  return FACTORIES[mode](client, logger);
}

/**
 * Client methods that change the account: whatever they touch, a registration in the reader's
 * data may be affected (a deleted application or user unbinds the registrations bound to it).
 * Everything else the client offers reads (get/list/find) or manages the client itself.
 */
const WRITE_METHOD = /^(add|set|del|delete|create|update|bind|reorder)[A-Z]/;

export function isWriteMethod(name: string): boolean {
  return WRITE_METHOD.test(name);
}

/**
 * The client that resources and data sources get: each write invalidates `reader` once it has
 * settled, successful or not (a failed write may still have committed). Other methods and
 * properties are the client's own, called on the client itself.
 */
export function invalidatingOnWrites(client: VoximplantClient, reader: RegistrationReader): VoximplantClient {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      let method = wrapped.get(property);
      if (method === undefined) {
        const bound = (value as (...args: unknown[]) => unknown).bind(target);
        method =
          typeof property === "string" && isWriteMethod(property)
            ? async (...args: unknown[]): Promise<unknown> => {
                try {
                  return await bound(...args);
                } finally {
                  reader.invalidate();
                }
              }
            : bound;
        wrapped.set(property, method);
      }
      return method;
    },
  });
}
