// VoximplantClient's paging against a tiny real HTTP server: servers that cap pages, the empty
// page that confirms the end, a one-row page, offsets ignored, filters on every page.

import { ClientValidationError, type SipRegistration } from "../../src/api";
import { fakeApiClients, json } from "./helpers";

function reg(id: number, sip_username = `user${id}`, proxy = "sip.example.com"): SipRegistration {
  return { sip_registration_id: id, sip_username, proxy, is_persistent: true, deactivated: false };
}

const fake = fakeApiClients();
const client = fake.client;

function pagedServer(
  rows: SipRegistration[],
  cap: number,
  opts: { ignoreOffset?: boolean; lieTotal?: boolean } = {},
): void {
  fake.api.setHandler((q, res) => {
    const count = Number(q.form.get("count") ?? 20);
    const offset = opts.ignoreOffset ? 0 : Number(q.form.get("offset") ?? 0);
    const name = q.form.get("sip_username");
    const match = rows.filter((r) => name === null || r.sip_username.includes(name));
    const page = match.slice(offset, offset + Math.min(count, cap));
    json(res, { result: page, count: page.length, ...(opts.lieTotal ? { total_count: 1 } : {}) });
  });
}
const rows = Array.from({ length: 25 }, (_, i) => reg(i + 1));

it("walks every page when the server caps the page below the requested size", async () => {
  pagedServer(rows, 10, { lieTotal: true });
  const got = await client().listAllSipRegistrations({}, { pageSize: 1000 });
  expect(got.map((r) => r.sip_registration_id)).toEqual(rows.map((r) => r.sip_registration_id));
  expect(fake.api.requests.map((r) => [r.form.get("count"), r.form.get("offset")])).toEqual([
    ["1000", "0"],
    ["1000", "10"],
    ["1000", "20"],
  ]);
});

it("stops at an empty page when the total is a multiple of the page size", async () => {
  pagedServer(rows.slice(0, 20), 10);
  expect(await client().listAllSipRegistrations({}, { pageSize: 10 })).toHaveLength(20);
  expect(fake.api.requests.map((r) => r.form.get("offset"))).toEqual(["0", "10", "20"]);
});

it("a short first page costs one extra request that confirms the end", async () => {
  pagedServer(rows.slice(0, 3), 10);
  expect(await client().listAllSipRegistrations({}, { pageSize: 1000 })).toHaveLength(3);
  expect(fake.api.requests).toHaveLength(2);
});

it("a single row asked for more is the end (no server caps pages at one row); two rows are not", async () => {
  pagedServer(rows, 10);
  expect(await client().listAllSipRegistrations({ sip_username: "user7" }, { pageSize: 1000 })).toHaveLength(1);
  expect(fake.api.requests).toHaveLength(1);
  fake.api.requests.length = 0;
  pagedServer(rows.slice(0, 2), 2);
  expect(await client().listAllSipRegistrations({}, { pageSize: 1000 })).toHaveLength(2);
  expect(fake.api.requests.map((r) => r.form.get("offset"))).toEqual(["0", "2"]);
});

it("fails instead of looping when the server ignores offset", async () => {
  pagedServer(rows, 10, { ignoreOffset: true });
  await expect(client().listAllSipRegistrations()).rejects.toMatchObject({ failure: "invalid_response" });
  expect(fake.api.requests).toHaveLength(2);
});

it("passes filters on every page and validates pageSize", async () => {
  pagedServer(rows, 10);
  await client().listAllSipRegistrations({ sip_username: "user1" }, { pageSize: 5 });
  expect(fake.api.requests.every((r) => r.form.get("sip_username") === "user1")).toBe(true);
  await expect(client().listAllSipRegistrations({}, { pageSize: 0 })).rejects.toBeInstanceOf(ClientValidationError);
});

it("findSipRegistrations post-filters exactly on sip_username and proxy", async () => {
  pagedServer(
    [
      reg(1, "alice", "a.example"),
      reg(2, "alice2", "a.example"),
      reg(3, "alice", "b.example"),
      reg(4, "bob", "a.example"),
    ],
    10,
  );
  const found = await client().findSipRegistrations({ sip_username: "alice", proxy: "a.example" });
  expect(found.map((r) => r.sip_registration_id)).toEqual([1]);
  expect(fake.api.requests[0]!.form.get("sip_username")).toBe("alice");
});
