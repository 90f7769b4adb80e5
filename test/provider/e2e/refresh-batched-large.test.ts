// Batched refresh of an account larger than one listing page, under the real terraform: 2,500
// registrations cost ceil(2,500 / 1,000) + 1 API calls at most (three full-size pages, the last
// one short), every registration is refreshed and nothing shows as drift. The registrations are
// created through the API and adopted by `import` blocks, which keeps the setup quick; the bench
// (bench/refresh-floor.ts) measures the same thing at 1,000 and 5,000.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { startStack, type Stack } from "../../support";

const N = 2500;
const PAGE = 1000;

let stack: Stack;
let dir: string;

const CONFIG = `
provider "voximplant" {
  read_mode = "batched"
}

resource "voximplant_sip_registration" "r" {
  count        = ${N}
  sip_username = "large-\${count.index}"
  proxy        = "pbx.example.org"
}
`;

function importsFor(ids: readonly number[]): string {
  return `
locals {
  ids = [${ids.join(", ")}]
}

import {
  for_each = { for i, id in local.ids : i => { index = i, id = id } }
  to       = voximplant_sip_registration.r[each.value.index]
  id       = each.value.id
}
`;
}

async function createThroughApi(n: number): Promise<number[]> {
  const ids = new Array<number>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) {
      const r = await stack.client.createSipRegistration({ sip_username: `large-${i}`, proxy: "pbx.example.org" });
      ids[i] = r.sip_registration_id;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return ids;
}

beforeAll(async () => {
  stack = await startStack({ emulatorConfig: { maxPageSize: PAGE } });
  const ids = await createThroughApi(N);
  dir = stack.workdir({ "main.tf": CONFIG, "imports.tf": importsFor(ids) });
  const imported = stack.expectOk(await stack.apply(dir), "importing the registrations");
  expect(imported.stdout).toMatch(new RegExp(`${N} imported, 0 added, 0 changed, 0 destroyed`));
  rmSync(join(dir, "imports.tf"));
}, 300_000);

afterAll(() => stack.close());

it(`refreshes ${N} registrations with ceil(n / ${PAGE}) + 1 API calls at most`, async () => {
  await stack.resetCalls();
  const r = stack.expectOk(await stack.plan(dir, ["-refresh-only"]));
  expect(r.stdout).toMatch(/No changes/);
  expect((r.stdout.match(/Refreshing state\.\.\./g) ?? []).length).toBe(N);
  const calls = await stack.calls();
  // pages of 1,000, 1,000 and 500 rows: the short page ends the listing, no read goes direct
  expect(calls.byMethod.GetSipRegistrations).toBe(3);
  expect(calls.total).toBeLessThanOrEqual(Math.ceil(N / PAGE) + 1);
}, 300_000);
