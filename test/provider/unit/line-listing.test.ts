// The shared listings of the duplicate checks (line-listing.ts): concurrent checks share one
// listing, a check never gets an answer from a listing that started before it asked, several
// lines of a small account are answered by one account listing, and the snapshot that answers
// checks before a create sees this process's own creates.
import type { SipRegistration, VoximplantClient } from "../../../src/api";
import { LineListings } from "../../../src/provider/sip-registration/line-listing";

function row(id: number, sipUsername: string, proxy = "sip.example.com"): SipRegistration {
  return { sip_registration_id: id, sip_username: sipUsername, proxy, deactivated: false, is_persistent: true };
}

/** A client answering listings from `rows` at the time each listing starts, after `delayMs`. */
function fakeClient(rows: () => SipRegistration[], delayMs = 20) {
  const listings: Array<{ sip_username?: string }> = [];
  const client = {
    async *listSipRegistrations(filters: { sip_username?: string }) {
      listings.push(filters);
      const snapshot = rows().filter(
        (r) => filters.sip_username === undefined || r.sip_username === filters.sip_username,
      );
      await new Promise((r) => setTimeout(r, delayMs));
      yield* snapshot;
    },
  } as unknown as VoximplantClient;
  return { client, listings };
}

const line = (u: string, proxy = "sip.example.com") => ({ sip_username: u, proxy });
const ids = (rows: SipRegistration[]) => rows.map((r) => r.sip_registration_id);

it("concurrent checks of three lines share one account listing; each gets its own line, oldest first", async () => {
  const { client, listings } = fakeClient(() => [row(9, "a"), row(3, "a", "SIP.example.com:5060"), row(4, "b")]);
  const l = new LineListings(client);
  const [a, b, c] = await Promise.all([l.list(line("a")), l.list(line("b")), l.list(line("c"))]);
  expect([ids(a), ids(b), ids(c)]).toEqual([[3, 9], [4], []]);
  expect(listings).toEqual([{}]);
});

it("a check gets only its own line (normalised proxy), oldest first; the username elsewhere is not it", async () => {
  const { client } = fakeClient(() => [row(12, "a"), row(4, "a"), row(8, "a", "other.example.com")]);
  expect(ids(await new LineListings(client).list(line("a")))).toEqual([4, 12]);
});

it("a check asked while a listing is in flight is answered by the next listing, which sees newer rows", async () => {
  let rows = [row(1, "a")];
  const { client, listings } = fakeClient(() => rows, 50);
  const l = new LineListings(client);
  const first = l.list(line("a"));
  await new Promise((r) => setTimeout(r, 20)); // the first listing has started
  rows = [row(1, "a"), row(2, "a")];
  const second = l.list(line("a"));
  expect(ids(await first)).toEqual([1]);
  expect(ids(await second)).toEqual([1, 2]);
  expect(listings).toHaveLength(2);
});

it("a filtered listing's failure fails only the checks of its sip_username", async () => {
  const client = {
    async *listSipRegistrations(filters: { sip_username?: string }) {
      await new Promise((r) => setTimeout(r, 5));
      if (filters.sip_username !== "ok") throw new Error("network down");
      yield row(1, "ok");
    },
  } as unknown as VoximplantClient;
  const l = new LineListings(client);
  const [ok, bad] = await Promise.allSettled([l.list(line("ok")), l.list(line("bad"))]);
  expect(ok).toMatchObject({ status: "fulfilled", value: [{ sip_registration_id: 1 }] });
  expect(bad).toMatchObject({ status: "rejected", reason: { message: "network down" } });
});

it("a stopped check stops waiting; the listing goes on for the others", async () => {
  const { client } = fakeClient(() => [row(1, "a")], 40);
  const l = new LineListings(client);
  const stop = new AbortController();
  const stopped = l.list(line("a"), stop.signal);
  const other = l.list(line("a"));
  setTimeout(() => stop.abort(), 10);
  await expect(stopped).rejects.toMatchObject({ name: "CancelledError" });
  expect(ids(await other)).toEqual([1]);
});

it("the snapshot shows a line free or taken, counts this process's creates, and is shared", async () => {
  const { client, listings } = fakeClient(() => [row(1, "taken", "SIP.EXAMPLE.COM")]);
  const l = new LineListings(client);
  const signal = new AbortController().signal;
  const answers = await Promise.all([
    l.freeInSnapshot(line("free"), signal),
    l.freeInSnapshot(line("taken"), signal),
    l.freeInSnapshot(line("taken", "other.example.com"), signal),
  ]);
  expect(answers).toEqual([true, false, true]);
  l.noteCreated(line("free"));
  expect(await l.freeInSnapshot(line("free"), signal)).toBe(false);
  expect(listings).toEqual([{}]);
});

it("without a snapshot (the listing failed) every line counts as possibly taken", async () => {
  const client = {
    // eslint-disable-next-line require-yield
    async *listSipRegistrations() {
      throw new Error("network down");
    },
  } as unknown as VoximplantClient;
  expect(await new LineListings(client).freeInSnapshot(line("a"), new AbortController().signal)).toBe(false);
});
