// Guarantee 1 (docs/reliability.md): whatever the network does, the provider never loses track of a
// registration and never creates one twice.
//
// 100 registrations under the real terraform, through phases that each inject one kind of fault
// into the emulator while Terraform creates, updates, rebinds, replaces and deletes them. A phase
// may re-run `terraform apply` (faults still active) until it succeeds — what a user does when
// Terraform stops with an error. After each phase, with the faults cleared:
//   - no (sip_username, proxy) exists twice on the emulator            (no duplicate)
//   - every emulator registration is in the state                      (no orphan)
//   - every state instance exists on the emulator, with equal values   (no phantom, no drift)
//   - `terraform plan -detailed-exitcode` reports no changes
// Each phase prints one "[hardening]" line: the calls it made by method, the faults injected and
// how the provider answered (docs/reliability.md keeps the figures of a reference run).
import { startStack, type Stack } from "../support";
import type { FaultSpec } from "../../src/emulator/faults";
import { convergence, errorBlocks, formatSummary, summarizeCalls } from "./helpers";

const N = 100;
/** Apply runs allowed per phase (the first plus re-runs after Terraform stopped with an error). */
const MAX_RUNS = 6;

interface Shape {
  /** changes every auth_user (one UpdateSipRegistration per registration) */
  gen: number;
  /** changes the application of the even registrations (BindSipRegistration) */
  app: number;
  /** registrations [0, replaceBelow) flip is_persistent: delete + create of the same name */
  persistentFlipBelow: number;
  count: number;
  requestTimeout: string;
}

function mainTf(s: Shape): string {
  return `
resource "voximplant_sip_registration" "r" {
  count          = ${s.count}
  sip_username   = "fm-\${count.index}"
  proxy          = "sip\${count.index % 4}.example.com"
  auth_user      = "au-${s.gen}-\${count.index}"
  application_id = count.index % 2 == 0 ? ${s.app} : null
  rule_id        = count.index % 4 == 0 ? (${s.app} == 1 ? 1 : 3) : null
  is_persistent  = count.index < ${s.persistentFlipBelow} ? false : true
  password_wo         = "fm-secret-${s.gen}"
  password_wo_version = ${s.gen + 1}
}
`;
}

function providerTf(s: Shape): string {
  return `provider "voximplant" {\n  requests_per_second = 1000\n  request_timeout     = "${s.requestTimeout}"\n}\n`;
}

let stack: Stack;
let dir: string;
let shape: Shape = { gen: 0, app: 1, persistentFlipBelow: 0, count: N, requestTimeout: "30s" };
const report: string[] = [];

beforeAll(async () => {
  stack = await startStack({ seed: true });
  dir = stack.workdir({ "main.tf": mainTf(shape), "provider.tf": providerTf(shape) });
});

afterAll(async () => {
  // One block for the integrator's closing note.
  console.log(report.join("\n"));
  await stack.close();
});

interface PhaseResult {
  runs: number;
  errors: string[];
}

async function phase(title: string, next: Shape, faults: FaultSpec[]): Promise<PhaseResult> {
  shape = next;
  stack.writeFiles(dir, { "main.tf": mainTf(shape), "provider.tf": providerTf(shape) });
  await stack.resetCalls();
  await stack.faults(faults);
  const errors: string[] = [];
  let runs = 0;
  let ok = false;
  while (!ok && runs < MAX_RUNS) {
    runs += 1;
    const r = await stack.apply(dir, ["-parallelism=10"]);
    ok = r.code === 0;
    // Only the first line of each diagnostic: what the provider said, never whole outputs.
    for (const b of errorBlocks(`${r.stdout}\n${r.stderr}`)) errors.push(b.split("\n")[0] as string);
  }
  const log = await stack.callLog();
  await stack.clearFaults();
  const summary = summarizeCalls(log);
  const counts: Record<string, number> = {};
  for (const e of errors) counts[e] = (counts[e] ?? 0) + 1;
  report.push(formatSummary(title, summary, { applyRuns: runs, diagnostics: counts }));
  expect({ title, converged: ok }).toEqual({ title, converged: true });

  const c = await convergence(stack, dir);
  expect({
    title,
    duplicates: c.duplicates,
    orphans: c.orphans,
    phantoms: c.phantoms,
    mismatches: c.mismatches,
  }).toEqual({
    title,
    duplicates: [],
    orphans: [],
    phantoms: [],
    mismatches: [],
  });
  expect(c.managed).toBe(shape.count);
  expect(c.remote).toBe(shape.count);
  const plan = await stack.plan(dir, ["-detailed-exitcode"]);
  expect({ title, planExit: plan.code, out: plan.code === 0 ? "" : stack.text(plan).slice(0, 3000) }).toEqual({
    title,
    planExit: 0,
    out: "",
  });
  return { runs, errors };
}

describe("fault matrix: 100 registrations", () => {
  it("creates them under 20% HTTP 500 on every method", async () => {
    await phase("create, 20% HTTP 500 on *", shape, [{ method: "*", fault: "http_500", probability: 0.2 }]);
  });

  it("updates them through a 429 storm with Retry-After", async () => {
    await phase("update, 429 storm (40 in a row, then 10%) Retry-After 1s on *", { ...shape, gen: 1 }, [
      { method: "*", fault: "http_429", retry_after: 1, count: 40 },
      { method: "*", fault: "http_429", retry_after: 1, probability: 0.1 },
    ]);
  });

  it("rebinds half and replaces 20 under 20% connection resets", async () => {
    await phase("bind + replace 20, 20% connection reset on *", { ...shape, app: 2, persistentFlipBelow: 20 }, [
      { method: "*", fault: "reset", probability: 0.2 },
    ]);
  });

  it("updates and replaces 20 more under latency spikes that outlast the request timeout", async () => {
    // A create that times out commits on the server a second later: the provider must find it
    // (it keeps looking for a grace period) instead of creating a second one.
    await phase(
      "update + replace 20, latency spikes 3 s (10%) vs request_timeout 2s on *",
      { ...shape, gen: 2, persistentFlipBelow: 40, requestTimeout: "2s" },
      [{ method: "*", fault: "latency", latency_ms: 3000, probability: 0.1 }],
    );
  });

  it("replaces 20 while creates commit and then lose their response", async () => {
    await phase(
      "replace 20, drop_after_commit 50% on CreateSipRegistration",
      { ...shape, persistentFlipBelow: 60, requestTimeout: "30s" },
      [{ method: "CreateSipRegistration", fault: "drop_after_commit", probability: 0.5 }],
    );
  });

  it("updates them while updates commit and then lose their response", async () => {
    await phase("update, drop_after_commit 30% on UpdateSipRegistration", { ...shape, gen: 3 }, [
      { method: "UpdateSipRegistration", fault: "drop_after_commit", probability: 0.3 },
    ]);
  });

  it("rebinds them while binds commit and then lose their response", async () => {
    await phase("bind, drop_after_commit 30% on BindSipRegistration", { ...shape, app: 1 }, [
      { method: "BindSipRegistration", fault: "drop_after_commit", probability: 0.3 },
    ]);
  });

  it("deletes 40 while deletes commit and then lose their response", async () => {
    await phase("delete 40, drop_after_commit 50% on DeleteSipRegistration", { ...shape, count: 60 }, [
      { method: "DeleteSipRegistration", fault: "drop_after_commit", probability: 0.5 },
    ]);
  });

  it("destroys the rest under mixed faults and leaves nothing behind", async () => {
    await stack.resetCalls();
    await stack.faults([
      { method: "*", fault: "http_500", probability: 0.1 },
      { method: "*", fault: "reset", probability: 0.1 },
      { method: "DeleteSipRegistration", fault: "drop_after_commit", probability: 0.3 },
    ]);
    let runs = 0;
    let code = 1;
    while (code !== 0 && runs < MAX_RUNS) {
      runs += 1;
      code = (await stack.destroy(dir, ["-parallelism=10"])).code;
    }
    const log = await stack.callLog();
    await stack.clearFaults();
    report.push(
      formatSummary("destroy 60, 10% HTTP 500 + 10% reset on *, drop_after_commit 30% on Delete", summarizeCalls(log), {
        destroyRuns: runs,
      }),
    );
    expect(code).toBe(0);
    expect((await stack.emulatorState()).registrations).toEqual([]);
  });
});

describe("a create that outlasts the request timeout and commits later", () => {
  // Regression test for a bug this suite found: after an ambiguous CreateSipRegistration the
  // provider looked the registration up once, at once, and finding none created it again. When the
  // failure was a client timeout, the server was still executing the first request and committed it
  // after the lookup: two registrations, the state knowing only the second. The provider now keeps
  // looking for a grace period (twice the request timeout, at least 10 s) after a timeout.
  it("leaves exactly one registration, known to the state", async () => {
    const one = stack.workdir({
      "provider.tf": 'provider "voximplant" {\n  request_timeout = "1s"\n}\n',
      "main.tf":
        'resource "voximplant_sip_registration" "slow" {\n  sip_username = "slow-1"\n  proxy = "sip.example.com"\n}\n',
    });
    await stack.resetCalls();
    await stack.faults({ method: "CreateSipRegistration", fault: "latency", latency_ms: 4000, count: 1 });
    let r = await stack.apply(one);
    // let the delayed first request finish on the emulator before counting (a wait, not an assertion)
    await new Promise((res) => setTimeout(res, 4500));
    await stack.clearFaults();
    // Terraform may stop with an error; re-running apply is what a user does, and must converge.
    if (r.code !== 0) r = await stack.apply(one);
    const mine = (await stack.emulatorState()).registrations.filter((x) => x.sip_username === "slow-1");
    const log = summarizeCalls(await stack.callLog());
    report.push(
      formatSummary("single create, +4 s latency vs request_timeout 1s", log, {
        applyExit: r.code,
        registrations: mine.length,
      }),
    );
    expect(mine).toHaveLength(1);
    expect(r.code).toBe(0);
    const st = await stack.resource(one, "voximplant_sip_registration.slow");
    expect(st.sip_registration_id).toBe(mine[0]?.sip_registration_id);
    await stack.destroy(one);
  });
});
