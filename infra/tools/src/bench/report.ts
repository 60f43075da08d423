import { cpus, totalmem } from "node:os";
import { median, medianRound, type RoundResult } from "./rounds";

/** One line of the results table: a scenario beside the ceiling measured in the same run. */
export interface BenchRow {
  scenario: string;
  unit: string;
  /** The median of each figure over the rounds (one round when not interleaved). */
  measured: RoundResult;
  /** Absent for figures reported without a ceiling. */
  ceiling?: { name: string } & RoundResult;
  /** Ratio of each interleaved round (system / ceiling of the same round). */
  ratios?: number[];
  /** The goal, as the README states it, e.g. "≥ 40%" or "p99 ≤ 100 ms". */
  goal?: string;
  concurrency: number;
  /** Seconds each measured run lasted. */
  durationS: number;
  note: string;
}

export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  rows: (BenchRow & { ratio: number | null; spread: [number, number] | null })[];
}

/** A row from interleaved rounds: medians, and every round's ratio. */
export function interleavedRow(
  row: Omit<BenchRow, "measured" | "ceiling" | "ratios">,
  ceilingName: string,
  runs: { ceiling: RoundResult[]; system: RoundResult[]; ratios: number[] },
): BenchRow {
  return {
    ...row,
    measured: medianRound(runs.system),
    ceiling: { name: ceilingName, ...medianRound(runs.ceiling) },
    ratios: runs.ratios,
  };
}

export function machineInfo(): BenchReport["machine"] {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function buildReport(startedAt: Date, rows: BenchRow[]): BenchReport {
  return {
    startedAt: startedAt.toISOString(),
    machine: machineInfo(),
    rows: rows.map((row) => {
      const ratios =
        row.ratios ?? (row.ceiling ? [row.measured.perSecond / row.ceiling.perSecond] : []);
      return {
        ...row,
        ratio: ratios.length > 0 ? median(ratios) : null,
        spread: ratios.length > 1 ? [Math.min(...ratios), Math.max(...ratios)] : null,
      };
    }),
  };
}

const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
const ms = (n: number) => (Number.isNaN(n) ? "—" : n >= 10 ? n.toFixed(0) : n.toFixed(2));
const pct = (n: number) => `${(n * 100).toFixed(0)}%`;

function ratioCell(r: BenchReport["rows"][number]): string {
  if (r.ratio === null) return "—";
  const spread = r.spread ? ` (${pct(r.spread[0])}–${pct(r.spread[1])})` : "";
  return `**${pct(r.ratio)}**${spread}`;
}

export function toMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Run ${report.startedAt} · ${m.cpus} × ${m.cpuModel} · ${m.memoryGiB} GiB · Node ${m.node} (${m.platform})`,
    "",
    "Ratio: median of the interleaved rounds (spread: lowest–highest round). CPU ms per operation: summed over every process (services, PostgreSQL, nginx, broker, Vault and mail stand-ins, load generator).",
    "",
    "| Scenario | Goal | Ratio (spread) | Measured | p50 / p99 | CPU ms/op | Failures | Ceiling (same run) | Ceiling p50 / p99 | Ceiling CPU ms/op | Rounds · in flight × s |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...report.rows.map((r) =>
      [
        "",
        r.scenario,
        r.goal ?? "—",
        ratioCell(r),
        `${rate(r.measured.perSecond)} ${r.unit}`,
        `${ms(r.measured.p50Ms)} / ${ms(r.measured.p99Ms)} ms`,
        r.measured.cpuMsPerOp === undefined ? "—" : ms(r.measured.cpuMsPerOp),
        String(r.measured.failures),
        r.ceiling ? `${rate(r.ceiling.perSecond)} ${r.unit} (${r.ceiling.name})` : "—",
        r.ceiling ? `${ms(r.ceiling.p50Ms)} / ${ms(r.ceiling.p99Ms)} ms` : "—",
        r.ceiling?.cpuMsPerOp === undefined ? "—" : ms(r.ceiling.cpuMsPerOp),
        `${r.ratios?.length ?? 1} · ${r.concurrency} × ${r.durationS}`,
        "",
      ]
        .join(" | ")
        .trim(),
    ),
    "",
    ...report.rows.map((r) => `- ${r.scenario}: ${r.note}`),
    "",
  ];
  return lines.join("\n");
}
