// Results of a benchmark run: bench/results.json (the figures by their agreed keys, targets,
// per-run samples, settings and machine) and the results table in docs/benchmarks.md, which is
// rewritten between two marker comments so the hand-written method text around it stays.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type as osType } from "node:os";
import { round } from "./util";

const DOCS_START = "<!-- bench:results:start -->";
const DOCS_END = "<!-- bench:results:end -->";

export interface Figures {
  startup_ms: number | null;
  node_floor_ms: number | null;
  /** Spawn → handshake line of the least Node.js plugin server with AutoMTLS (bench/server-floor.ts). */
  server_floor_ms: number | null;
  /** startup_ms and node_floor_ms with NODE_EXTRA_CA_CERTS naming a file of one certificate. */
  startup_extra_ca_ms: number | null;
  node_floor_extra_ca_ms: number | null;
  /** Start-up of the self-contained executable (release build), measured like startup_ms. */
  executable_startup_ms: number | null;
  apply_ratio: number | null;
  refresh_calls: number | null;
  refresh_n: number | null;
  refresh_speedup: number | null;
  refresh_floor_ratio: number | null;
  scale_n: number | null;
  scale_refresh_calls: number | null;
  scale_per_resource_ratio: number | null;
  provider_peak_rss_mb: number | null;
}

export interface TargetCheck {
  target: string;
  value: number | null;
  met: boolean | null;
}

export interface Machine {
  cpu: string;
  cores: number;
  memory_gb: number;
  os: string;
  node: string;
  terraform: string;
  /** 1-minute load average when the run started and when it ended (other work on the machine skews figures). */
  load_average: { start: number; end: number | null };
}

export function describeMachine(terraform: string): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memory_gb: round(totalmem() / 1024 ** 3, 1),
    os: `${osType()} ${release()}`,
    node: process.version,
    terraform,
    load_average: { start: round(loadavg()[0], 2), end: null },
  };
}

/** Fills in the end-of-run load average. */
export function finishMachine(m: Machine): Machine {
  return { ...m, load_average: { start: m.load_average.start, end: round(loadavg()[0], 2) } };
}

/** The batched reader's call budget: one listing page per 1,000 rows plus the page that shows the end. */
function callBudget(n: number): number {
  return Math.ceil(n / 1000) + 1;
}

/** The figures that are reported beside the targets, not checked against one. */
type UntargetedFigure =
  | "node_floor_ms"
  | "server_floor_ms"
  | "startup_extra_ca_ms"
  | "node_floor_extra_ca_ms"
  | "executable_startup_ms"
  | "refresh_n"
  | "scale_n";

export function checkTargets(f: Figures): Record<keyof Omit<Figures, UntargetedFigure>, TargetCheck> {
  const check = (value: number | null, target: string, ok: (v: number) => boolean): TargetCheck => ({
    target,
    value,
    met: value === null ? null : ok(value),
  });
  const callLimit = f.refresh_n === null ? null : callBudget(f.refresh_n);
  const scaleCallLimit = f.scale_n === null ? null : callBudget(f.scale_n);
  const startupLimit = f.node_floor_ms === null ? null : f.node_floor_ms + 30;
  return {
    refresh_calls: check(
      f.refresh_calls,
      callLimit === null ? "≤ ceil(refresh_n / 1000) + 1" : `≤ ${callLimit}`,
      (v) => callLimit !== null && v <= callLimit,
    ),
    scale_refresh_calls: check(
      f.scale_refresh_calls,
      scaleCallLimit === null ? "≤ ceil(scale_n / 1000) + 1" : `≤ ${scaleCallLimit}`,
      (v) => scaleCallLimit !== null && v <= scaleCallLimit,
    ),
    refresh_floor_ratio: check(f.refresh_floor_ratio, "≤ 1.3", (v) => v <= 1.3),
    scale_per_resource_ratio: check(f.scale_per_resource_ratio, "≤ 1.3", (v) => v <= 1.3),
    refresh_speedup: check(f.refresh_speedup, "≥ 10", (v) => v >= 10),
    apply_ratio: check(f.apply_ratio, "≤ 1.5", (v) => v <= 1.5),
    startup_ms: check(
      f.startup_ms,
      startupLimit === null ? "≤ node_floor_ms + 30" : `≤ ${round(startupLimit, 1)} (node_floor_ms + 30)`,
      (v) => startupLimit !== null && v <= startupLimit,
    ),
    provider_peak_rss_mb: check(f.provider_peak_rss_mb, "≤ 110", (v) => v <= 110),
  };
}

export function writeResults(path: string, results: object): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

function cell(v: number | null, unit = ""): string {
  return v === null ? "not measured" : `${v}${unit}`;
}

function verdict(t: TargetCheck): string {
  return t.met === null ? "—" : t.met ? "met" : "**missed**";
}

/** The Markdown that goes between the markers in docs/benchmarks.md. */
export function resultsMarkdown(input: {
  figures: Figures;
  targets: ReturnType<typeof checkTargets>;
  machine: Machine;
  generatedAt: string;
  runs: { startup: number; apply: number; refresh: number; floor: number };
  extra: { label: string; value: string }[];
  skipped: string[];
  applyN: number;
}): string {
  const { figures: f, targets: t, machine: m } = input;
  const rows: string[] = [
    "| Figure | Value | Target | Verdict |",
    "|---|---|---|---|",
    `| \`startup_ms\` (median spawn → handshake line) | ${cell(f.startup_ms, " ms")} | ${t.startup_ms.target} | ` +
      `${verdict(t.startup_ms)} |`,
    `| \`node_floor_ms\` (median \`node -e 0\`) | ${cell(f.node_floor_ms, " ms")} | — | — |`,
    `| \`server_floor_ms\` (median spawn → handshake line of the least Node.js HTTP/2 server with AutoMTLS) | ` +
      `${cell(f.server_floor_ms, " ms")} | — | — |`,
    `| \`startup_extra_ca_ms\` / \`node_floor_extra_ca_ms\` (both with \`NODE_EXTRA_CA_CERTS\` naming one ` +
      `certificate) | ${cell(f.startup_extra_ca_ms, " ms")} / ${cell(f.node_floor_extra_ca_ms, " ms")} | — | — |`,
    `| \`executable_startup_ms\` (the same, self-contained executable of a release) | ` +
      `${cell(f.executable_startup_ms, " ms")} | — | — |`,
    `| \`apply_ratio\` (apply of ${input.applyN} registrations ÷ ${input.applyN} \`terraform_data\`) | ` +
      `${cell(f.apply_ratio)} | ${t.apply_ratio.target} | ${verdict(t.apply_ratio)} |`,
    `| \`refresh_calls\` (API calls, \`plan -refresh-only\`, batched) | ${cell(f.refresh_calls)} | ` +
      `${t.refresh_calls.target} | ${verdict(t.refresh_calls)} |`,
    `| \`refresh_n\` | ${cell(f.refresh_n)} | — | — |`,
    `| \`refresh_floor_ratio\` (batched refresh of ${cell(f.refresh_n)} ÷ as many do-nothing resources) | ` +
      `${cell(f.refresh_floor_ratio)} | ${t.refresh_floor_ratio.target} | ${verdict(t.refresh_floor_ratio)} |`,
    `| \`scale_per_resource_ratio\` (per registration, batched refresh of ${cell(f.scale_n)} ÷ of ` +
      `${cell(f.refresh_n)}) | ${cell(f.scale_per_resource_ratio)} | ${t.scale_per_resource_ratio.target} | ` +
      `${verdict(t.scale_per_resource_ratio)} |`,
    `| \`scale_refresh_calls\` (API calls of the batched refresh of ${cell(f.scale_n)}) | ` +
      `${cell(f.scale_refresh_calls)} | ${t.scale_refresh_calls.target} | ${verdict(t.scale_refresh_calls)} |`,
    `| \`refresh_speedup\` (per_resource ÷ batched wall time) | ${cell(f.refresh_speedup)} | ` +
      `${t.refresh_speedup.target} | ${verdict(t.refresh_speedup)} |`,
    `| \`provider_peak_rss_mb\` (highest provider process) | ${cell(f.provider_peak_rss_mb, " MB")} | ` +
      `${t.provider_peak_rss_mb.target} | ${verdict(t.provider_peak_rss_mb)} |`,
  ];
  const lines = [
    `Generated by \`npm run bench\` on ${input.generatedAt.slice(0, 10)} — medians of ${input.runs.startup} ` +
      `start-up runs, ` +
      `${input.runs.apply} apply runs, ${input.runs.refresh} refresh runs per mode and ${input.runs.floor} ` +
      `refresh-floor runs ` +
      `(after one discarded warm-up each).`,
    "",
    ...rows,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB RAM, ${m.os}; Node.js ${m.node}; ` +
      `Terraform ${m.terraform}. ` +
      `1-minute load average ${m.load_average.start} at the start and ${m.load_average.end ?? "?"} at the end of ` +
      `the run` +
      (Math.max(m.load_average.start, m.load_average.end ?? 0) > m.cores
        ? " (above the core count: other work shared the machine and stretched the wall times)."
        : " (below the core count: the machine was otherwise quiet)."),
  ];
  if (input.extra.length > 0) {
    lines.push("", "Supporting figures from the same run:", "");
    for (const e of input.extra) lines.push(`- ${e.label}: ${e.value}`);
  }
  if (input.skipped.length > 0) {
    lines.push("", "Not measured in this run:", "");
    for (const s of input.skipped) lines.push(`- ${s}`);
  }
  return lines.join("\n");
}

/** Replaces the text between the markers (adding the markers at the end if they are missing). */
export function updateDocs(path: string, markdown: string): void {
  const block = `${DOCS_START}\n${markdown}\n${DOCS_END}`;
  const current = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const start = current.indexOf(DOCS_START);
  const end = current.indexOf(DOCS_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + DOCS_END.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
