// Guarantee 2 (docs/reliability.md): Ctrl-C in the middle of a large apply loses nothing.
//
// A real `terraform apply` of many registrations is slowed down by an emulator latency fault on
// CreateSipRegistration; once some creates are done, SIGINT goes to terraform's pid only (as a
// terminal's Ctrl-C would reach terraform; Terraform itself then sends StopProvider to the
// provider). Terraform must stop, saving state for everything created; the next apply must
// converge: every registration on the emulator in state, none twice, and a clean plan after.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startStack, type Stack } from "../support";
import { convergence, errorBlocks, formatSummary, summarizeCalls, type Convergence } from "./helpers";

const COUNT = 60;
const DONE_BEFORE_INTERRUPT = 12;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

function mainTf(prefix: string): string {
  return `
resource "voximplant_sip_registration" "r" {
  count          = ${COUNT}
  sip_username   = "${prefix}-\${count.index}"
  proxy          = "sip.example.com"
  application_id = count.index % 3 == 0 ? 1 : null
}
`;
}

async function waitUntil(what: string, predicate: () => boolean, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Interrupted {
  dir: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** first line of each distinct error diagnostic */
  errors: string[];
  after: Convergence;
  line: string;
}

/** Starts a slow apply, interrupts terraform after some creates, waits for it to exit. */
async function interruptedApply(prefix: string): Promise<Interrupted> {
  const dir = stack.workdir({
    "main.tf": mainTf(prefix),
    "provider.tf": 'provider "voximplant" {\n  requests_per_second = 1000\n}\n',
  });
  await stack.wipe();
  // every create takes 1.5 s on the server: with parallelism 10 the apply takes several waves
  await stack.faults({ method: "CreateSipRegistration", fault: "latency", latency_ms: 1500 });

  const child = spawn("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10"], {
    cwd: dir,
    env: { ...stack.env, TF_LOG_PROVIDER: "debug" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );

  await waitUntil(
    "the first creates to complete",
    () => (stdout.match(/Creation complete/g) ?? []).length >= DONE_BEFORE_INTERRUPT,
  );
  child.kill("SIGINT");
  const { code, signal } = await exited;

  // creates the server was still executing when Terraform stopped land now (1.5 s latency)
  await new Promise((r) => setTimeout(r, 2000));
  await stack.clearFaults();
  const after = await convergence(stack, dir);
  const errors = [...new Set(errorBlocks(stderr).map((b) => b.split("\n")[0] as string))];
  const line = formatSummary(
    `interrupted apply of ${COUNT} (SIGINT after >=${DONE_BEFORE_INTERRUPT} creates, 1.5 s create latency)`,
    summarizeCalls(await stack.callLog()),
    {
      exit: code,
      inState: after.managed,
      onEmulator: after.remote,
      orphans: after.orphans.length,
      diagnostics: errors,
    },
  );
  return { dir, code, signal, stdout, stderr, errors, after, line };
}

it(
  "SIGINT mid-apply: the provider honours StopProvider, Terraform stops and saves " + "state, nothing is duplicated",
  async () => {
    const run = await interruptedApply("int");
    console.log(run.line);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Interrupt received/);
    // Terraform asked the provider to stop (the provider logs it and aborts its in-flight waits)
    expect(run.stderr).toMatch(/Received StopProvider/);
    expect(existsSync(join(run.dir, "terraform.tfstate"))).toBe(true);
    // everything Terraform saw complete is in the saved state, and really exists
    expect(run.after.managed).toBeGreaterThanOrEqual(DONE_BEFORE_INTERRUPT);
    expect(run.after.managed).toBeLessThan(COUNT);
    expect(run.after.phantoms).toEqual([]);
    expect(run.after.mismatches).toEqual([]);
    expect(run.after.duplicates).toEqual([]);

    // the next apply never creates a second registration of any name
    await stack.resetCalls();
    const again = await stack.apply(run.dir, ["-parallelism=10"]);
    const c = await convergence(stack, run.dir);
    console.log(
      formatSummary("apply after the interrupt", summarizeCalls(await stack.callLog()), {
        exit: again.code,
        orphans: c.orphans.length,
      }),
    );
    expect(c.duplicates).toEqual([]);
    expect(c.phantoms).toEqual([]);
  },
);

// TODO(provider, src/provider/sip-registration/index.ts createReconciled): un-skip once fixed.
// Root cause: StopProvider aborts ctx.signal, which createReconciled passes both to the in-flight
// CreateSipRegistration and to the reconciliation lookup. The create request was already sent, so
// the server commits it anyway; the lookup, given the same aborted signal, fails at once; the
// provider reports "SIP registration may have been created" and returns no state, so Terraform
// records nothing. Measured: 8 of 24 creates in flight at the interrupt became orphans, and the
// next apply refuses each with "SIP registration already exists … import it" — the user has to
// import every one by hand. Suggested fix: once CreateSipRegistration has been sent, do not cancel
// it and reconcile with a signal of its own (bounded by a timeout), so the provider learns the id
// and returns the state (skip the wait/read-back when stopping): Terraform saves it even while
// interrupted.
it("SIGINT mid-apply: the next apply converges with nothing orphaned", async () => {
  const run = await interruptedApply("int2");
  console.log(run.line);
  expect(run.after.orphans).toEqual([]);
  await stack.resetCalls();
  const again = await stack.apply(run.dir, ["-parallelism=10"]);
  console.log(formatSummary("apply after the interrupt", summarizeCalls(await stack.callLog()), { exit: again.code }));
  stack.expectOk(again, "the apply after the interrupt");
  const c = await convergence(stack, run.dir);
  expect({ duplicates: c.duplicates, orphans: c.orphans, phantoms: c.phantoms, mismatches: c.mismatches }).toEqual({
    duplicates: [],
    orphans: [],
    phantoms: [],
    mismatches: [],
  });
  expect(c.managed).toBe(COUNT);
  expect(c.remote).toBe(COUNT);
  const plan = await stack.plan(run.dir, ["-detailed-exitcode"]);
  expect(plan.code).toBe(0);
});
