// Refresh of N registrations: `terraform plan -refresh-only` over a state of N registrations
// created beforehand (setup apply, not part of the figures), with the emulator answering every
// API call `latencyMs` late.
//
// Each run refreshes the same state three ways, in an order that rotates from run to run:
//   batched                   read_mode = "batched",      provider's default requests_per_second
//   per_resource              read_mode = "per_resource", provider's default requests_per_second
//   per_resource_unthrottled  read_mode = "per_resource", requests_per_second = the write rate
// The speedups are per_resource(_unthrottled) / batched within a run: the first is what a user
// with default settings sees, the second shows what batching saves when only latency (not the
// rate limit) is in the way.
//
// Also read here: API calls per refresh (emulator call counters, reset before each command) and
// the peak RSS of every provider process Terraform started (RSS-probed installation).
import type { BenchEmulator } from "./emulator";
import { providerConfig, registrationsConfig, settingsArgs, type ProviderSettings } from "./configs";
import type { ProviderInfo } from "./provider-info";
import { clearRssLog, readRssLog, Workspace, type Installation } from "./terraform";
import { log, median, tempDir } from "./util";

export type RefreshVariant = "batched" | "per_resource" | "per_resource_unthrottled";

export interface RefreshRun {
  variant: RefreshVariant;
  /** 0 = warm-up (not counted). */
  run: number;
  ms: number;
  calls: number;
  byMethod: Record<string, number>;
  /** terraform said objects changed outside of Terraform: the refresh found drift it should not have. */
  drift: boolean;
  /** Highest peak RSS (kB) of a provider process during this command. */
  peakRssKb: number | null;
  providerProcesses: number;
  /** Provider processes that ended without reporting their peak (killed). */
  unreportedProcesses: number;
}

export interface RefreshResult {
  n: number;
  latencyMs: number;
  setupApplyMs: number;
  setupPeakRssKb: number | null;
  /** Median API calls of a batched refresh. */
  calls: number;
  medianMs: Partial<Record<RefreshVariant, number>>;
  medianCalls: Partial<Record<RefreshVariant, number>>;
  /** Median over runs of per_resource / batched. */
  speedup: number | null;
  /** Median over runs of per_resource_unthrottled / batched. */
  speedupUnthrottled: number | null;
  peakRssKb: number | null;
  runs: RefreshRun[];
  readModeSupported: boolean;
}

function maxOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export async function measureRefresh(options: {
  emu: BenchEmulator;
  inst: Installation;
  info: ProviderInfo;
  /** requests_per_second for the setup apply and the unthrottled variant. */
  writeRequestsPerSecond: number;
  n: number;
  runs: number;
  latencyMs: number;
  home: string;
  parallelismArgs: readonly string[];
}): Promise<RefreshResult> {
  const { emu, inst, info, n } = options;
  const readModeSupported = info.providerAttributes.has("read_mode");
  const provider = providerConfig(emu, info);
  const ws = new Workspace(tempDir("refresh"), inst, options.home, provider.env);
  ws.writeConfig(provider.hcl + registrationsConfig(n));
  await ws.init();

  await emu.wipe();
  clearRssLog(inst);
  const setup = await ws.terraform([
    "apply",
    "-auto-approve",
    "-input=false",
    ...options.parallelismArgs,
    ...settingsArgs(info, { requestsPerSecond: options.writeRequestsPerSecond }),
  ]);
  const setupRss = readRssLog(inst);
  const setupPeakRssKb = maxOrNull(setupRss.records.map((r) => r.vmHwmKb ?? r.maxRssKb));
  if (setupRss.unreported > 0)
    log(`refresh setup: ${setupRss.unreported} provider process(es) ended without reporting their memory`);
  const count = await emu.registrationCount();
  if (count !== n) throw new Error(`setup apply should have created ${n} registrations, the emulator holds ${count}`);
  log(`refresh setup: applied ${n} registrations in ${setup.ms.toFixed(0)} ms`);

  const settingsOf: Record<RefreshVariant, ProviderSettings> = {
    batched: { readMode: "batched" },
    per_resource: { readMode: "per_resource" },
    per_resource_unthrottled: { readMode: "per_resource", requestsPerSecond: options.writeRequestsPerSecond },
  };

  const refreshOnce = async (variant: RefreshVariant, run: number): Promise<RefreshRun> => {
    await emu.resetCounters();
    await emu.setLatency(options.latencyMs);
    clearRssLog(inst);
    const args = [
      "plan",
      "-refresh-only",
      "-input=false",
      ...options.parallelismArgs,
      ...settingsArgs(info, settingsOf[variant]),
    ];
    const r = await ws.terraform(args);
    const counts = await emu.calls();
    await emu.setLatency(0);
    // A refresh that read nothing measures nothing: fail instead of reporting it.
    const refreshed = (r.stdout.match(/Refreshing state\.\.\./g) ?? []).length;
    if (refreshed !== n || counts.total === 0) {
      throw new Error(
        `refresh (${variant}) refreshed ${refreshed} of ${n} resources with ${counts.total} API ` +
          `calls:\n${r.stdout.slice(-2000)}`,
      );
    }
    const rss = readRssLog(inst);
    const result: RefreshRun = {
      variant,
      run,
      ms: r.ms,
      calls: counts.total,
      byMethod: counts.byMethod,
      // (not -detailed-exitcode: Terraform 1.11 answers 2 for refresh-only plans it would write
      // back to state even when it prints "No changes")
      drift: /changed outside of Terraform/.test(r.stdout),
      peakRssKb: maxOrNull(rss.records.map((x) => x.vmHwmKb ?? x.maxRssKb)),
      providerProcesses: rss.started,
      unreportedProcesses: rss.unreported,
    };
    log(
      `refresh run ${run === 0 ? "warm-up" : run} ${variant}: ${result.ms.toFixed(0)} ms, ${result.calls} API calls, ` +
        `peak provider RSS ${result.peakRssKb === null ? "?" : (result.peakRssKb / 1024).toFixed(1)} MB` +
        (result.unreportedProcesses > 0
          ? ` (${result.unreportedProcesses} of ${result.providerProcesses} provider processes did not report)`
          : "") +
        (result.drift ? " (terraform reported drift!)" : ""),
    );
    return result;
  };

  const variants: RefreshVariant[] = readModeSupported
    ? ["batched", "per_resource", "per_resource_unthrottled"]
    : ["batched"];
  const runs: RefreshRun[] = [];
  // Warm-up: the first command after the setup apply pays for cold caches; batched is cheapest.
  runs.push(await refreshOnce("batched", 0));
  for (let i = 1; i <= options.runs; i++) {
    for (const v of rotate(variants, i - 1)) runs.push(await refreshOnce(v, i));
  }

  const counted = runs.filter((r) => r.run > 0);
  const of = (v: RefreshVariant): RefreshRun[] => counted.filter((r) => r.variant === v);
  const medianMs: Partial<Record<RefreshVariant, number>> = {};
  const medianCalls: Partial<Record<RefreshVariant, number>> = {};
  for (const v of variants) {
    medianMs[v] = median(of(v).map((r) => r.ms));
    medianCalls[v] = median(of(v).map((r) => r.calls));
  }
  const ratio = (v: RefreshVariant): number | null => {
    if (!variants.includes(v)) return null;
    const per: number[] = [];
    for (let i = 1; i <= options.runs; i++) {
      const a = counted.find((r) => r.run === i && r.variant === v);
      const b = counted.find((r) => r.run === i && r.variant === "batched");
      if (a && b) per.push(a.ms / b.ms);
    }
    return per.length > 0 ? median(per) : null;
  };
  return {
    n,
    latencyMs: options.latencyMs,
    setupApplyMs: setup.ms,
    setupPeakRssKb,
    calls: median(of("batched").map((r) => r.calls)),
    medianMs,
    medianCalls,
    speedup: ratio("per_resource"),
    speedupUnthrottled: ratio("per_resource_unthrottled"),
    peakRssKb: maxOrNull([setupPeakRssKb, ...runs.map((r) => r.peakRssKb)]),
    runs,
    readModeSupported,
  };
}
