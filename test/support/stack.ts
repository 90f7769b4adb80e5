// The shared end-to-end harness: an in-process emulator, the provider installed once per jest
// file into a local filesystem mirror, and the real `terraform` pointed at both.
//
// Usage (one stack per test file; several are fine, they share the installation):
//
//   import { startStack, type Stack } from "../../support";
//
//   let stack: Stack;
//   beforeAll(async () => { stack = await startStack({ seed: true, emulatorConfig: { maxPageSize: 2 } }); });
//   afterAll(() => stack.close());
//
//   it("reads an application", async () => {
//     const dir = stack.workdir({ "main.tf": `data "voximplant_application" "a" { name = "demo-app" }` });
//     stack.expectOk(await stack.apply(dir));              // apply -auto-approve -input=false
//     const st = await stack.state(dir);                    // parsed `terraform show -json`
//     await stack.resetCalls();
//     const r = await stack.plan(dir);                      // { code, stdout, stderr }, never throws
//     expect((await stack.calls()).byMethod).toEqual({ GetApplications: 1 });
//   });
//
// workdir() writes `versions.tf` (required_providers for voximplant.local/voximplant/voximplant)
// and an empty `provider "voximplant" {}` block unless the files declare their own, then copies
// a pre-initialised `.terraform` + `.terraform.lock.hcl` into it, so no test pays for `terraform
// init` again. Pass { init: "run" } to run a real init (e.g. for modules), or false to skip.
// Measured on the development machine: a real init from the filesystem mirror takes about
// 0.06-0.2 s, the copy about 5 ms; a terraform run that starts the provider 0.5-1.5 s. Init is
// not the bottleneck, but copying also keeps working dirs independent of init's output format.
//
// Terraform runs with a clean environment: PATH, a temp HOME, TF_CLI_CONFIG_FILE of the
// installation, CHECKPOINT_DISABLE=1, TF_IN_AUTOMATION=1, TF_INPUT=0, VOXIMPLANT_CREDENTIALS and
// VOXIMPLANT_API_URL of this stack's emulator; `-no-color` is always added. Add TF_LOG etc.
// through the `env` option of tf()/apply()/plan().
//
// `client` is a VoximplantClient on the same account for out-of-band changes (its calls are in
// the emulator's call log too: resetCalls() before measuring). The admin helpers wrap the
// emulator's /__emulator/ test controls (docs/emulator.md).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { VoximplantClient } from "../../src/api";
import { startEmulator, type EmulatorConfig, type RunningEmulator } from "../../src/emulator";
import type { CallLogEntry } from "../../src/emulator/calllog";
import type { FaultSpec } from "../../src/emulator/faults";
import {
  baseTerraformEnv,
  copyInit,
  installation,
  removeInstallation,
  REQUIRED_PROVIDERS_HCL,
  type Installation,
} from "./install";
import { diagnosticsText, expectSuccess, runTerraform, type TfResult } from "./terraform";

export interface StackOptions {
  /** Create the demo applications/rules/users (see src/emulator/seed.ts for their ids). */
  seed?: boolean;
  emulatorConfig?: Partial<EmulatorConfig>;
}

export interface WorkdirOptions {
  /** "copy" (default): copy the pre-initialised provider; "run": real `terraform init`; false: nothing. */
  init?: "copy" | "run" | false;
  /**
   * Add versions.tf / provider.tf (default true unless a file already declares required_providers / a provider
   * block).
   */
  providerFiles?: boolean;
}

export interface TfCallOptions {
  env?: NodeJS.ProcessEnv;
}

export interface CallCounts {
  total: number;
  byMethod: Record<string, number>;
}

/** One resource instance of `terraform show -json`'s values tree. */
export interface StateResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: number | string;
  values: Record<string, unknown>;
  sensitive_values?: Record<string, unknown>;
}

export interface ShownState {
  format_version?: string;
  terraform_version?: string;
  values?: {
    outputs?: Record<string, { value: unknown; sensitive: boolean; type?: unknown }>;
    root_module: { resources?: StateResource[]; child_modules?: unknown[] };
  };
}

export interface Stack {
  emulator: RunningEmulator;
  /** Direct API access on the stack's account (out-of-band changes, checks). */
  client: VoximplantClient;
  installation: Installation;
  /** The environment every terraform run gets (before per-call `env`). */
  env: NodeJS.ProcessEnv;

  workdir(files: Record<string, string>, options?: WorkdirOptions): string;
  /** Overwrites/adds files in an existing working dir (e.g. to change main.tf between steps). */
  writeFiles(dir: string, files: Record<string, string>): void;
  tf(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<TfResult>;
  apply(cwd: string, extraArgs?: readonly string[], options?: TfCallOptions): Promise<TfResult>;
  plan(cwd: string, extraArgs?: readonly string[], options?: TfCallOptions): Promise<TfResult>;
  destroy(cwd: string, extraArgs?: readonly string[], options?: TfCallOptions): Promise<TfResult>;
  /** `terraform plan -out` + `show -json` of the plan (throws if the plan fails). */
  planJson(cwd: string, extraArgs?: readonly string[], options?: TfCallOptions): Promise<Record<string, unknown>>;
  /** Parsed `terraform show -json` (throws if show fails). */
  state(cwd: string): Promise<ShownState>;
  /** The values of one resource/data source by address, e.g. "data.voximplant_application.a". */
  resource(cwd: string, address: string): Promise<Record<string, unknown>>;
  /** Root module outputs as plain values. */
  outputs(cwd: string): Promise<Record<string, unknown>>;
  expectOk(result: TfResult, what?: string): TfResult;
  /** stdout + stderr with terraform's diagnostic box margins removed. */
  text(result: TfResult): string;

  calls(): Promise<CallCounts>;
  callLog(sinceSeq?: number): Promise<CallLogEntry[]>;
  /** Clears the call log, the counters and every fault. */
  resetCalls(): Promise<void>;
  faults(spec: FaultSpec | FaultSpec[]): Promise<unknown>;
  clearFaults(): Promise<void>;
  emulatorState(): Promise<EmulatorStateDump>;
  /** POST /__emulator/config; returns the resulting configuration. */
  configure(patch: Partial<EmulatorConfig> & { balance?: number }): Promise<Record<string, unknown>>;
  /** POST /__emulator/wipe: every registration removed, call log and faults reset. */
  wipe(): Promise<void>;

  close(): Promise<void>;
}

/** The parts of GET /__emulator/state tests usually look at (extra fields are kept). */
export interface EmulatorStateDump {
  account: {
    account_id: number;
    account_name: string;
    balance: number;
    currency: string;
    frozen: boolean;
    [k: string]: unknown;
  };
  applications: Array<{ application_id: number; application_name: string; [k: string]: unknown }>;
  scenarios: Array<{ scenario_id: number; scenario_name: string; [k: string]: unknown }>;
  rules: Array<{ rule_id: number; rule_name: string; application_id: number; [k: string]: unknown }>;
  users: Array<{ user_id: number; user_name: string; application_ids: number[]; [k: string]: unknown }>;
  registrations: Array<{
    sip_registration_id: number;
    sip_username: string;
    proxy: string;
    password_set: boolean;
    [k: string]: unknown;
  }>;
  [k: string]: unknown;
}

let openStacks = 0;

async function admin<T>(
  emu: RunningEmulator,
  verb: "GET" | "POST" | "DELETE",
  route: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${emu.adminUrl}${route}`, {
    method: verb,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${verb} /__emulator${route} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

function declares(files: Record<string, string>, pattern: RegExp): boolean {
  return Object.values(files).some((text) => pattern.test(text));
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const inst = await installation();
  openStacks += 1;
  // Strict request forms: every end-to-end run also checks the provider sends what an official client sends.
  const emulator = await startEmulator({
    seed: options.seed ?? false,
    config: { strictRequestForm: true, ...options.emulatorConfig },
  });
  // No client-side rate limit: tests make few calls and must not wait on a bucket.
  const client = new VoximplantClient({
    credentialsPath: emulator.credentialsPath,
    apiUrl: emulator.url,
    rateLimit: false,
  });
  const env: NodeJS.ProcessEnv = {
    ...baseTerraformEnv(inst),
    VOXIMPLANT_CREDENTIALS: emulator.credentialsPath,
    VOXIMPLANT_API_URL: emulator.url,
  };
  const workRoot = mkdtempSync(join(inst.root, "work-"));
  let counter = 0;

  const writeFiles = (dir: string, files: Record<string, string>): void => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  };

  const tf = (args: readonly string[], o: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<TfResult> =>
    runTerraform(args, o.cwd, { ...env, ...(o.env ?? {}) });

  const state = async (cwd: string): Promise<ShownState> => {
    const r = expectSuccess(await tf(["show", "-json"], { cwd }), "terraform show -json");
    return JSON.parse(r.stdout) as ShownState;
  };

  let closed: Promise<void> | undefined;

  const stack: Stack = {
    emulator,
    client,
    installation: inst,
    env,

    workdir(files, wo = {}) {
      counter += 1;
      const dir = join(workRoot, String(counter));
      mkdirSync(dir, { recursive: true });
      const extra: Record<string, string> = {};
      if (wo.providerFiles ?? true) {
        if (!declares(files, /\brequired_providers\b/)) extra["versions.tf"] = REQUIRED_PROVIDERS_HCL;
        if (!declares(files, /^\s*provider\s+"voximplant"/m)) extra["provider.tf"] = 'provider "voximplant" {}\n';
      }
      writeFiles(dir, { ...extra, ...files });
      const init = wo.init ?? "copy";
      if (init === "copy") copyInit(inst, dir);
      return dir;
    },
    writeFiles,
    tf,
    async apply(cwd, extraArgs = [], o = {}) {
      if (readdirSync(cwd).includes(".terraform") === false)
        await this.tf(["init", "-input=false"], { cwd, env: o.env });
      return tf(["apply", "-auto-approve", "-input=false", ...extraArgs], { cwd, env: o.env });
    },
    plan(cwd, extraArgs = [], o = {}) {
      return tf(["plan", "-input=false", ...extraArgs], { cwd, env: o.env });
    },
    destroy(cwd, extraArgs = [], o = {}) {
      return tf(["destroy", "-auto-approve", "-input=false", ...extraArgs], { cwd, env: o.env });
    },
    async planJson(cwd, extraArgs = [], o = {}) {
      expectSuccess(
        await tf(["plan", "-input=false", "-out=tfplan.bin", ...extraArgs], { cwd, env: o.env }),
        "terraform plan",
      );
      const shown = expectSuccess(
        await tf(["show", "-json", "tfplan.bin"], { cwd, env: o.env }),
        "terraform show -json tfplan.bin",
      );
      return JSON.parse(shown.stdout) as Record<string, unknown>;
    },
    state,
    async resource(cwd, address) {
      const shown = await state(cwd);
      const found = (shown.values?.root_module.resources ?? []).find((r) => r.address === address);
      if (found === undefined) throw new Error(`${address} is not in the state of ${cwd}`);
      return found.values;
    },
    async outputs(cwd) {
      const shown = await state(cwd);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(shown.values?.outputs ?? {})) out[k] = v.value;
      return out;
    },
    expectOk: expectSuccess,
    text: (r) => diagnosticsText(`${r.stdout}\n${r.stderr}`),

    calls: () => admin<CallCounts>(emulator, "GET", "/calls"),
    callLog: (since = 0) => admin<CallLogEntry[]>(emulator, "GET", `/log?since=${since}`),
    async resetCalls() {
      await admin(emulator, "POST", "/reset");
    },
    faults: (spec) => admin(emulator, "POST", "/faults", spec),
    async clearFaults() {
      await admin(emulator, "DELETE", "/faults");
    },
    emulatorState: () => admin<EmulatorStateDump>(emulator, "GET", "/state"),
    configure: (patch) => admin<Record<string, unknown>>(emulator, "POST", "/config", patch),
    async wipe() {
      await admin(emulator, "POST", "/wipe");
    },

    close() {
      closed ??= (async () => {
        await client.close();
        await emulator.close();
        rmSync(workRoot, { recursive: true, force: true });
        openStacks -= 1;
        if (openStacks === 0) await removeInstallation();
      })();
      return closed;
    },
  };
  return stack;
}

/** Reads a file of a working dir (e.g. terraform.tfstate) as text. */
export function readWorkFile(dir: string, name: string): string {
  return readFileSync(join(dir, name), "utf8");
}
