import type { RunningPlatform } from "../local/platform";
import type { Mint } from "./bench-tokens";
import type { BenchRow } from "./report";
import { pidsNamed } from "./cpu";
import { pidListeningOn, sampleRss } from "./rss";
import { STORM, stormScenario, type StormOutcome } from "./storm";

export interface MemoryRow {
  service: string;
  pid: number;
  beforeMiB: number;
  peakMiB: number;
}

/** The storm, with every service's VmRSS sampled while it runs; fails unless 500 / 1,500 / 0. */
export async function runStorm(
  platform: RunningPlatform,
  adminUrl: string,
  mint: Mint,
): Promise<{ row: BenchRow; memory: MemoryRow[] } & Pick<StormOutcome, "cpu" | "statements">> {
  const pids: Record<string, number> = {};
  for (const s of platform.services) {
    const pid = pidListeningOn(s.port);
    if (pid !== undefined) pids[s.service] = pid;
  }
  const sampler = sampleRss(pids);
  const groups: Record<string, () => number[]> = {
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, () => [pid]])),
    postgres: () => pidsNamed("postgres"),
    nginx: () => pidsNamed("nginx"),
    broker: () => pidsNamed("mock-broker"),
    "bench (autocannon)": () => [process.pid],
  };
  const outcome = await stormScenario(platform.gatewayUrl, adminUrl, mint, groups);
  const memory = sampler.stop().map((m) => ({ ...m, pid: pids[m.service] ?? 0 }));
  const problems: string[] = [];
  if (outcome.confirmed !== STORM.seats) problems.push(`${outcome.confirmed} confirmed`);
  if (outcome.waitlisted !== STORM.attendees - STORM.seats)
    problems.push(`${outcome.waitlisted} waitlisted`);
  if (outcome.seatsTaken !== STORM.seats) problems.push(`seats_taken ${outcome.seatsTaken}`);
  if (Object.keys(outcome.other).length > 0)
    problems.push(`other replies ${JSON.stringify(outcome.other)}`);
  if (problems.length > 0) throw new Error(`registration storm broke: ${problems.join(", ")}`);
  return { row: outcome.row, memory, cpu: outcome.cpu, statements: outcome.statements };
}

export function cpuMarkdown(cpu: Record<string, number>): string {
  const per = (s: number) => ((s * 1000) / STORM.attendees).toFixed(2);
  if (Object.keys(cpu).length === 0) return "";
  return [
    "CPU spent during the registration storm, per process group (where a registration's cost goes):",
    "",
    "| Process | CPU s | CPU ms per registration |",
    "|---|---:|---:|",
    ...Object.entries(cpu).map(([name, s]) => `| ${name} | ${s.toFixed(1)} | ${per(s)} |`),
    "",
  ].join("\n");
}

export function memoryMarkdown(memory: MemoryRow[]): string {
  if (memory.length === 0) return "";
  return [
    "Resident memory (VmRSS) of each service process during the registration storm:",
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
    "Most frequent SQL statements during the registration storm (pg_stat_statements):",
    "",
    "| Calls | Per registration | Total ms | Statement |",
    "|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.calls} | ${per(r.calls)} | ${r.totalMs.toFixed(0)} | \`${r.query.replace(/\|/g, "\\|")}\` |`,
    ),
    "",
  ].join("\n");
}
