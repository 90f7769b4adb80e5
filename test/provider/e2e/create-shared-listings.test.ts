// An apply that creates many registrations shares the listings of its duplicate checks
// (docs/design/duplicates.md): the API calls it makes, and that sharing loses none of the
// guarantees — a registration of the same line created out of band while the apply runs is still
// caught (exactly one remains), and creates whose responses are lost are still adopted, never
// bought twice. Real terraform against the emulator.
import { startStack, type Stack } from "../../support";

let stack: Stack;

// a few terraform runs of dozens of resources; a loaded 2-core machine is slow
jest.setTimeout(300_000);

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

const PROXY = "sip.example.com";

function linesHcl(prefix: string, n: number): string {
  return (
    `resource "voximplant_sip_registration" "r" {\n  count        = ${n}\n` +
    `  sip_username = "${prefix}\${count.index}"\n  proxy        = "${PROXY}"\n}\n`
  );
}

async function registrationsOn(prefix: string): Promise<Array<{ sip_registration_id: number; sip_username: string }>> {
  return (await stack.emulatorState()).registrations.filter((r) => r.sip_username.startsWith(prefix));
}

async function stateIds(dir: string): Promise<number[]> {
  const shown = await stack.state(dir);
  return (shown.values?.root_module.resources ?? [])
    .filter((r) => r.type === "voximplant_sip_registration")
    .map((r) => r.values.sip_registration_id as number)
    .sort((a, b) => a - b);
}

const flat = (text: string): string => text.replace(/\s+/g, " ");

describe("creating many registrations", () => {
  it("costs one CreateSipRegistration each plus shared listings, and no read-back calls", async () => {
    const N = 40;
    const dir = stack.workdir({ "main.tf": linesHcl("calls-", N) });
    await stack.resetCalls();
    stack.expectOk(await stack.apply(dir));
    const c = (await stack.calls()).byMethod;
    console.log(`[create-calls] ${N} creates: ${JSON.stringify(c)}`);
    expect(c.CreateSipRegistration).toBe(N);
    // Before: 5 calls per create (a check, the create, a settle listing of two pages, a read by
    // id). Shared listings answer the checks of every create that asks while one is in flight.
    expect(c.GetSipRegistrations).toBeLessThanOrEqual(N);
    expect(Object.keys(c).sort()).toEqual(["CreateSipRegistration", "GetSipRegistrations"]);
    const regs = await registrationsOn("calls-");
    expect(regs).toHaveLength(N);
    expect(await stateIds(dir)).toEqual(regs.map((r) => r.sip_registration_id).sort((a, b) => a - b));
    // what the shared listing recorded is what the API reports: nothing to change
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
  });

  it("a registration of the same line created out of band during the walk is caught: exactly one remains", async () => {
    const N = 10;
    const prefix = "oob-";
    const contested = `${prefix}3`;
    const dir = stack.workdir({ "main.tf": linesHcl(prefix, N) });
    await stack.resetCalls();
    // The apply's creates are held 3 s by the emulator after they arrived and before they run: once
    // the create of the contested line has arrived, the apply has checked that line and found it
    // free. Then the hold ends for later calls and another tool creates the same line, first.
    await stack.faults({ method: "CreateSipRegistration", fault: "latency", latency_ms: 3000 });
    const applying = stack.apply(dir);
    for (let i = 0; ; i++) {
      const log = await stack.callLog();
      const sent = (e: (typeof log)[number]): boolean =>
        e.method === "CreateSipRegistration" && e.params.sip_username === contested;
      if (log.some(sent)) break;
      if (i > 600) throw new Error("the apply never sent the contested create");
      await new Promise((r) => setTimeout(r, 20));
    }
    await stack.clearFaults();
    const outOfBand = await stack.client.createSipRegistration({ sip_username: contested, proxy: PROXY });
    const r = await applying;

    expect(r.code).toBe(1);
    const text = flat(stack.text(r));
    expect(text).toMatch(/SIP registration created concurrently by another apply/);
    expect(text).toContain(`registration ${outOfBand.sip_registration_id} of the same line appeared`);
    expect(text).toMatch(/with voximplant_sip_registration\.r\[3\]/);
    const regs = await registrationsOn(prefix);
    expect(regs).toHaveLength(N);
    expect(regs.filter((x) => x.sip_username === contested).map((x) => x.sip_registration_id)).toEqual([
      outOfBand.sip_registration_id,
    ]);
    // the other nine are in the state; the contested line is not (it was bought and deleted again)
    const held = await stateIds(dir);
    expect(held).toHaveLength(N - 1);
    expect(held).not.toContain(outOfBand.sip_registration_id);
    const c = (await stack.calls()).byMethod;
    expect((c.CreateSipRegistration ?? 0) - (c.DeleteSipRegistration ?? 0)).toBe(N);
  });

  it("creates whose responses are lost after commit are adopted: one per line, none bought twice", async () => {
    const N = 12;
    const dir = stack.workdir({ "main.tf": linesHcl("lost-", N) });
    await stack.resetCalls();
    await stack.faults({ method: "CreateSipRegistration", fault: "drop_after_commit", count: 4 });
    stack.expectOk(await stack.apply(dir));
    const log = await stack.callLog();
    const creates = log.filter((e) => e.method === "CreateSipRegistration");
    expect(creates).toHaveLength(N);
    expect(creates.filter((e) => e.fault === "drop_after_commit")).toHaveLength(4);
    const regs = await registrationsOn("lost-");
    expect(regs).toHaveLength(N);
    expect(new Set(regs.map((x) => x.sip_username)).size).toBe(N);
    expect(await stateIds(dir)).toEqual(regs.map((x) => x.sip_registration_id).sort((a, b) => a - b));
    expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
  });
});
