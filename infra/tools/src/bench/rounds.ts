/** One measured run of a scenario or of its ceiling. */
export interface RoundResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  /** CPU milliseconds per operation summed over every process of the run (see cpu.ts). */
  cpuMsPerOp?: number;
}

/**
 * Ceiling and system run alternately (ceiling, system, ceiling, system, …) so that a noisy
 * stretch of the shared machine falls on both sides; each pair gives one ratio.
 */
export async function interleave(
  rounds: number,
  runCeiling: (round: number) => Promise<RoundResult>,
  runSystem: (round: number) => Promise<RoundResult>,
): Promise<{ ceiling: RoundResult[]; system: RoundResult[]; ratios: number[] }> {
  const ceiling: RoundResult[] = [];
  const system: RoundResult[] = [];
  for (let round = 0; round < rounds; round++) {
    ceiling.push(await runCeiling(round));
    system.push(await runSystem(round));
  }
  const ratios = system.map((s, i) => s.perSecond / (ceiling[i]?.perSecond ?? Number.NaN));
  return { ceiling, system, ratios };
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The median of each figure over the rounds; failures are summed. */
export function medianRound(results: RoundResult[]): RoundResult {
  const cpu = results.map((r) => r.cpuMsPerOp).filter((v): v is number => v !== undefined);
  return {
    perSecond: median(results.map((r) => r.perSecond)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
    ...(cpu.length > 0 ? { cpuMsPerOp: median(cpu) } : {}),
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
