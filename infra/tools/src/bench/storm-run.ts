import type { RunningPlatform } from "../local/platform";
import type { Mint } from "./bench-tokens";
import type { BenchRow } from "./report";
import { pidListeningOn, sampleRss } from "./rss";
import { STORM, stormScenario } from "./storm";

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
): Promise<{ row: BenchRow; memory: MemoryRow[] }> {
  const pids: Record<string, number> = {};
  for (const s of platform.services) {
    const pid = pidListeningOn(s.port);
    if (pid !== undefined) pids[s.service] = pid;
  }
  const sampler = sampleRss(pids);
  const outcome = await stormScenario(platform.gatewayUrl, adminUrl, mint);
  const memory = sampler.stop().map((m) => ({ ...m, pid: pids[m.service] ?? 0 }));
  const problems: string[] = [];
  if (outcome.confirmed !== STORM.seats) problems.push(`${outcome.confirmed} confirmed`);
  if (outcome.waitlisted !== STORM.attendees - STORM.seats)
    problems.push(`${outcome.waitlisted} waitlisted`);
  if (outcome.seatsTaken !== STORM.seats) problems.push(`seats_taken ${outcome.seatsTaken}`);
  if (Object.keys(outcome.other).length > 0)
    problems.push(`other replies ${JSON.stringify(outcome.other)}`);
  if (problems.length > 0) throw new Error(`registration storm broke: ${problems.join(", ")}`);
  return { row: outcome.row, memory };
}

export function memoryMarkdown(memory: MemoryRow[]): string {
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
