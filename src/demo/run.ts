// `npm start`: the example stack (the whole setup: application, scenario, rule, user and two SIP
// registrations bound to them) deployed for real with cdktf and terraform, then drift detection.
//
//   1. Voximplant API: the embedded emulator, starting empty (state in the work directory, so a
//      re-run continues where the last one stopped) or, when asked and confirmed, a real account
//   2. provider: installed from this build into a local filesystem mirror
//   3. cdktf deploy --auto-approve --skip-provider-lock (examples/, the root cdktf.json)
//   4. outputs (terraform output -json)
//   5. an out-of-band change through the API client (what a colleague in the control panel does)
//   6. terraform plan -refresh-only -detailed-exitcode, and the plan review of that drift
//
// Every step says what it does; long ones print a heartbeat. Ctrl-C stops the running child
// process group and the emulator.

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { loadCredentialsFile, VoximplantClient } from "../api";
import { startEmulator, type RunningEmulator } from "../emulator";
import { defaultHints, hasChangesOrDrift, renderMarkdown, reviewPlan } from "../review";
import { CONFIRM_ENV_VAR, type DemoOptions } from "./options";
import { cdktfCliPath, providerBundlePath, terraformBinary } from "./paths";
import { DemoInterrupted, delay, ProcessRunner, type RunResult } from "./processes";

export interface DemoContext {
  root: string;
  options: DemoOptions;
  env: NodeJS.ProcessEnv;
  write: (text: string) => void;
  runner: ProcessRunner;
  /** Seconds to wait before touching a real account (Ctrl-C to abort). */
  realAccountGraceSeconds?: number;
}

/** A failed step: the message says what failed and what to do. */
export class DemoError extends Error {
  override name = "DemoError";
}

interface Target {
  kind: "emulator" | "real";
  credentialsPath: string;
  apiUrl?: string;
  /** Directory with everything of this target: state, mirror, cdktf.out. */
  dir: string;
  emulator?: RunningEmulator;
  accountId: number;
}

const DRIFT_PLAN = "drift.tfplan";
/** The write-only secrets the stack needs on a real account, and what each one is. */
const SECRET_VARIABLES: ReadonlyArray<[string, string]> = [
  ["TF_VAR_sip_password", "the office line needs the SIP password of your registrar account"],
  ["TF_VAR_user_password", "the user the stack creates needs a password"],
];
/** The stack name of examples/stack.ts (test/demo checks they agree; importing it would pull cdktf into the demo). */
export const STACK_NAME = "voximplant-sip";

export async function runDemo(ctx: DemoContext): Promise<number> {
  const started = Date.now();
  const timings: [string, number][] = [];
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      timings.push([label, Date.now() - t0]);
    }
  };
  const { options, write } = ctx;
  const say = (text = ""): void => write(`${text}\n`);
  const total = options.destroy ? 3 : 6;
  let n = 0;
  const step = (title: string): void => say(`\n[${++n}/${total}] ${title}`);

  let target: Target | undefined;
  try {
    if (options.reset && existsSync(options.workDir)) {
      rmSync(options.workDir, { recursive: true, force: true });
    }
    mkdirSync(options.workDir, { recursive: true });

    target = await timed("API", () => openTarget(ctx, say));
    if (target === undefined) return 1;
    step(
      target.kind === "emulator"
        ? "Voximplant API: the embedded emulator is running (see above)"
        : "Voximplant API: the real account (see above)",
    );

    step("Installing the provider into a local filesystem mirror");
    const cliConfig = await timed("install", () => installProvider(ctx, target as Target, say));
    const env = toolEnv(ctx, target, cliConfig);
    const stackDir = path.join(target.dir, "cdktf.out", "stacks", STACK_NAME);

    if (options.destroy) {
      step(`cdktf destroy ${STACK_NAME} (examples/, the root cdktf.json)`);
      await timed("cdktf destroy", () =>
        cdktf(ctx, ["destroy", STACK_NAME, "--auto-approve"], target as Target, env, say),
      );
      say("  Destroyed. Run `npm start` to deploy again.");
    } else {
      step(`cdktf deploy ${STACK_NAME} (examples/, the root cdktf.json) with the real terraform binary`);
      await timed("cdktf deploy", () =>
        cdktf(ctx, ["deploy", STACK_NAME, "--auto-approve"], target as Target, env, say),
      );

      step("Stack outputs (terraform output -json)");
      const outputs = await timed("outputs", () => readOutputs(ctx, stackDir, env));
      for (const [name, value] of Object.entries(outputs)) say(`  ${name.padEnd(24)} = ${JSON.stringify(value)}`);

      step(
        "Changing one registration outside Terraform (through the API client, like a colleague in the control panel)",
      );
      const change = await timed("out-of-band change", () => changeOutOfBand(target as Target, outputs, say));

      step("Drift detection: terraform plan -refresh-only -detailed-exitcode");
      await timed("drift check", () => detectDrift(ctx, stackDir, env, change, say));
    }

    const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
    say(`\nDone in ${seconds(Date.now() - started)} (${timings.map(([l, ms]) => `${l} ${seconds(ms)}`).join(", ")}).`);
    say(
      `Work directory: ${options.workDir} — run \`npm start\` again to continue from this state, \`npm start -- ` +
        `--reset\` to start over.`,
    );
    if (options.keepRunning && target.emulator) {
      say(`The emulator keeps running at ${target.emulator.url}; press Ctrl-C to stop.`);
      await ctx.runner.whenCancelled();
    }
    return 0;
  } finally {
    await target?.emulator?.close();
  }
}

// ---- 1. the API ------------------------------------------------------------------------------

async function openTarget(ctx: DemoContext, say: (t?: string) => void): Promise<Target | undefined> {
  const { options } = ctx;
  if (options.target.kind === "emulator") {
    const dir = path.join(options.workDir, "emulator");
    mkdirSync(dir, { recursive: true });
    // Not seeded: the stack creates every object it binds the registrations to.
    const emulator = await startEmulator({
      statePath: path.join(dir, "emulator-state.json"),
      credentialsOut: path.join(dir, "credentials.json"),
      port: 0,
    });
    ctx.write(
      [
        "Voximplant setup demo: the example CDKTF stack deployed with cdktf and terraform, against an",
        "embedded Voximplant Management API emulator (nothing leaves this machine).",
        "",
        "The stack creates an application, a scenario, a rule routing extension numbers to it, a user,",
        "and two SIP registrations bound to them. While the demo runs you can use the emulator from",
        "another terminal:",
        `  export VOXIMPLANT_CREDENTIALS=${emulator.credentialsPath}`,
        `  export VOXIMPLANT_API_URL=${emulator.url}`,
        `  curl ${emulator.adminUrl}/state     # what Terraform created (passwords never shown)`,
        `Work directory: ${options.workDir}. Press Ctrl-C to stop at any time.`,
        "",
      ].join("\n"),
    );
    return {
      kind: "emulator",
      credentialsPath: emulator.credentialsPath,
      apiUrl: emulator.url,
      dir,
      emulator,
      accountId: emulator.accountId,
    };
  }

  const real = options.target;
  let accountId: number;
  try {
    accountId = loadCredentialsFile(real.credentialsPath).account_id;
  } catch (e) {
    throw new DemoError(`VOXIMPLANT_CREDENTIALS: ${e instanceof Error ? e.message : String(e)}`);
  }
  const where = real.apiUrl ?? "the Voximplant API";
  say("Voximplant setup demo against a REAL Voximplant account.");
  say("");
  say(`  !! VOXIMPLANT_CREDENTIALS is set: this deploys to account ${accountId} through ${where}.`);
  say("  !! It creates an application, a scenario, a rule, a user and 2 SIP registrations; each");
  say("  !! registration reserves a monthly subscription fee from the account balance. It then unbinds");
  say("  !! one of them from its user to show drift detection.");
  say("  !! `npm start -- --destroy` removes them again. `npm start -- --emulator` uses the emulator.");
  if (!real.confirmed) {
    say("");
    say(`Nothing was done. To go ahead, set ${CONFIRM_ENV_VAR}=yes (and TF_VAR_sip_password, the SIP password,`);
    say("and TF_VAR_user_password, the new user's password; optionally TF_VAR_application_name,");
    say("TF_VAR_user_name, TF_VAR_sip_proxy, TF_VAR_office_sip_username, TF_VAR_agent_sip_username).");
    say("See docs/cdktf.md.");
    return undefined;
  }
  if (!ctx.options.destroy) {
    for (const [variable, why] of SECRET_VARIABLES) {
      if (!(ctx.env[variable] ?? "")) {
        throw new DemoError(`${variable} is not set: ${why} (it is sent write-only and never stored).`);
      }
    }
  }
  const grace = ctx.realAccountGraceSeconds ?? 10;
  say("");
  for (let s = grace; s > 0; s--) {
    ctx.write(`\r  Starting in ${s}s — press Ctrl-C to abort. `);
    await Promise.race([delay(1000), ctx.runner.whenCancelled()]);
    if (ctx.runner.isCancelled) throw new DemoInterrupted();
  }
  if (grace > 0) ctx.write("\n");
  const dir = path.join(options.workDir, `account-${accountId}`);
  mkdirSync(dir, { recursive: true });
  const target: Target = { kind: "real", credentialsPath: real.credentialsPath, dir, accountId };
  if (real.apiUrl !== undefined) target.apiUrl = real.apiUrl;
  return target;
}

// ---- 2. the provider ---------------------------------------------------------------------------

async function installProvider(ctx: DemoContext, target: Target, say: (t?: string) => void): Promise<string> {
  const bundle = providerBundlePath(ctx.root);
  if (!existsSync(bundle)) {
    throw new DemoError(
      `${path.relative(ctx.root, bundle)} is missing: run \`npm run build\` (npm install does it) first.`,
    );
  }
  const dir = path.join(target.dir, "provider");
  say(`  $ terraform-provider-voximplant install --dir ${shownPath(ctx.root, dir)}`);
  const r = await ctx.runner.run(process.execPath, [bundle, "install", "--dir", dir], {
    cwd: ctx.root,
    env: ctx.env,
    onLine: (line) => say(`    ${line}`),
  });
  if (r.code !== 0) throw new DemoError(`installing the provider failed (exit ${r.code}): ${r.stderr.trim()}`);
  const match = /^export TF_CLI_CONFIG_FILE=(.+)$/m.exec(r.stdout);
  if (!match) throw new DemoError("the install command printed no `export TF_CLI_CONFIG_FILE=...` line");
  return unquoteShell(match[1].trim());
}

/** A path relative to the repository when it is inside it, else absolute. */
function shownPath(root: string, p: string): string {
  const rel = path.relative(root, p);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

/** Undoes the POSIX single quoting the install command applies to unusual paths. */
function unquoteShell(word: string): string {
  if (!word.startsWith("'")) return word;
  return word.slice(1, -1).replace(/'\\''/g, "'");
}

/** Environment for cdktf and terraform: non-interactive, no telemetry, everything in the work dir. */
function toolEnv(ctx: DemoContext, target: Target, cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    CI: "1",
    CHECKPOINT_DISABLE: "1",
    DISABLE_VERSION_CHECK: "1",
    FORCE_COLOR: "0",
    NO_COLOR: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    CDKTF_HOME: path.join(target.dir, "cdktf-home"),
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    TF_CLI_CONFIG_FILE: cliConfig,
    VOXIMPLANT_CREDENTIALS: target.credentialsPath,
    VOXIMPLANT_EXAMPLE_STATE_FILE: path.join(target.dir, "terraform.tfstate"),
  };
  if (target.apiUrl !== undefined) env.VOXIMPLANT_API_URL = target.apiUrl;
  else delete env.VOXIMPLANT_API_URL;
  if (target.kind === "emulator") {
    // Fresh passwords each run: the emulator does not care, and no password is ever written
    // into code or files. (Write-only values are not compared, so this causes no diff.) The
    // user's password must pass the API's strength rule whatever the random part is.
    env.TF_VAR_sip_password = `demo-${randomBytes(12).toString("base64url")}`;
    env.TF_VAR_user_password = `Demo-${randomBytes(12).toString("base64url")}-1a`;
  }
  return env;
}

// ---- 3. cdktf ----------------------------------------------------------------------------------

async function cdktf(
  ctx: DemoContext,
  args: string[],
  target: Target,
  env: NodeJS.ProcessEnv,
  say: (t?: string) => void,
): Promise<void> {
  const outDir = path.join(target.dir, "cdktf.out");
  // The lock file pins the checksum of the provider build installed last time; after a rebuild
  // (git pull, npm run build) terraform init would refuse the new one. The provider always comes
  // from this checkout, so the pin protects nothing here: let init record the current build.
  rmSync(path.join(outDir, "stacks", STACK_NAME, ".terraform.lock.hcl"), { force: true });
  const full = [...args, "--skip-provider-lock", "--no-color", "--output", outDir];
  say(`  $ cdktf ${full.map((a) => (a === outDir ? shownPath(ctx.root, a) : a)).join(" ")}`);
  let blank = false;
  let finished = false;
  let summary = false;
  const r = await ctx.runner.run(process.execPath, [cdktfCliPath(), ...full], {
    cwd: ctx.root,
    env,
    onLine: (raw) => {
      // cdktf's closing summary (a line with just the stack name after Terraform finished)
      // repeats the outputs, booleans coming out empty; step 4 prints them properly.
      if (/(Apply|Destroy) complete!/.test(raw)) finished = true;
      if (finished && raw.trim() === STACK_NAME) summary = true;
      if (summary) return;
      // In CI mode cdktf prefixes each line with the stack name and indents continuation lines
      // by as much; the demo has one stack, so both go.
      const line = raw.replace(new RegExp(`^(${STACK_NAME}| {${STACK_NAME.length}})  `), "").trimEnd();
      if (line.trim() === "") {
        if (!blank) say("");
        blank = true;
        return;
      }
      blank = false;
      say(`    ${line}`);
    },
    onHeartbeat: (s) => say(`    … still running (${s}s)`),
  });
  if (r.code !== 0) {
    throw new DemoError(`cdktf ${args[0]} failed (exit ${r.code}); its output is above.`);
  }
}

// ---- 4. outputs --------------------------------------------------------------------------------

async function terraform(
  ctx: DemoContext,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  onLine?: (l: string) => void,
): Promise<RunResult> {
  try {
    return await ctx.runner.run(terraformBinary(env), args, {
      cwd,
      env,
      ...(onLine ? { onLine } : {}),
      onHeartbeat: (s) => onLine?.(`… still running (${s}s)`),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      throw new DemoError(`${terraformBinary(env)} is not on PATH: install Terraform 1.11 or later.`);
    throw e;
  }
}

async function readOutputs(
  ctx: DemoContext,
  stackDir: string,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, unknown>> {
  const r = await terraform(ctx, ["output", "-json", "-no-color"], stackDir, env);
  if (r.code !== 0) throw new DemoError(`terraform output failed (exit ${r.code}): ${r.stderr.trim()}`);
  const parsed = JSON.parse(r.stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
}

// ---- 5. out-of-band change ---------------------------------------------------------------------

interface OutOfBandChange {
  description: string;
  /** How to accept the change in the stack instead of reverting it. */
  keepIt: string;
}

async function changeOutOfBand(
  target: Target,
  outputs: Record<string, unknown>,
  say: (t?: string) => void,
): Promise<OutOfBandChange> {
  const agentId = outputs.agent_registration_id;
  if (typeof agentId !== "number") throw new DemoError("the stack has no agent_registration_id output");
  const client = new VoximplantClient({
    credentialsPath: target.credentialsPath,
    ...(target.apiUrl !== undefined ? { apiUrl: target.apiUrl } : {}),
  });
  try {
    const [reg] = (await client.getSipRegistrations({ sip_registration_id: agentId })).result;
    if (!reg) throw new DemoError(`registration ${agentId} does not exist any more`);
    if (reg.user_id !== undefined) {
      say(`  BindSipRegistration(sip_registration_id=${agentId}, user_id=${reg.user_id}, bind=false)`);
      await client.bindSipRegistration({ sip_registration_id: agentId, user_id: reg.user_id, bind: false });
      const description =
        `the agent line (registration ${agentId}) was unbound from user ` + `${reg.user_name ?? reg.user_id}`;
      say(`  Done: ${description}. Terraform does not know yet.`);
      return { description, keepIt: "drop userId from the agent line in examples/stack.ts" };
    }
    // Already unbound (someone else got there first): change something else instead.
    const authUser = `changed-outside-terraform-${Date.now() % 100000}`;
    say(`  UpdateSipRegistration(sip_registration_id=${agentId}, auth_user=${authUser})`);
    await client.updateSipRegistration({ sip_registration_id: agentId, auth_user: authUser });
    const description = `the agent line (registration ${agentId}) got auth_user ${authUser}`;
    say(`  Done: ${description}. Terraform does not know yet.`);
    return { description, keepIt: `set authUser: "${authUser}" on the agent line in examples/stack.ts` };
  } finally {
    await client.close();
  }
}

// ---- 6. drift ----------------------------------------------------------------------------------

async function detectDrift(
  ctx: DemoContext,
  stackDir: string,
  env: NodeJS.ProcessEnv,
  change: OutOfBandChange,
  say: (t?: string) => void,
): Promise<void> {
  say(`  $ cd ${shownPath(ctx.root, stackDir)} && terraform plan -refresh-only -detailed-exitcode -out=${DRIFT_PLAN}`);
  const plan = await terraform(
    ctx,
    ["plan", "-refresh-only", "-detailed-exitcode", "-input=false", "-no-color", `-out=${DRIFT_PLAN}`],
    stackDir,
    env,
    (line) => say(`    ${line}`),
  );
  if (plan.code === 1 || plan.code === null)
    throw new DemoError("terraform plan -refresh-only failed; its output is above.");
  if (plan.code === 0) {
    say("  Exit code 0: no drift found (unexpected right after an out-of-band change).");
    return;
  }
  const show = await terraform(ctx, ["show", "-json", DRIFT_PLAN], stackDir, env);
  if (show.code !== 0) throw new DemoError(`terraform show -json ${DRIFT_PLAN} failed: ${show.stderr.trim()}`);
  // Exit code 2 alone is not proof: Terraform < 1.12 also returns it when only the order of the
  // state's sensitive_attributes changed (docs/gitops.md). The plan's content decides, as in CI.
  const review = reviewPlan(show.stdout, defaultHints());
  if (!hasChangesOrDrift(review)) {
    say("  Exit code 2, but the plan shows no changed attribute: no real drift.");
    return;
  }
  say(`  Exit code 2: drift detected — ${change.description}.`);
  say("\n  The same plan through `terraform-provider-voximplant review` (what CI posts on a pull request):\n");
  for (const line of renderMarkdown(review).trimEnd().split("\n")) say(`    ${line}`);
  say("");
  say("  How to fix it:");
  say("    - put it back as configured: `npm start` again (it deploys first), or in a project of your own");
  say("      `cdktf deploy` / `terraform apply`;");
  say(`    - or keep the change: edit the stack to match (here: ${change.keepIt}),`);
  say("      then record the new state with `terraform apply -refresh-only`.");
  say("  CI runs this check nightly: examples/gitops/ (docs/gitops.md).");
}
