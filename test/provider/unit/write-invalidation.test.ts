// Every write the provider makes through its client invalidates the registration reader, without
// resources having to remember it: the client in the provider meta is wrapped once, in configure().
import { VoximplantClient } from "../../../src/api";
import { invalidatingOnWrites, isWriteMethod } from "../../../src/provider/registration-reader";

/** Every method name on the client's prototype chain (setup calls included). */
function clientMethodNames(): string[] {
  const names = new Set<string>();
  for (let p: object | null = VoximplantClient.prototype; p !== null && p !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (name !== "constructor" && d !== undefined && typeof d.value === "function") names.add(name);
    }
    p = Object.getPrototypeOf(p) as object | null;
  }
  return [...names].sort();
}

/**
 * Methods that change nothing on the server: reads, the client's own housekeeping, and its private
 * machinery (`call` is what every typed method goes through; TypeScript keeps it out of reach).
 */
const NOT_WRITES =
  /^(get|list|listAll|find)[A-Z]|^(abortAll|stats|close|destroy|call|log|logs|normalise|paginate|react)$/;

describe("writes invalidate the registration reader", () => {
  it("classifies every client method: a new write method cannot slip past as a read", () => {
    const methods = clientMethodNames();
    expect(methods).toEqual(expect.arrayContaining(["createSipRegistration", "delUser", "getSipRegistrations"]));
    const unclassified = methods.filter((m) => !isWriteMethod(m) && !NOT_WRITES.test(m));
    expect(unclassified).toEqual([]);
    const both = methods.filter((m) => isWriteMethod(m) && NOT_WRITES.test(m));
    expect(both).toEqual([]);
  });

  it("invalidates after each write, successful or failed, and never after a read", async () => {
    let invalidations = 0;
    const reader = { get: async () => null, invalidate: () => void invalidations++ };
    const fake = {
      marker: 7,
      async createSipRegistration() {
        return { result: 1, sip_registration_id: this.marker };
      },
      async deleteSipRegistration(): Promise<never> {
        throw new Error("refused");
      },
      async getSipRegistrations() {
        return { result: [], total_count: 0, count: 0 };
      },
    };
    const client = invalidatingOnWrites(fake as unknown as VoximplantClient, reader);

    // methods run on the real client (`this` is the client, not the wrapper)
    await expect(client.createSipRegistration({ sip_username: "u", proxy: "p" })).resolves.toEqual({
      result: 1,
      sip_registration_id: 7,
    });
    expect(invalidations).toBe(1);
    await expect(client.deleteSipRegistration({ sip_registration_id: 7 })).rejects.toThrow("refused");
    expect(invalidations).toBe(2);
    await client.getSipRegistrations({});
    expect(invalidations).toBe(2);
  });

  it("keeps the client's other members as they are", () => {
    const reader = { get: async () => null, invalidate: () => undefined };
    const fake = { apiUrl: "http://127.0.0.1:1/platform_api", accountId: 42 };
    const client = invalidatingOnWrites(fake as unknown as VoximplantClient, reader);
    expect(client.apiUrl).toBe("http://127.0.0.1:1/platform_api");
    expect(client.accountId).toBe(42);
  });
});
