import type { RunningPlatform } from "../local/platform";
import type { Mint } from "./bench-tokens";
import type { BenchRow } from "./report";
import { platformClassifier, servicePids } from "./platform-processes";
import { sampleRss } from "./rss";
import { STORM, stormScenario, type StormOutcome } from "./storm";

export interface MemoryRow {
  service: string;
  pid: number;
  beforeMiB: number;
  peakMiB: number;
}

/** The storm, with every service's VmRSS sampled while it runs. */
export async function runStorm(
  platform: RunningPlatform,
  adminUrl: string,
  mint: Mint,
): Promise<{ row: BenchRow; memory: MemoryRow[] } & Pick<StormOutcome, "cpu" | "statements">> {
  const pids = servicePids(platform);
  const sampler = sampleRss(pids);
  const outcome = await stormScenario(
    platform.gatewayUrl,
    adminUrl,
    mint,
    platformClassifier(platform),
  );
  const memory = sampler.stop().map((m) => ({ ...m, pid: pids[m.service] ?? 0 }));
  return { row: outcome.row, memory, cpu: outcome.cpu, statements: outcome.statements };
}

export function cpuMarkdown(cpu: Record<string, number>): string {
  const per = (s: number) => ((s * 1000) / STORM.attendees).toFixed(2);
  if (Object.keys(cpu).length === 0) return "";
  const total = Object.values(cpu).reduce((a, b) => a + b, 0);
  return [
    "CPU of a gateway storm round (mean of the rounds), per process group: where a registration's cost goes.",
    "",
    "| Process | CPU s | CPU ms per registration |",
    "|---|---:|---:|",
    ...Object.entries(cpu)
      .sort((a, b) => b[1] - a[1])
      .map(([name, s]) => `| ${name} | ${s.toFixed(1)} | ${per(s)} |`),
    `| **all processes** | ${total.toFixed(1)} | **${per(total)}** |`,
    "",
  ].join("\n");
}

export function memoryMarkdown(memory: MemoryRow[]): string {
  if (memory.length === 0) return "";
  return [
    "Resident memory (VmRSS) of each service process during the registration storm (goal: ≤ 150 MiB):",
    "",
    "| Service | pid | Before (MiB) | Peak during storm (MiB) |",
    "|---|---:|---:|---:|",
    ...memory.map(
      (m) => `| ${m.service} | ${m.pid} | ${m.beforeMiB.toFixed(0)} | ${m.peakMiB.toFixed(0)} |`,
    ),
    "",
  ].join("\n");
}

export function statementsMarkdown(rows: StormOutcome["statements"]): string {
  if (rows.length === 0) return "";
  const per = (n: number) => (n / STORM.attendees).toFixed(2);
  return [
    "Most frequent SQL statements during the last gateway storm round (pg_stat_statements):",
    "",
    "| Calls | Per registration | Total ms | Mean ms | Statement |",
    "|---:|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.calls} | ${per(r.calls)} | ${r.totalMs.toFixed(0)} | ${(r.totalMs / r.calls).toFixed(2)} | \`${r.query.replace(/\|/g, "\\|")}\` |`,
    ),
    "",
  ].join("\n");
}
