import { readFileSync, readdirSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat on Linux (`getconf CLK_TCK`). */
const TICKS_PER_S = 100;

/** User + system CPU seconds `pid` has used so far, or NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}

/** Pids whose command name (/proc/<pid>/comm) starts with `prefix` (postgres, nginx, …). */
export function pidsNamed(prefix: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").startsWith(prefix)) found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/**
 * CPU seconds each named group of processes spends between `start()` and `stop()`. Groups are
 * re-resolved at stop so processes started in between (PostgreSQL backends) count from zero.
 */
export function cpuMeter(groups: Record<string, () => number[]>) {
  const before = new Map<number, number>();
  for (const resolve of Object.values(groups))
    for (const pid of resolve()) before.set(pid, cpuSeconds(pid));
  return {
    stop(): Record<string, number> {
      const used: Record<string, number> = {};
      for (const [name, resolve] of Object.entries(groups)) {
        let sum = 0;
        for (const pid of resolve()) {
          const now = cpuSeconds(pid);
          if (!Number.isNaN(now)) sum += now - (before.get(pid) ?? 0);
        }
        used[name] = sum;
      }
      return used;
    },
  };
}
