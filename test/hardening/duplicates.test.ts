// Guarantee 11 (docs/reliability.md): never a second paid registration of one line, whatever asks
// for one — a copy-pasted resource, two applies at once, a rename without `moved`,
// create_before_destroy, or a registration the registrar refused. Real terraform, the emulator,
// and after every step the emulator's registrations and call counts (/__emulator/calls).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reviewPlanMarkdown } from "../../src/review";
import { startStack, type Stack } from "../support";
import { REPO_ROOT } from "../support/install";
import { errorBlocks, RESOURCE } from "./helpers";

let stack: Stack;

// several terraform runs per test; on a loaded 2-core machine one run can take 20 s
jest.setTimeout(600_000);

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

function registration(name: string, sipUsername: string, proxy: string, extra = ""): string {
  return (
    `resource "${RESOURCE}" "${name}" {\n  sip_username = ${sipUsername}\n  proxy        = ` + `"${proxy}"\n${extra}}\n`
  );
}

const quoted = (s: string): string => JSON.stringify(s);

/** Terraform wraps diagnostics at 80 columns: compare with single spaces. */
const flat = (text: string): string => text.replace(/\s+/g, " ");

async function linesOn(
  prefix: string,
): Promise<Array<{ sip_registration_id: number; sip_username: string; proxy: string }>> {
  return (await stack.emulatorState()).registrations.filter((r) => r.sip_username.startsWith(prefix));
}

/** Calls by method since the last resetCalls(). */
async function counts(): Promise<Record<string, number>> {
  return (await stack.calls()).byMethod;
}

/** sip_registration_id of every registration in a working dir's state, by address. */
async function stateIds(dir: string): Promise<Map<string, number>> {
  const shown = await stack.state(dir);
  const out = new Map<string, number>();
  for (const r of shown.values?.root_module.resources ?? []) {
    if (r.type === RESOURCE) out.set(r.address, r.values.sip_registration_id as number);
  }
  return out;
}

function log(step: string, facts: Record<string, unknown>): void {
  console.log(`[hardening] duplicates: ${step} ${JSON.stringify(facts)}`);
}

describe("(1) the same line twice in one configuration", () => {
  it("is refused at plan time when both values are known — also spelt differently — before any API call", async () => {
    const dir = stack.workdir({
      "main.tf":
        registration("a", quoted("cp-1"), "sip.example.com") +
        registration("b", quoted("cp-1"), "SIP.Example.com:5060") +
        registration("c", quoted("cp-2"), "sip.example.com"),
    });
    await stack.resetCalls();
    const r = await stack.apply(dir);
    expect(r.code).toBe(1);
    const errors = errorBlocks(stack.text(r)).map(flat);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Duplicate SIP registration in the configuration/);
    expect(errors[0]).toMatch(/another resource that creates a new registration/);
    expect(errors[0]).toMatch(/host names are compared without case, and a missing port means 5060/);
    expect(errors[0]).toMatch(/with voximplant_sip_registration\.(a|b)/);
    expect(await counts()).toEqual({});
    expect(await linesOn("cp-")).toEqual([]);
  });

  it(
    "a copy of a resource that exists already is refused at plan time, naming the " + "registration it copies",
    async () => {
      const dir = stack.workdir({ "main.tf": registration("a", quoted("cp-3"), "sip.example.com") });
      stack.expectOk(await stack.apply(dir));
      const [existing] = await linesOn("cp-3");
      stack.writeFiles(dir, {
        "main.tf":
          registration("a", quoted("cp-3"), "sip.example.com") +
          registration("copy", quoted("cp-3"), "sip.example.com"),
      });
      await stack.resetCalls();
      const r = await stack.apply(dir);
      expect(r.code).toBe(1);
      const text = flat(stack.text(r));
      expect(text).toMatch(/Duplicate SIP registration in the configuration/);
      // the error is on whichever was planned second, and names the other
      const onCopy =
        `with voximplant_sip_registration.copy, .* the resource that manages registration ` +
        `${existing!.sip_registration_id}\\.`;
      const onExisting = "with voximplant_sip_registration.a, .* another resource that creates a new registration\\.";
      expect(text).toMatch(new RegExp(`${onCopy}|${onExisting}`));
      expect((await counts()).CreateSipRegistration).toBeUndefined();
      expect(await linesOn("cp-3")).toHaveLength(1);
    },
  );

  it("values known only during apply: refused before the second create", async () => {
    const dir = stack.workdir({
      "main.tf":
        'resource "terraform_data" "user" {\n  input = "late-1"\n}\n' +
        registration("a", "terraform_data.user.output", "sip.example.com") +
        registration("b", "terraform_data.user.output", "sip.example.com"),
    });
    const plan = await stack.plan(dir);
    expect(plan.code).toBe(0);
    await stack.resetCalls();
    const r = await stack.apply(dir);
    expect(r.code).toBe(1);
    expect(flat(stack.text(r))).toMatch(
      /Duplicate SIP registration in the configuration|SIP registration already exists/,
    );
    const c = await counts();
    log("unknown at plan", c);
    expect(c.CreateSipRegistration).toBe(1);
    const regs = await linesOn("late-1");
    expect(regs).toHaveLength(1);
    expect([...(await stateIds(dir)).values()]).toEqual([regs[0]!.sip_registration_id]);
  });

  it("two provider configurations of one account: review flags the line, apply leaves one registration", async () => {
    const aliases =
      'provider "voximplant" {}\nprovider "voximplant" {\n  alias = "second"\n}\n' +
      registration("a", quoted("alias-1"), "sip.example.com") +
      registration("b", quoted("alias-1"), "sip.example.com", "  provider     = voximplant.second\n");
    const dir = stack.workdir({ "main.tf": aliases });
    const markdown = reviewPlanMarkdown(await stack.planJson(dir));
    expect(markdown).toContain("### Duplicate lines");
    expect(markdown).toContain(
      "`alias-1@sip.example.com` is planned 2 times**: `voximplant_sip_registration.a`, " +
        "`voximplant_sip_registration.b`",
    );
    await stack.resetCalls();
    const r = await stack.apply(dir);
    expect(r.code).toBe(1);
    expect(flat(stack.text(r))).toMatch(
      /SIP registration already exists|SIP registration created concurrently by another apply/,
    );
    const regs = await linesOn("alias-1");
    expect(regs).toHaveLength(1);
    expect([...(await stateIds(dir)).values()]).toEqual([regs[0]!.sip_registration_id]);
    const c = await counts();
    log("two provider configurations", c);
    expect((c.CreateSipRegistration ?? 0) - (c.DeleteSipRegistration ?? 0)).toBe(1);
  });
});

describe("(2) two applies of the same lines at the same time", () => {
  const LINES = 6;
  const ROUNDS = 3;

  it(`leave exactly one registration per line, kept by exactly one state (${ROUNDS} rounds)`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const prefix = `race${round}-`;
      const hcl = Array.from({ length: LINES }, (_, i) =>
        registration(`r${i}`, quoted(`${prefix}${i}`), "sip.example.com"),
      ).join("");
      const [a, b] = [stack.workdir({ "main.tf": hcl }), stack.workdir({ "main.tf": hcl })];
      await stack.resetCalls();
      // a slow create widens the window in which both applies have checked and neither has created
      await stack.faults({ method: "CreateSipRegistration", fault: "latency", latency_ms: 300 });
      const [ra, rb] = await Promise.all([stack.apply(a!), stack.apply(b!)]);
      await stack.clearFaults();
      const regs = await linesOn(prefix);
      const [idsA, idsB] = [await stateIds(a!), await stateIds(b!)];
      const c = await counts();
      const lost = [ra, rb].map(
        (r) => (flat(stack.text(r)).match(/created concurrently by another apply/g) ?? []).length,
      );
      log(`round ${round}`, { exit: [ra.code, rb.code], states: [idsA.size, idsB.size], lost, calls: c });
      // exactly one registration per line
      expect(regs).toHaveLength(LINES);
      expect(new Set(regs.map((r) => r.sip_username)).size).toBe(LINES);
      // every registration in exactly one state, every state entry exists
      const held = [...idsA.values(), ...idsB.values()].sort((x, y) => x - y);
      expect(held).toEqual(regs.map((r) => r.sip_registration_id).sort((x, y) => x - y));
      // what was bought and not kept was deleted again
      expect((c.CreateSipRegistration ?? 0) - (c.DeleteSipRegistration ?? 0)).toBe(LINES);
      // a losing apply fails and says whom it lost to and how to import it
      for (const [r, ids] of [
        [ra, idsA],
        [rb, idsB],
      ] as const) {
        if (ids.size === LINES) {
          expect(r.code).toBe(0);
          continue;
        }
        expect(r.code).toBe(1);
        const text = flat(stack.text(r));
        expect(text).toMatch(/SIP registration created concurrently by another apply|SIP registration already exists/);
        expect(text).toMatch(/terraform import voximplant_sip_registration\.<name> \d+/);
      }
    }
  });
});

describe("(3) a rename without `moved`", () => {
  it(
    "count → for_each with a slow delete: one apply, no 'already exists', the old " + "registrations deleted first",
    async () => {
      const counted =
        'resource "voximplant_sip_registration" "line" {\n  count        = 3\n  sip_username = ' +
        '"ren-${count.index}"\n  proxy        = "sip.example.com"\n}\n';
      const keyed =
        'resource "voximplant_sip_registration" "line" {\n  for_each     = toset(["ren-0", "ren-1", "ren-2"])\n  ' +
        "sip_username = each.key\n" +
        '  proxy        = "sip.example.com"\n}\n';
      const dir = stack.workdir({ "main.tf": counted });
      stack.expectOk(await stack.apply(dir));
      const before = (await linesOn("ren-")).map((r) => r.sip_registration_id);
      stack.writeFiles(dir, { "main.tf": keyed });
      await stack.resetCalls();
      await stack.faults({ method: "DeleteSipRegistration", fault: "latency", latency_ms: 1500 });
      const r = await stack.apply(dir);
      await stack.clearFaults();
      const c = await counts();
      log("rename", { exit: r.code, calls: c });
      stack.expectOk(r, "the renaming apply");
      expect(flat(stack.text(r))).toMatch(/3 added, 0 changed, 3 destroyed/);
      const after = await linesOn("ren-");
      expect(after).toHaveLength(3);
      expect(after.some((reg) => before.includes(reg.sip_registration_id))).toBe(false);
      expect([...(await stateIds(dir)).values()].sort()).toEqual(after.map((reg) => reg.sip_registration_id).sort());
      expect(c.CreateSipRegistration).toBe(3);
      expect(c.DeleteSipRegistration).toBe(3);
    },
  );
});

describe("(4) create_before_destroy on a replacement that keeps the line", () => {
  it(
    "is explained at plan and by review, refused at apply before anything is bought; " +
      "without it the replacement works",
    async () => {
      const cbd = "  lifecycle {\n    create_before_destroy = true\n  }\n";
      const dir = stack.workdir({
        "main.tf": registration("cbd", quoted("cbd-1"), "sip.example.com", `  is_persistent = true\n${cbd}`),
      });
      stack.expectOk(await stack.apply(dir));
      const [old] = await linesOn("cbd-1");
      stack.writeFiles(dir, {
        "main.tf": registration("cbd", quoted("cbd-1"), "sip.example.com", `  is_persistent = false\n${cbd}`),
      });

      const markdown = reviewPlanMarkdown(await stack.planJson(dir));
      expect(markdown).toContain("⚠ will fail: `create_before_destroy` with the same `sip_username` and `proxy`");
      const plan = flat(stack.text(await stack.plan(dir)));
      expect(plan).toMatch(/Warning: Replacing a SIP registration buys a new one/);
      expect(plan).toMatch(/With lifecycle \{ create_before_destroy = true \} the apply fails/);

      await stack.resetCalls();
      const r = await stack.apply(dir);
      expect(r.code).toBe(1);
      const text = flat(stack.text(r));
      expect(text).toMatch(
        /create_before_destroy = true \}: that cannot work while\s+sip_username and proxy stay the same/,
      );
      expect(text).toMatch(/Remove create_before_destroy from this resource/);
      expect((await counts()).CreateSipRegistration).toBeUndefined();
      expect(await linesOn("cbd-1")).toEqual([
        expect.objectContaining({ sip_registration_id: old!.sip_registration_id, is_persistent: true }),
      ]);
      expect([...(await stateIds(dir)).values()]).toContain(old!.sip_registration_id);

      stack.writeFiles(dir, {
        "main.tf": registration("cbd", quoted("cbd-1"), "sip.example.com", "  is_persistent = false\n"),
      });
      await stack.resetCalls();
      stack.expectOk(await stack.apply(dir), "the replacement without create_before_destroy");
      const c = await counts();
      expect([c.DeleteSipRegistration, c.CreateSipRegistration]).toEqual([1, 1]);
      const now = await linesOn("cbd-1");
      expect(now).toHaveLength(1);
      expect(now[0]).toMatchObject({ is_persistent: false });
    },
  );
});

/** The "Waiting until the registrar accepted the registration" example of the resource docs. */
function documentedWaitExample(): string {
  const doc = readFileSync(join(REPO_ROOT, "docs/resources/sip_registration.md"), "utf8");
  const section = doc.slice(doc.indexOf("### Waiting until the registrar accepted the registration"));
  const m = /```terraform\n([\s\S]*?)```/.exec(section);
  if (m === null) throw new Error("the documented wait_for_registration example is missing");
  return m[1]!;
}

describe("(5) a registration the registrar refuses, with wait_for_registration", () => {
  it(
    "the documented example: the apply fails, nothing is tainted or bought again, and fixing the proxy updates it " +
      "in place",
    async () => {
      const example = documentedWaitExample();
      expect(example).toContain('proxy                 = "sip.carrier.example"');
      const variables =
        'variable "trunk_password" {\n  type      = string\n  sensitive = true\n  default   = "s3cret"\n}\n';
      const dir = stack.workdir({
        "main.tf": example.replace("sip.carrier.example", "fail.carrier.example"),
        "variables.tf": variables,
      });
      await stack.resetCalls();

      const first = await stack.apply(dir);
      expect(first.code).toBe(1);
      expect(flat(stack.text(first))).toMatch(/Warning: SIP registration refused by the registrar/);
      expect(flat(stack.text(first))).toMatch(/Resource postcondition failed/);
      const [reg] = await linesOn("trunk-01");
      expect(reg).toBeDefined();
      const shown = flat(stack.text(await stack.tf(["state", "show", `${RESOURCE}.trunk`], { cwd: dir })));
      expect(shown).not.toMatch(/tainted/);

      const again = await stack.apply(dir);
      expect(again.code).toBe(1);
      expect(flat(stack.text(again))).toMatch(/Error: SIP registration refused by the registrar/);
      expect(flat(stack.text(again))).not.toMatch(/must be replaced/);

      stack.writeFiles(dir, { "main.tf": example });
      stack.expectOk(await stack.apply(dir), "the apply with the corrected proxy");
      const c = await counts();
      log("refused", c);
      expect(c.CreateSipRegistration).toBe(1);
      expect(c.DeleteSipRegistration).toBeUndefined();
      expect(c.UpdateSipRegistration).toBe(1);
      expect(await linesOn("trunk-01")).toEqual([
        expect.objectContaining({ sip_registration_id: reg!.sip_registration_id, proxy: "sip.carrier.example" }),
      ]);
      expect(await stack.resource(dir, `${RESOURCE}.trunk`)).toMatchObject({
        successful: true,
        sip_registration_id: reg!.sip_registration_id,
      });
      expect((await stack.plan(dir, ["-detailed-exitcode"])).code).toBe(0);
    },
  );
});

describe("(6) near-duplicates", () => {
  it("an existing registration spelt with another host case and an explicit 5060 is the same line", async () => {
    const existing = await stack.client.createSipRegistration({ sip_username: "near-1", proxy: "sip.example.com" });
    const dir = stack.workdir({ "main.tf": registration("near", quoted("near-1"), "SIP.EXAMPLE.COM:5060") });
    await stack.resetCalls();
    const r = await stack.apply(dir);
    expect(r.code).toBe(1);
    const text = flat(stack.text(r));
    expect(text).toMatch(/SIP registration already exists/);
    expect(text).toContain(`sip_registration_id ${existing.sip_registration_id}) (written "sip.example.com" there`);
    expect((await counts()).CreateSipRegistration).toBeUndefined();
  });
});
