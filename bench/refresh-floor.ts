// The refresh floor and how it scales: `terraform plan -refresh-only` of batched registrations
// with no injected latency, against the same plan over the do-nothing provider, at two sizes.
//
//   refresh_floor_ratio       batched refresh of N registrations ÷ refresh of N do-nothing
//                             resources (bench/noop-provider.ts, same plugin runtime): what the
//                             SIP resource, its reader and the API add to the runtime's floor.
//   refresh_calls             API calls of that batched refresh of N.
//   scale_per_resource_ratio  wall time per registration of the batched refresh of M (default
//                             5,000) ÷ the same per registration at N: does the cost grow linearly?
//   scale_calls               API calls at M: at most ceil(M / 1000) + 1 proves that the reader
//                             answered every read from its listing (a direct read costs one call).
//   noop scale ratio          the same per-resource ratio for the do-nothing provider (M ÷ N
//                             resources): how much of the growth is Terraform's own.
//   schema floor ratio        batched refresh of N registrations ÷ refresh of N do-nothing
//                             resources with the registration's schema (26 attributes against 2):
//                             what the provider adds beyond Terraform's and the runtime's work for a
//                             resource that wide; its scale ratio likewise.
//
// The N and M states live in two emulator processes, so each refresh lists exactly its own
// registrations (the reader lists the whole account). The three commands of one run are back to
// back in an order that rotates between runs, and ratios are taken per run. Both registration
// workspaces use the RSS-probed installation: their setup applies and refreshes give the peak RSS.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { VoximplantClient } from "../src/api";
import { providerConfig, REGISTRATION_PROXY, registrationsConfig, settingsArgs } from "./configs";
import { BenchEmulator } from "./emulator";
import { REGISTRATION_RESOURCE, type ProviderInfo } from "./provider-info";
import { noopWorkspace, type NoopKind } from "./noop-state";
import { clearRssLog, readRssLog, Workspace, type Installation } from "./terraform";
import { log, median, tempDir } from "./util";

type FloorVariant = "batched" | "noop" | "batched_scale" | "noop_scale" | "wide" | "wide_scale";

export interface FloorRun {
  variant: FloorVariant;
  /** 0 = warm-up (not counted). */
  run: number;
  n: number;
  ms: number;
  /** API calls the emulator counted (0 for the do-nothing provider). */
  calls: number;
  peakRssKb: number | null;
}

export interface FloorResult {
  n: number;
  scaleN: number | null;
  /** Median per-run ratio batched(N) / noop(N). */
  floorRatio: number;
  /** Median per-run ratio (batched(M) / M) / (batched(N) / N); null when M was not measured. */
  scaleRatio: number | null;
  /** The same for the do-nothing provider: (noop(M) / M) / (noop(N) / N), Terraform's own growth. */
  noopScaleRatio: number | null;
  /** Median per-run ratio batched(N) / wide(N): the do-nothing resource with the registration's schema. */
  schemaFloorRatio: number;
  /** (wide(M) / M) / (wide(N) / N): Terraform's own growth for a resource of that schema. */
  wideScaleRatio: number | null;
  /** Median API calls of the batched refresh of N, and of M. */
  calls: number;
  scaleCalls: number | null;
  medianMs: Partial<Record<FloorVariant, number>>;
  setupApplyMs: { n: number; scale: number | null };
  /**
   * Highest provider peak RSS (kB) over the refreshes of N, and of M. The setup applies are
   * reported apart: they import through the API what the harness created, a path no user
   * takes for a create (the refresh scenario's setup apply covers the create path).
   */
  peakRssKb: { n: number | null; scale: number | null };
  setupPeakRssKb: { n: number | null; scale: number | null };
  runs: FloorRun[];
}

function maxOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** Registrations created directly through the API at once: the emulator answers each in well under a millisecond. */
const SEED_CONCURRENCY = 20;

/**
 * Creates registrations bench-0 … bench-(n-1) through the API client (as the setup apply's
 * creates would, without Terraform), returning their ids by index.
 */
async function seedRegistrations(emu: BenchEmulator, n: number): Promise<number[]> {
  const client = new VoximplantClient({ apiUrl: emu.url, credentialsPath: emu.credentialsPath, rateLimit: false });
  const ids = new Array<number>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) {
      const r = await client.createSipRegistration({ sip_username: `bench-${i}`, proxy: REGISTRATION_PROXY });
      ids[i] = r.sip_registration_id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEED_CONCURRENCY, n) }, worker));
  await client.close();
  return ids;
}

/** `import` blocks adopting the seeded registrations into `registrationsConfig(n)`'s instances. */
function importConfig(ids: readonly number[]): string {
  return [
    "locals {",
    `  bench_ids = [${ids.join(", ")}]`,
    "}",
    "",
    "import {",
    // map keys are strings, and `to` allows no function call: the index travels as a number value
    "  for_each = { for i, id in local.bench_ids : i => { index = i, id = id } }",
    `  to       = ${REGISTRATION_RESOURCE}.r[each.value.index]`,
    "  id       = each.value.id",
    "}",
    "",
  ].join("\n");
}

/**
 * A workspace holding `n` registrations in its own emulator. They are created through the API
 * and adopted by one `terraform apply` of `import` blocks, so the setup takes the same time
 * whatever the create path of the provider under test costs (a 5,000-registration setup apply
 * of creates outlasted the command timeout on a busy machine). The imported state is what a
 * create writes: the refreshes below report no drift, which they check.
 */
async function registrationState(options: {
  emu: BenchEmulator;
  inst: Installation;
  info: ProviderInfo;
  n: number;
  home: string;
  parallelismArgs: readonly string[];
}): Promise<{ ws: Workspace; setupMs: number; setupPeakRssKb: number | null }> {
  const { emu, inst, info, n } = options;
  const provider = providerConfig(emu, info);
  const ws = new Workspace(tempDir(`floor-${n}`), inst, options.home, provider.env);
  ws.writeConfig(provider.hcl + registrationsConfig(n));
  await ws.init();
  await emu.wipe();
  const started = performance.now();
  const ids = await seedRegistrations(emu, n);
  const importsPath = join(ws.dir, "imports.tf");
  writeFileSync(importsPath, importConfig(ids));
  clearRssLog(inst);
  const setup = await ws.terraform([
    "apply",
    "-auto-approve",
    "-input=false",
    ...options.parallelismArgs,
    ...settingsArgs(info, { readMode: "batched" }),
  ]);
  rmSync(importsPath);
  const setupMs = performance.now() - started;
  const imported = (setup.stdout.match(/Import complete/g) ?? []).length;
  if (imported !== n) throw new Error(`setup apply should have imported ${n} registrations, it imported ${imported}`);
  const count = await emu.registrationCount();
  if (count !== n) throw new Error(`setup should have left ${n} registrations, the emulator holds ${count}`);
  const rss = readRssLog(inst);
  log(`refresh floor setup: created and imported ${n} registrations in ${setupMs.toFixed(0)} ms`);
  return { ws, setupMs, setupPeakRssKb: maxOrNull(rss.records.map((r) => r.vmHwmKb ?? r.maxRssKb)) };
}

export async function measureRefreshFloor(options: {
  emu: BenchEmulator;
  /** RSS-probed installation of the provider. */
  inst: Installation;
  noopInst: Installation;
  info: ProviderInfo;
  n: number;
  /** Size of the scale comparison; 0 skips it. */
  scaleN: number;
  runs: number;
  home: string;
  parallelismArgs: readonly string[];
  credentialsPath: string;
}): Promise<FloorResult> {
  const { inst, info, n, scaleN } = options;
  const common = { inst, info, home: options.home, parallelismArgs: options.parallelismArgs };
  const small = await registrationState({ ...common, emu: options.emu, n });
  const scaleEmu = scaleN > 0 ? await BenchEmulator.start(options.credentialsPath) : null;
  try {
    const large = scaleEmu ? await registrationState({ ...common, emu: scaleEmu, n: scaleN }) : null;

    const noopState = (kind: NoopKind, count: number): Promise<Workspace> =>
      noopWorkspace({
        inst: options.noopInst,
        home: options.home,
        kind,
        count,
        parallelismArgs: options.parallelismArgs,
      });
    const noop = await noopState("thing", n);
    const noopLarge = large ? await noopState("thing", scaleN) : null;
    const wide = await noopState("wide", n);
    const wideLarge = large ? await noopState("wide", scaleN) : null;

    const refreshArgs = ["plan", "-refresh-only", "-input=false", ...options.parallelismArgs];
    const batchedArgs = [...refreshArgs, ...settingsArgs(info, { readMode: "batched" })];
    const refreshOnce = async (variant: FloorVariant, run: number): Promise<FloorRun> => {
      const emu = variant === "batched" ? options.emu : variant === "batched_scale" ? scaleEmu : null;
      const ws = {
        batched: small.ws,
        batched_scale: large?.ws,
        noop,
        noop_scale: noopLarge,
        wide,
        wide_scale: wideLarge,
      }[variant];
      const count = variant.endsWith("_scale") ? scaleN : n;
      if (!ws) throw new Error(`no workspace for ${variant}`);
      if (emu) {
        await emu.resetCounters();
        clearRssLog(inst);
      }
      const r = await ws.terraform(emu ? batchedArgs : refreshArgs);
      const refreshed = (r.stdout.match(/Refreshing state\.\.\./g) ?? []).length;
      if (refreshed !== count)
        throw new Error(`refresh (${variant}) refreshed ${refreshed} of ${count} resources:\n${r.stdout.slice(-2000)}`);
      if (/changed outside of Terraform/.test(r.stdout))
        throw new Error(`refresh (${variant}) reported drift:\n${r.stdout.slice(-2000)}`);
      const calls = emu ? (await emu.calls()).total : 0;
      const peakRssKb = emu ? maxOrNull(readRssLog(inst).records.map((x) => x.vmHwmKb ?? x.maxRssKb)) : null;
      log(
        `refresh floor run ${run === 0 ? "warm-up" : run} ${variant} (${count}): ${r.ms.toFixed(0)} ms` +
          (emu
            ? `, ${calls} API calls, peak provider RSS ${peakRssKb === null ? "?" : (peakRssKb / 1024).toFixed(1)} MB`
            : ""),
      );
      return { variant, run, n: count, ms: r.ms, calls, peakRssKb };
    };

    const variants: FloorVariant[] = large
      ? ["batched", "noop", "wide", "batched_scale", "noop_scale", "wide_scale"]
      : ["batched", "noop", "wide"];
    const runs: FloorRun[] = [];
    for (let i = 0; i <= options.runs; i++) {
      const k = i % variants.length;
      for (const v of [...variants.slice(k), ...variants.slice(0, k)]) runs.push(await refreshOnce(v, i));
    }

    const counted = runs.filter((r) => r.run > 0);
    const at = (v: FloorVariant, run: number): FloorRun | undefined =>
      counted.find((r) => r.variant === v && r.run === run);
    const floor: number[] = [];
    const scale: number[] = [];
    const noopScale: number[] = [];
    const schemaFloor: number[] = [];
    const wideScale: number[] = [];
    for (let i = 1; i <= options.runs; i++) {
      const b = at("batched", i);
      const o = at("noop", i);
      const s = at("batched_scale", i);
      if (b && o) floor.push(b.ms / o.ms);
      if (b && s) scale.push(s.ms / s.n / (b.ms / b.n));
      const os = at("noop_scale", i);
      if (o && os) noopScale.push(os.ms / os.n / (o.ms / o.n));
      const w = at("wide", i);
      const ws = at("wide_scale", i);
      if (b && w) schemaFloor.push(b.ms / w.ms);
      if (w && ws) wideScale.push(ws.ms / ws.n / (w.ms / w.n));
    }
    const medianMs: Partial<Record<FloorVariant, number>> = {};
    for (const v of variants) medianMs[v] = median(counted.filter((r) => r.variant === v).map((r) => r.ms));
    const callsOf = (v: FloorVariant): number => median(counted.filter((r) => r.variant === v).map((r) => r.calls));
    const rssOf = (v: FloorVariant): (number | null)[] => runs.filter((r) => r.variant === v).map((r) => r.peakRssKb);
    return {
      n,
      scaleN: large ? scaleN : null,
      floorRatio: median(floor),
      scaleRatio: scale.length > 0 ? median(scale) : null,
      noopScaleRatio: noopScale.length > 0 ? median(noopScale) : null,
      schemaFloorRatio: median(schemaFloor),
      wideScaleRatio: wideScale.length > 0 ? median(wideScale) : null,
      calls: callsOf("batched"),
      scaleCalls: large ? callsOf("batched_scale") : null,
      medianMs,
      setupApplyMs: { n: small.setupMs, scale: large ? large.setupMs : null },
      peakRssKb: {
        n: maxOrNull(rssOf("batched")),
        scale: large ? maxOrNull(rssOf("batched_scale")) : null,
      },
      setupPeakRssKb: { n: small.setupPeakRssKb, scale: large ? large.setupPeakRssKb : null },
      runs,
    };
  } finally {
    await scaleEmu?.close();
  }
}
