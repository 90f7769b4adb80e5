// Batched refresh under the real terraform (issue #6), at a size that keeps npm test quick: the
// whole refresh served by one listing, the per_resource mode as the reference, and freshness —
// an out-of-band change or deletion shows in the very next refresh, and a registration created
// out of band after the state was written is not confused with anything the listing holds.
// The large runs (500 / 1,000 registrations) live in `npm run bench`.
import { startStack, type Stack } from "../../support";

const N = 30;

let stack: Stack;
let dir: string;

const CONFIG = `
variable "read_mode" {
  type = string
}

provider "voximplant" {
  read_mode           = var.read_mode
  requests_per_second = 1000
}

resource "voximplant_sip_registration" "r" {
  count        = ${N}
  sip_username = "refresh-\${count.index}"
  proxy        = "pbx.example.org"
}
`;

const BATCHED = ["-var=read_mode=batched"];
const PER_RESOURCE = ["-var=read_mode=per_resource"];

function refreshOnly(mode: readonly string[]): Promise<Awaited<ReturnType<Stack["plan"]>>> {
  return stack.plan(dir, ["-refresh-only", ...mode]);
}

async function idOf(index: number): Promise<number> {
  const values = await stack.resource(dir, `voximplant_sip_registration.r[${index}]`);
  return values.sip_registration_id as number;
}

beforeAll(async () => {
  // a page size below N makes the listing span several pages, as a large account's would
  stack = await startStack({ emulatorConfig: { maxPageSize: 12 } });
  dir = stack.workdir({ "main.tf": CONFIG });
  stack.expectOk(await stack.apply(dir, BATCHED), "creating the registrations");
});

afterAll(() => stack.close());

describe("refresh with read_mode = batched", () => {
  it("reads every registration through one paged listing", async () => {
    await stack.resetCalls();
    const r = stack.expectOk(await refreshOnly(BATCHED));
    expect(r.stdout).toMatch(/No changes/);
    expect((r.stdout.match(/Refreshing state\.\.\./g) ?? []).length).toBe(N);
    const calls = await stack.calls();
    // 30 rows at 12 per page: 12 + 12 + 6 (the short page ends the listing)
    expect(calls.byMethod.GetSipRegistrations).toBe(3);
    expect(calls.total).toBeLessThanOrEqual(3 + 3);
  });

  it("costs one call per registration with read_mode = per_resource", async () => {
    await stack.resetCalls();
    const r = stack.expectOk(await refreshOnly(PER_RESOURCE));
    expect(r.stdout).toMatch(/No changes/);
    expect((await stack.calls()).byMethod.GetSipRegistrations).toBe(N);
  });

  it("shows an out-of-band change in the next refresh, in both modes alike", async () => {
    const id = await idOf(4);
    // the registrar now refuses the registration: a change nobody made through terraform
    const res = await fetch(`${stack.emulator.adminUrl}/registrar`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sip_registration_id: id, status_code: 403, error_message: "Forbidden" }),
    });
    expect(res.status).toBe(200);
    for (const mode of [BATCHED, PER_RESOURCE]) {
      const r = stack.expectOk(await refreshOnly(mode));
      expect(r.stdout).toMatch(/changed outside of Terraform/);
      expect(r.stdout).toMatch(/voximplant_sip_registration\.r\[4\] has changed/);
      expect(r.stdout).toMatch(/~ status_code\s+= 200 -> 403/);
    }
    // accept the change into the state; the following refresh is clean again
    stack.expectOk(await stack.apply(dir, ["-refresh-only", ...BATCHED]));
    expect(await stack.resource(dir, "voximplant_sip_registration.r[4]")).toMatchObject({
      status_code: 403,
      successful: false,
    });
    expect(stack.expectOk(await refreshOnly(BATCHED)).stdout).toMatch(/No changes/);
  });

  it("reports an out-of-band deletion as deleted", async () => {
    const id = await idOf(7);
    await stack.client.deleteSipRegistration({ sip_registration_id: id });
    await stack.resetCalls();
    const r = stack.expectOk(await refreshOnly(BATCHED));
    expect(r.stdout).toMatch(/voximplant_sip_registration\.r\[7\] has been deleted/);
    // the id missing from the listing was confirmed by one direct read, not assumed gone
    const log = await stack.callLog();
    const byId = log.filter((e) => e.method === "GetSipRegistrations" && e.params.sip_registration_id === String(id));
    expect(byId).toHaveLength(1);
  });

  it("re-creates the deleted registration and refreshes cleanly afterwards", async () => {
    const r = stack.expectOk(await stack.apply(dir, BATCHED));
    expect(r.stdout).toMatch(/1 added, 0 changed, 0 destroyed/);
    await stack.resetCalls();
    expect(stack.expectOk(await refreshOnly(BATCHED)).stdout).toMatch(/No changes/);
    expect((await stack.calls()).byMethod.GetSipRegistrations).toBe(3);
  });
});
