import { readFileSync, readdirSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat on Linux (`getconf CLK_TCK`). */
const TICKS_PER_S = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime of the process itself, seconds. */
  own: number;
  /** cutime + cstime: its children that have exited and been reaped, seconds. */
  reaped: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const open = stat.indexOf("(");
    const close = stat.lastIndexOf(")");
    // Fields after the parenthesised name start at field 3 (state): ppid is field 4, utime 14,
    // stime 15, cutime 16, cstime 17.
    const f = stat
      .slice(close + 2)
      .split(" ")
      .map(Number);
    const at = (field: number) => f[field - 3] ?? 0;
    return {
      pid,
      ppid: at(4),
      comm: stat.slice(open + 1, close),
      own: (at(14) + at(15)) / TICKS_PER_S,
      reaped: (at(16) + at(17)) / TICKS_PER_S,
    };
  } catch {
    return undefined;
  }
}

/** This process and every process below it (services, PostgreSQL, nginx, broker, …). */
export function processTree(root = process.pid): ProcStat[] {
  const all: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) all.push(stat);
  }
  const children = new Map<number, ProcStat[]>();
  for (const s of all) {
    const siblings = children.get(s.ppid);
    if (siblings) siblings.push(s);
    else children.set(s.ppid, [s]);
  }
  const tree: ProcStat[] = [];
  const queue = all.filter((s) => s.pid === root);
  for (let next = queue.shift(); next; next = queue.shift()) {
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/** Names the group a process of the tree belongs to (a service, postgres, nginx, …). */
export type Classify = (process: { pid: number; comm: string }) => string;

/**
 * CPU seconds per group of the bench's whole process tree between creation and `stop()`. A
 * process's own time plus the time of its children that exited meanwhile (PostgreSQL backends
 * are reaped by the postmaster), so nothing that ran is missed; processes started meanwhile
 * count from zero. The sum over all groups is the CPU the whole platform and the load
 * generator spent.
 */
export function cpuMeter(classify: Classify) {
  const before = new Map(processTree().map((s) => [s.pid, s.own + s.reaped]));
  return {
    stop(): Record<string, number> {
      const used: Record<string, number> = {};
      for (const s of processTree()) {
        const group = classify(s);
        used[group] = (used[group] ?? 0) + s.own + s.reaped - (before.get(s.pid) ?? 0);
      }
      return used;
    },
  };
}

export const totalCpu = (groups: Record<string, number>) =>
  Object.values(groups).reduce((a, b) => a + b, 0);

/** Runs `work` and returns its result with the CPU each group spent meanwhile. */
export async function withCpu<T>(
  classify: Classify,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: Record<string, number> }> {
  const meter = cpuMeter(classify);
  const result = await work();
  return { result, cpu: meter.stop() };
}
