import { cpus, totalmem } from "node:os";

/** One line of the results table: a scenario beside the ceiling measured in the same run. */
export interface BenchRow {
  scenario: string;
  unit: string;
  measured: { perSecond: number; p50Ms: number; p99Ms: number; failures: number };
  /** Absent for figures reported without a ceiling. */
  ceiling?: { name: string; perSecond: number; p50Ms: number; p99Ms: number };
  concurrency: number;
  durationS: number;
  note: string;
}

export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  rows: (BenchRow & { ratio: number | null })[];
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
    rows: rows.map((row) => ({
      ...row,
      ratio: row.ceiling ? row.measured.perSecond / row.ceiling.perSecond : null,
    })),
  };
}

const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
const ms = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(2));

export function toMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Run ${report.startedAt} · ${m.cpus} × ${m.cpuModel} · ${m.memoryGiB} GiB · Node ${m.node} (${m.platform})`,
    "",
    "| Scenario | Ratio | Measured | p50 / p99 | Failures | Ceiling (same run) | Ceiling p50 / p99 | In flight × s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...report.rows.map((r) =>
      [
        "",
        r.scenario,
        r.ratio === null ? "—" : `**${(r.ratio * 100).toFixed(0)}%**`,
        `${rate(r.measured.perSecond)} ${r.unit}`,
        `${ms(r.measured.p50Ms)} / ${ms(r.measured.p99Ms)} ms`,
        String(r.measured.failures),
        r.ceiling ? `${rate(r.ceiling.perSecond)} ${r.unit} (${r.ceiling.name})` : "—",
        r.ceiling ? `${ms(r.ceiling.p50Ms)} / ${ms(r.ceiling.p99Ms)} ms` : "—",
        `${r.concurrency} × ${r.durationS}`,
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
