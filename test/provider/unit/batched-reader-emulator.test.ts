// Batched reader through the real API client against the emulator over HTTP: the number of
// GetSipRegistrations calls a refresh of many registrations costs, agreement with direct reads,
// out-of-band changes, writes with invalidate(), a server page cap below the requested size and a
// listing failure.
import { startEmulator } from "../../../src/emulator";
import { VoximplantClient, type SipRegistration } from "../../../src/api";
import { BatchedRegistrationReader, directReadWith } from "../../../src/provider/registration-reader-batched";

type Emu = Awaited<ReturnType<typeof startEmulator>>;

const N = 40;
let emu: Emu;
let client: VoximplantClient;
let ids: number[];

async function admin(verb: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emu.adminUrl}${path}`, {
    method: verb,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`admin ${verb} ${path} → ${res.status}: ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

async function listCalls(): Promise<number> {
  const counts = (await admin("GET", "/calls")) as { byMethod: Record<string, number> };
  return counts.byMethod.GetSipRegistrations ?? 0;
}

function newClient(): VoximplantClient {
  return new VoximplantClient({
    credentialsPath: emu.credentialsPath,
    apiUrl: emu.url,
    env: {},
    retry: { baseDelayMs: 1, maxDelayMs: 10 },
    rateLimit: { requestsPerSecond: 1000, burst: 100 },
  });
}

/** Terraform-like refresh: every id read, at most `parallelism` reads at a time. */
async function refresh(
  reader: { get(id: number): Promise<SipRegistration | null> },
  parallelism = 10,
): Promise<Map<number, SipRegistration | null>> {
  const out = new Map<number, SipRegistration | null>();
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: parallelism }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) out.set(id, await reader.get(id));
    }),
  );
  return out;
}

beforeAll(async () => {
  emu = await startEmulator();
  client = newClient();
  ids = [];
  for (let i = 0; i < N; i++) {
    const r = await client.createSipRegistration({
      sip_username: `bench${i}`,
      proxy: `pbx${i % 3}.example.org`,
      password: "not-logged",
    });
    ids.push(r.sip_registration_id);
  }
});

afterAll(async () => {
  await client.close();
  await emu.close();
});

beforeEach(async () => {
  await admin("POST", "/reset");
  await admin("POST", "/config", { maxPageSize: 1000 });
});

describe("batched reader against the emulator", () => {
  it("refreshes every registration in ceil(n / page) + 1 calls and agrees with direct reads", async () => {
    const reader = new BatchedRegistrationReader(client, { pageSize: 15 });
    const batched = await refresh(reader);
    // 40 rows at 15 per page: 15 + 15 + 10 (short page ends the walk) = 3 calls
    expect(await listCalls()).toBe(3);
    const direct = directReadWith(client);
    for (const id of ids) expect(batched.get(id)).toEqual(await direct(id));
    expect(reader.stats()).toMatchObject({ listingsStarted: 1, servedFromListing: N, directReads: 0 });
  });

  it("keeps working when the server caps pages below the requested size", async () => {
    await admin("POST", "/config", { maxPageSize: 7 });
    const reader = new BatchedRegistrationReader(client, { pageSize: 1000 });
    const got = await refresh(reader);
    expect([...got.values()].every((r) => r !== null)).toBe(true);
    // 40 rows at 7 per page: 6 pages, the last one short
    expect(await listCalls()).toBe(6);
  });

  it("shows an out-of-band change in the next refresh (a new reader, as each provider process has)", async () => {
    const first = new BatchedRegistrationReader(client, { pageSize: 100 });
    const target = ids[5];
    expect((await first.get(target))?.auth_user).toBeUndefined();
    // someone else edits the registration between two terraform commands
    const other = newClient();
    await other.updateSipRegistration({ sip_registration_id: target, auth_user: "changed-elsewhere" });
    await other.close();
    const second = new BatchedRegistrationReader(client, { pageSize: 100 });
    expect((await second.get(target))?.auth_user).toBe("changed-elsewhere");
  });

  it("shows the provider's own writes after invalidate(), and a deletion as null", async () => {
    const reader = new BatchedRegistrationReader(client, { pageSize: 100 });
    await refresh(reader);
    const target = ids[7];
    await client.updateSipRegistration({ sip_registration_id: target, outbound_proxy: "edge.example.org" });
    reader.invalidate();
    expect((await reader.get(target))?.outbound_proxy).toBe("edge.example.org");

    const victim = await client.createSipRegistration({ sip_username: "short-lived", proxy: "pbx.example.org" });
    reader.invalidate();
    expect((await reader.get(victim.sip_registration_id))?.sip_username).toBe("short-lived");
    await client.deleteSipRegistration({ sip_registration_id: victim.sip_registration_id });
    reader.invalidate();
    expect(await reader.get(victim.sip_registration_id)).toBeNull();
  });

  it("finds a registration created after its listing by reading it directly", async () => {
    const reader = new BatchedRegistrationReader(client, { pageSize: 100 });
    await refresh(reader);
    // every id was served before the listing ended: the client fetches one more (empty) page
    // after a full first page, and a registration created before that page would be in it
    await reader.listingSettled();
    const created = await client.createSipRegistration({ sip_username: "late", proxy: "pbx.example.org" });
    const before = await listCalls();
    expect((await reader.get(created.sip_registration_id))?.sip_username).toBe("late");
    expect((await listCalls()) - before).toBe(1);
    await client.deleteSipRegistration({ sip_registration_id: created.sip_registration_id });
  });

  it("falls back to direct reads when the listing call fails", async () => {
    // a non-retryable API error on the first GetSipRegistrations call only: the listing's page
    await admin("POST", "/faults", { method: "GetSipRegistrations", fault: "api_error", code: 101, count: 1 });
    const reader = new BatchedRegistrationReader(client, { pageSize: 100 });
    const got = await refresh(reader, 3);
    expect([...got.keys()]).toHaveLength(N);
    expect([...got.values()].every((r) => r !== null)).toBe(true);
    expect(reader.stats()).toMatchObject({ listingsFailed: 1, directReads: N });
    await admin("DELETE", "/faults");
  });
});
