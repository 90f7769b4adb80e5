// `npm run bench`: builds (via the npm script), then measures start-up, apply and refresh of the
// release bundle with the real terraform against the emulator, and writes bench/results.json and
// the results table of docs/benchmarks.md. See docs/benchmarks.md for the method.
//
//   node dist/bench/run.js [--only startup,apply,refresh,floor] [--startup-runs 15] [--apply-runs 3]
//                          [--refresh-runs 3] [--floor-runs 3] [--apply-n 500] [--refresh-n 1000]
//                          [--scale-n 5000] [--latency-ms 50] [--write-rps N] [--parallelism N]
//                          [--node-flags "..."] [--no-write]
//
// --no-write prints the results instead of writing them (for trying options out).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureApply, type ApplyResult } from "./apply";
import { BenchEmulator } from "./emulator";
import { readProviderInfo, REGISTRATION_RESOURCE } from "./provider-info";
import { measureRefresh, type RefreshResult } from "./refresh";
import { measureRefreshFloor, type FloorResult } from "./refresh-floor";
import {
  checkTargets,
  describeMachine,
  finishMachine,
  resultsMarkdown,
  updateDocs,
  writeResults,
  type Figures,
} from "./report";
import { generateServerCertificate } from "../src/plugin/transport/certificate";
import { buildExecutable } from "../src/release/executable";
import { hostReleasePlatform } from "../src/release/platforms";
import { measureStartup, type StartupResult } from "./startup";
import { bundleBenchProgram, install, installNoop, snapshotBundle, terraformVersion } from "./terraform";
import { log, nowMs, REPO_ROOT, removeTempDirs, round, tempDir } from "./util";

type Scenario = "startup" | "apply" | "refresh" | "floor";
const SCENARIOS: readonly Scenario[] = ["startup", "apply", "refresh", "floor"];

interface Options {
  only: Set<Scenario>;
  startupRuns: number;
  applyRuns: number;
  refreshRuns: number;
  floorRuns: number;
  applyN: number;
  refreshN: number;
  /** Registrations of the scale comparison of the floor scenario (0: not measured). */
  scaleN: number;
  latencyMs: number;
  /** requests_per_second for creating registrations (apply runs, refresh setup, unthrottled refresh). */
  writeRps: number;
  parallelism: number | undefined;
  /** Extra Node.js flags for the provider's wrapper (experiments; implies --no-write). */
  nodeFlags: string[];
  write: boolean;
}

/**
 * requests_per_second while creating registrations: the provider's maximum. The emulator has no
 * rate limit, so pacing at the default 10/s would only measure the pacing (see docs/benchmarks.md).
 */
const WRITE_REQUESTS_PER_SECOND = 1000;

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    only: new Set<Scenario>(SCENARIOS),
    startupRuns: 15,
    applyRuns: 5,
    refreshRuns: 3,
    floorRuns: 3,
    applyN: 500,
    refreshN: 1000,
    scaleN: 5000,
    latencyMs: 50,
    writeRps: WRITE_REQUESTS_PER_SECOND,
    parallelism: undefined,
    nodeFlags: [],
    write: true,
  };
  const int = (flag: string, v: string | undefined, min: number): number => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min)
      throw new Error(`${flag} needs an integer of at least ${min}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "--only": {
        const names = (argv[++i] ?? "").split(",").filter((s) => s !== "");
        for (const n of names)
          if (!(SCENARIOS as readonly string[]).includes(n)) throw new Error(`--only: unknown scenario ${n}`);
        o.only = new Set(names as Scenario[]);
        break;
      }
      case "--startup-runs":
        o.startupRuns = int(a, argv[++i], 1);
        break;
      case "--apply-runs":
        o.applyRuns = int(a, argv[++i], 1);
        break;
      case "--refresh-runs":
        o.refreshRuns = int(a, argv[++i], 1);
        break;
      case "--floor-runs":
        o.floorRuns = int(a, argv[++i], 1);
        break;
      case "--scale-n":
        o.scaleN = int(a, argv[++i], 0);
        break;
      case "--apply-n":
        o.applyN = int(a, argv[++i], 1);
        break;
      case "--refresh-n":
        o.refreshN = int(a, argv[++i], 1);
        break;
      case "--latency-ms":
        o.latencyMs = int(a, argv[++i], 0);
        break;
      case "--write-rps":
        o.writeRps = int(a, argv[++i], 1);
        break;
      case "--parallelism":
        o.parallelism = int(a, argv[++i], 1);
        break;
      case "--node-flags":
        o.nodeFlags = (argv[++i] ?? "").split(/\s+/).filter((f) => f !== "");
        // figures with modified flags must never overwrite the published ones
        o.write = false;
        break;
      case "--no-write":
        o.write = false;
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = nowMs();
  // temp dirs go even when a scenario throws halfway
  process.once("exit", removeTempDirs);
  const bundle = snapshotBundle(tempDir("bundle"));
  const info = readProviderInfo();
  const tfVersion = await terraformVersion();
  const machineAtStart = describeMachine(tfVersion);
  const home = tempDir("home");
  const parallelismArgs = opts.parallelism === undefined ? [] : [`-parallelism=${opts.parallelism}`];
  const skipped: string[] = [];
  let startup: StartupResult | undefined;
  let executableStartup: StartupResult | undefined;
  let apply: ApplyResult | undefined;
  let refresh: RefreshResult | undefined;
  let floor: FloorResult | undefined;

  try {
    if (opts.only.has("startup")) {
      const inst = install(join(tempDir("startup"), "inst"), { nodeFlags: opts.nodeFlags });
      log(`start-up: ${opts.startupRuns} runs of the installed executable, of node -e 0 and of the server floor`);
      const floorDir = tempDir("server-floor");
      const serverFloorScript = bundleBenchProgram("bench/server-floor.ts", join(floorDir, "floor.js"));
      // a corporate CA: one certificate
      const extraCaCertsFile = join(floorDir, "extra-ca.pem");
      writeFileSync(extraCaCertsFile, generateServerCertificate().certPem);
      startup = await measureStartup({
        executable: inst.executablePath,
        runs: opts.startupRuns,
        serverFloorScript,
        extraCaCertsFile,
      });
      log(
        `start-up: handshake ${startup.startupMs.toFixed(1)} ms, node floor ${startup.nodeFloorMs.toFixed(1)} ms, ` +
          `server floor ${startup.serverFloorMs?.toFixed(1)} ms; with NODE_EXTRA_CA_CERTS ` +
          `${startup.extraCa?.startupMs.toFixed(1)} ms, node floor ${startup.extraCa?.nodeFloorMs.toFixed(1)} ms`,
      );
      // The self-contained executable of a release (npm run package), built from the same bundle.
      const seaDir = join(REPO_ROOT, "dist", "sea");
      const sea = buildExecutable({ bundlePath: bundle.path, platform: hostReleasePlatform(), seaDir });
      log(`start-up: ${opts.startupRuns} runs of the self-contained executable`);
      executableStartup = await measureStartup({ executable: sea.path, runs: opts.startupRuns });
      log(`start-up: self-contained executable handshake ${executableStartup.startupMs.toFixed(1)} ms`);
    } else skipped.push("start-up (not selected with --only)");

    const wantsProvider = opts.only.has("apply") || opts.only.has("refresh") || opts.only.has("floor");
    if (wantsProvider && !info.hasRegistrationResource) {
      skipped.push(`apply and refresh: the built provider has no ${REGISTRATION_RESOURCE} resource yet`);
    } else if (wantsProvider) {
      const emu = await BenchEmulator.start(join(tempDir("emulator"), "credentials.json"));
      try {
        if (opts.only.has("apply")) {
          const inst = install(join(tempDir("apply"), "inst"), { nodeFlags: opts.nodeFlags });
          log(`apply: ${opts.applyRuns} runs of ${opts.applyN} registrations vs ${opts.applyN} terraform_data`);
          apply = await measureApply({
            emu,
            inst,
            info,
            requestsPerSecond: opts.writeRps,
            n: opts.applyN,
            runs: opts.applyRuns,
            home,
            parallelismArgs,
          });
        } else skipped.push("apply (not selected with --only)");
        if (opts.only.has("refresh")) {
          const inst = install(join(tempDir("refresh"), "inst"), { rssProbe: true, nodeFlags: opts.nodeFlags });
          log(
            `refresh: ${opts.refreshRuns} runs per read mode over ${opts.refreshN} registrations, ` +
              `${opts.latencyMs} ms latency per call`,
          );
          refresh = await measureRefresh({
            emu,
            inst,
            info,
            writeRequestsPerSecond: opts.writeRps,
            n: opts.refreshN,
            runs: opts.refreshRuns,
            latencyMs: opts.latencyMs,
            home,
            parallelismArgs,
          });
          if (!refresh.readModeSupported) skipped.push("refresh_speedup: the provider has no read_mode setting yet");
        } else skipped.push("refresh (not selected with --only)");
        if (opts.only.has("floor")) {
          const inst = install(join(tempDir("floor"), "inst"), { rssProbe: true, nodeFlags: opts.nodeFlags });
          log(
            `refresh floor: ${opts.floorRuns} runs of batched refreshes of ${opts.refreshN}` +
              (opts.scaleN > 0 ? ` and ${opts.scaleN}` : "") +
              ` registrations vs ${opts.refreshN} do-nothing resources, no latency`,
          );
          floor = await measureRefreshFloor({
            emu,
            inst,
            noopInst: installNoop(tempDir("floor-noop-inst")),
            info,
            n: opts.refreshN,
            scaleN: opts.scaleN,
            runs: opts.floorRuns,
            home,
            parallelismArgs,
            credentialsPath: join(tempDir("emulator-scale"), "credentials.json"),
          });
        } else skipped.push("refresh floor and scale (not selected with --only)");
      } finally {
        await emu.close();
      }
    }
  } finally {
    removeTempDirs();
  }

  const figures: Figures = {
    startup_ms: startup ? round(startup.startupMs, 1) : null,
    node_floor_ms: startup ? round(startup.nodeFloorMs, 1) : null,
    server_floor_ms: startup?.serverFloorMs != null ? round(startup.serverFloorMs, 1) : null,
    startup_extra_ca_ms: startup?.extraCa ? round(startup.extraCa.startupMs, 1) : null,
    node_floor_extra_ca_ms: startup?.extraCa ? round(startup.extraCa.nodeFloorMs, 1) : null,
    executable_startup_ms: executableStartup ? round(executableStartup.startupMs, 1) : null,
    apply_ratio: apply ? round(apply.ratio, 2) : null,
    // the batched refresh without latency when measured (the definition), else the one with latency
    refresh_calls: floor ? floor.calls : refresh ? refresh.calls : null,
    refresh_n: floor ? floor.n : refresh ? refresh.n : null,
    refresh_speedup: refresh?.speedup != null ? round(refresh.speedup, 2) : null,
    refresh_floor_ratio: floor ? round(floor.floorRatio, 2) : null,
    scale_n: floor?.scaleN ?? null,
    scale_refresh_calls: floor?.scaleCalls ?? null,
    scale_per_resource_ratio: floor?.scaleRatio != null ? round(floor.scaleRatio, 2) : null,
    provider_peak_rss_mb: peakRssMb(refresh, floor),
  };
  const targets = checkTargets(figures);
  const machine = finishMachine(machineAtStart);
  const generatedAt = new Date().toISOString();
  const durationS = round((nowMs() - started) / 1000, 1);
  const results = {
    ...figures,
    targets,
    settings: {
      terraform_parallelism: opts.parallelism ?? 10,
      provider_requests_per_second: {
        apply_and_refresh_setup: opts.writeRps,
        refresh_batched_and_per_resource: "provider default",
        refresh_per_resource_unthrottled: opts.writeRps,
      },
      emulator_latency_ms: opts.latencyMs,
      apply_n: opts.applyN,
      runs: {
        startup: opts.startupRuns,
        apply: opts.applyRuns,
        refresh_per_mode: opts.refreshRuns,
        floor: opts.floorRuns,
      },
    },
    details: {
      startup: startup
        ? { command: "installed executable (sh wrapper → node bundle)", samples_ms: startup.samples }
        : null,
      startup_executable: executableStartup
        ? { command: "self-contained executable (Node.js SEA with code cache)", samples_ms: executableStartup.samples }
        : null,
      apply: apply
        ? {
            n: apply.n,
            registrations_ms: round(apply.registrationsMs, 0),
            terraform_data_ms: round(apply.terraformDataMs, 0),
            noop_provider_ms: round(apply.noopMs, 0),
            noop_provider_ratio: round(apply.noopRatio, 2),
            same_schema_noop_ms: round(apply.wideMs, 0),
            same_schema_noop_ratio: round(apply.wideRatio, 2),
            registrations_vs_same_schema_noop: round(apply.schemaFloorRatio, 2),
            samples: apply.samples,
          }
        : null,
      refresh: refresh
        ? {
            setup_apply_ms: round(refresh.setupApplyMs, 0),
            setup_peak_rss_mb: refresh.setupPeakRssKb === null ? null : round(refresh.setupPeakRssKb / 1024, 1),
            median_ms: refresh.medianMs,
            median_calls: refresh.medianCalls,
            speedup_unthrottled: refresh.speedupUnthrottled === null ? null : round(refresh.speedupUnthrottled, 2),
            runs: refresh.runs.map((r) => ({
              ...r,
              ms: round(r.ms, 0),
              peak_rss_mb: r.peakRssKb === null ? null : round(r.peakRssKb / 1024, 1),
            })),
          }
        : null,
      refresh_floor: floor
        ? {
            median_ms: floor.medianMs,
            noop_scale_per_resource_ratio: floor.noopScaleRatio === null ? null : round(floor.noopScaleRatio, 2),
            registrations_vs_same_schema_noop: round(floor.schemaFloorRatio, 2),
            same_schema_noop_scale_per_resource_ratio:
              floor.wideScaleRatio === null ? null : round(floor.wideScaleRatio, 2),
            setup_apply_ms: floor.setupApplyMs,
            peak_rss_mb: {
              n: floor.peakRssKb.n === null ? null : round(floor.peakRssKb.n / 1024, 1),
              scale: floor.peakRssKb.scale === null ? null : round(floor.peakRssKb.scale / 1024, 1),
            },
            setup_peak_rss_mb: {
              n: floor.setupPeakRssKb.n === null ? null : round(floor.setupPeakRssKb.n / 1024, 1),
              scale: floor.setupPeakRssKb.scale === null ? null : round(floor.setupPeakRssKb.scale / 1024, 1),
            },
            runs: floor.runs.map((r) => ({ ...r, ms: round(r.ms, 0) })),
          }
        : null,
    },
    skipped,
    bundle_sha256: bundle.sha256,
    machine,
    generated_at: generatedAt,
    duration_s: durationS,
  };

  const extra: { label: string; value: string }[] = [];
  if (apply) {
    extra.push({
      label: `apply of ${apply.n}`,
      value:
        `registrations ${(apply.registrationsMs / 1000).toFixed(1)} s, terraform_data ` +
        `${(apply.terraformDataMs / 1000).toFixed(1)} s, ` +
        `do-nothing provider on the same plugin runtime ${(apply.noopMs / 1000).toFixed(1)} s (medians; ` +
        `its ratio to terraform_data, the runtime's floor: ${round(apply.noopRatio, 2)})`,
    });
    extra.push({
      label: `apply of ${apply.n}, against the registration's schema`,
      value:
        `do-nothing resources with the registration's schema ${(apply.wideMs / 1000).toFixed(1)} s ` +
        `(${round(apply.wideRatio, 2)} × terraform_data: Terraform's and the runtime's work for 26 attributes); ` +
        `registrations ÷ those: ${round(apply.schemaFloorRatio, 2)} (what the provider and the API add)`,
    });
  }
  if (refresh) {
    const sec = (ms: number | undefined): string => (ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`);
    extra.push({
      label: `refresh of ${refresh.n} registrations, ${refresh.latencyMs} ms per API call (medians)`,
      value:
        `batched ${sec(refresh.medianMs.batched)} / ${refresh.medianCalls.batched ?? "—"} calls; ` +
        `per_resource ${sec(refresh.medianMs.per_resource)} / ${refresh.medianCalls.per_resource ?? "—"} calls; ` +
        `per_resource at ${opts.writeRps} requests/s ${sec(refresh.medianMs.per_resource_unthrottled)}` +
        (refresh.speedupUnthrottled === null ? "" : ` (speedup ${round(refresh.speedupUnthrottled, 2)})`),
    });
    extra.push({
      label: `setup apply of ${refresh.n} registrations (no latency)`,
      value: `${(refresh.setupApplyMs / 1000).toFixed(1)} s`,
    });
    const drift = refresh.runs.filter((r) => r.drift).length;
    if (drift > 0)
      extra.push({ label: "drift", value: `${drift} refresh commands reported objects changed outside of Terraform` });
  }
  if (floor) {
    const ms = floor.medianMs;
    const sec = (v: number | undefined): string => (v === undefined ? "—" : `${(v / 1000).toFixed(2)} s`);
    extra.push({
      label: "refresh floor, no latency (medians)",
      value:
        `batched refresh of ${floor.n} registrations ${sec(ms.batched)} / ${floor.calls} calls; ${floor.n} ` +
        `do-nothing resources ${sec(ms.noop)}` +
        (floor.scaleN === null
          ? ""
          : `; batched refresh of ${floor.scaleN} registrations ${sec(ms.batched_scale)} / ${floor.scaleCalls} calls` +
            `; ${floor.scaleN} do-nothing resources ${sec(ms.noop_scale)} (per resource ` +
            `${floor.noopScaleRatio === null ? "?" : round(floor.noopScaleRatio, 2)} × the ${floor.n}: ` +
            `Terraform's own growth, to compare with scale_per_resource_ratio)`) +
        `; peak provider RSS ` +
        `${floor.peakRssKb.n === null ? "?" : round(floor.peakRssKb.n / 1024, 1)} MB at ${floor.n}` +
        (floor.scaleN === null
          ? ""
          : `, ${floor.peakRssKb.scale === null ? "?" : round(floor.peakRssKb.scale / 1024, 1)} MB ` +
            `at ${floor.scaleN}`) +
        ` (refreshes only; the import applies of the setup are in results.json)`,
    });
    extra.push({
      label: "refresh floor, against the registration's schema (medians)",
      value:
        `${floor.n} do-nothing resources with the registration's schema ${sec(ms.wide)}; batched registrations ÷ ` +
        `those: ${round(floor.schemaFloorRatio, 2)}` +
        (floor.scaleN === null
          ? ""
          : `; ${floor.scaleN} of them ${sec(ms.wide_scale)} (per resource ` +
            `${floor.wideScaleRatio === null ? "?" : round(floor.wideScaleRatio, 2)} × the ${floor.n})`),
    });
  }
  extra.push({
    label: "settings",
    value:
      `terraform parallelism ${opts.parallelism ?? "10 (default)"}; provider requests_per_second ${opts.writeRps} ` +
      `for creating, ` +
      `default for the headline refreshes; ` +
      `bench wall time ${durationS} s`,
  });

  if (opts.write) {
    writeResults(join(REPO_ROOT, "bench", "results.json"), results);
    updateDocs(
      join(REPO_ROOT, "docs", "benchmarks.md"),
      resultsMarkdown({
        figures,
        targets,
        machine,
        generatedAt,
        runs: { startup: opts.startupRuns, apply: opts.applyRuns, refresh: opts.refreshRuns, floor: opts.floorRuns },
        extra,
        skipped,
        applyN: opts.applyN,
      }),
    );
    log("wrote bench/results.json and the results table in docs/benchmarks.md");
  }
  process.stdout.write(`${JSON.stringify(opts.write ? { ...figures, duration_s: durationS } : results, null, 2)}\n`);
}

/**
 * Highest provider process over the refresh scenario (its setup apply of creates included) and the
 * floor scenario's 1,000 and 5,000 refresh runs.
 */
function peakRssMb(refresh: RefreshResult | undefined, floor: FloorResult | undefined): number | null {
  const kb = [refresh?.peakRssKb, floor?.peakRssKb.n, floor?.peakRssKb.scale].filter(
    (v): v is number => typeof v === "number",
  );
  return kb.length === 0 ? null : round(Math.max(...kb) / 1024, 1);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
