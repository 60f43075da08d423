import { totalCpu, withCpu, type Classify } from "./cpu";
import type { BenchRow } from "./report";

const DURATION_S = 10;

/**
 * The platform with nothing to do: CPU milliseconds per second over every process (consumer
 * fetch loops, outbox relays, key refreshes, health of the stand-ins). No ceiling: the goal is
 * as close to zero as the design allows.
 */
export async function idleScenario(
  classify: Classify,
): Promise<{ row: BenchRow; cpu: Record<string, number> }> {
  await new Promise((r) => setTimeout(r, 2000)); // let the previous scenario's tail settle
  const { cpu } = await withCpu(
    classify,
    () => new Promise((r) => setTimeout(r, DURATION_S * 1000)),
  );
  const perSecond = (totalCpu(cpu) * 1000) / DURATION_S;
  const top = Object.entries(cpu)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, s]) => `${name} ${((s * 1000) / DURATION_S).toFixed(1)}`)
    .join(", ");
  return {
    cpu,
    row: {
      scenario: "Idle platform (nothing to do, 10 s)",
      unit: "CPU ms/s",
      measured: { perSecond, p50Ms: Number.NaN, p99Ms: Number.NaN, failures: 0 },
      concurrency: 0,
      durationS: DURATION_S,
      note: `CPU milliseconds per second summed over every process while idle; the most: ${top} ms/s.`,
    },
  };
}
