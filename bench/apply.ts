// apply_ratio: `terraform apply` creating N registrations against the emulator, divided by the
// same apply creating N terraform_data resources (Terraform's built-in no-op resource), at the
// same parallelism. Each run starts from empty state and an emptied emulator; the applies of a
// run are back to back (their order rotates between runs) and the ratio is taken per run, so a
// machine that is slower for a while slows both sides of one ratio.
//
// A third apply per run creates N resources of a do-nothing provider on the same plugin runtime
// (bench/noop-provider.ts): its ratio to terraform_data is the floor that the runtime alone costs.
// A fourth creates N do-nothing resources with the registration's schema (26 attributes against
// 2): registrations ÷ that is what the provider and the API add for a resource this wide.
import type { BenchEmulator } from "./emulator";
import {
  noopConfig,
  providerConfig,
  registrationsConfig,
  settingsArgs,
  terraformDataConfig,
  wideNoopConfig,
} from "./configs";
import type { ProviderInfo } from "./provider-info";
import { installNoop, Workspace, type Installation } from "./terraform";
import { log, median, tempDir } from "./util";

export interface ApplyResult {
  n: number;
  ratio: number;
  registrationsMs: number;
  terraformDataMs: number;
  /** Median per-run ratio of the do-nothing provider's apply to terraform_data's. */
  noopRatio: number;
  noopMs: number;
  /** Median per-run ratio of the apply of do-nothing resources with the registration's schema to terraform_data's. */
  wideRatio: number;
  wideMs: number;
  /** Median per-run ratio of the registrations' apply to that of the same-schema do-nothing resources. */
  schemaFloorRatio: number;
  samples: {
    ratio: number[];
    noopRatio: number[];
    wideRatio: number[];
    schemaFloorRatio: number[];
    registrationsMs: number[];
    terraformDataMs: number[];
    noopMs: number[];
    wideMs: number[];
  };
}

export async function measureApply(options: {
  emu: BenchEmulator;
  inst: Installation;
  info: ProviderInfo;
  /** requests_per_second for the registration applies (undefined = provider default). */
  requestsPerSecond: number | undefined;
  n: number;
  runs: number;
  home: string;
  parallelismArgs: readonly string[];
}): Promise<ApplyResult> {
  const { emu, inst, info, n } = options;
  const provider = providerConfig(emu, info);
  const regs = new Workspace(tempDir("apply-reg"), inst, options.home, provider.env);
  regs.writeConfig(provider.hcl + registrationsConfig(n));
  const data = new Workspace(tempDir("apply-data"), inst, options.home);
  data.writeConfig(terraformDataConfig(n));
  const noopInst = installNoop(tempDir("noop-inst"));
  const noop = new Workspace(tempDir("apply-noop"), noopInst, options.home);
  noop.writeConfig(noopConfig(n));
  const wide = new Workspace(tempDir("apply-wide"), noopInst, options.home);
  wide.writeConfig(wideNoopConfig(n));
  await regs.init();
  await data.init();
  await noop.init();
  await wide.init();

  const applyArgs = ["apply", "-auto-approve", "-input=false", ...options.parallelismArgs];
  const regArgs = [
    ...applyArgs,
    ...settingsArgs(
      info,
      options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond },
    ),
  ];
  const runRegistrations = async (): Promise<number> => {
    regs.removeState();
    await emu.wipe();
    const r = await regs.terraform(regArgs);
    const created = await emu.registrationCount();
    if (created !== n) throw new Error(`apply should have created ${n} registrations, the emulator holds ${created}`);
    return r.ms;
  };
  const runData = async (): Promise<number> => {
    data.removeState();
    return (await data.terraform(applyArgs)).ms;
  };

  const runNoop = async (): Promise<number> => {
    noop.removeState();
    return (await noop.terraform(applyArgs)).ms;
  };

  const runWide = async (): Promise<number> => {
    wide.removeState();
    return (await wide.terraform(applyArgs)).ms;
  };

  const samples = {
    ratio: [] as number[],
    noopRatio: [] as number[],
    wideRatio: [] as number[],
    schemaFloorRatio: [] as number[],
    registrationsMs: [] as number[],
    terraformDataMs: [] as number[],
    noopMs: [] as number[],
    wideMs: [] as number[],
  };
  const steps = [runData, runRegistrations, runNoop, runWide];
  // Run 0 is a warm-up (file cache, first Node compile cache of the bundle) and is not counted.
  for (let i = 0; i <= options.runs; i++) {
    const ms = new Map<unknown, number>();
    for (let k = 0; k < steps.length; k++) {
      const step = steps[(k + i) % steps.length];
      ms.set(step, await step());
    }
    const regMs = ms.get(runRegistrations) ?? NaN;
    const dataMs = ms.get(runData) ?? NaN;
    const noopMs = ms.get(runNoop) ?? NaN;
    const wideMs = ms.get(runWide) ?? NaN;
    log(
      `apply run ${i === 0 ? "warm-up" : i}: ${n} registrations ${regMs.toFixed(0)} ms, ` +
        `${n} terraform_data ${dataMs.toFixed(0)} ms, ${n} no-op provider resources ${noopMs.toFixed(0)} ms, ` +
        `${n} no-op resources with the registration's schema ${wideMs.toFixed(0)} ms`,
    );
    if (i === 0) continue;
    samples.registrationsMs.push(regMs);
    samples.terraformDataMs.push(dataMs);
    samples.noopMs.push(noopMs);
    samples.ratio.push(regMs / dataMs);
    samples.noopRatio.push(noopMs / dataMs);
    samples.wideMs.push(wideMs);
    samples.wideRatio.push(wideMs / dataMs);
    samples.schemaFloorRatio.push(regMs / wideMs);
  }
  regs.removeState();
  await emu.wipe();
  return {
    n,
    ratio: median(samples.ratio),
    registrationsMs: median(samples.registrationsMs),
    terraformDataMs: median(samples.terraformDataMs),
    noopRatio: median(samples.noopRatio),
    noopMs: median(samples.noopMs),
    wideRatio: median(samples.wideRatio),
    wideMs: median(samples.wideMs),
    schemaFloorRatio: median(samples.schemaFloorRatio),
    samples,
  };
}
