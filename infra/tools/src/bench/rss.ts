import { readFileSync, readdirSync, readlinkSync } from "node:fs";

/** The pid of the process listening on `port` (127.0.0.1 or any address), from /proc. */
export function pidListeningOn(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; column 9 is the inode.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A" && cols[9]) inodes.add(cols[9]);
    }
  }
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m?.[1] && inodes.has(m[1])) return Number(entry);
      } catch {
        // the fd closed while we looked
      }
    }
  }
  return undefined;
}

/** VmRSS of `pid` in MiB, or NaN once the process is gone. */
export function rssMiB(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m?.[1] ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples every pid's RSS each `intervalMs` until stopped; reports the peak per name. */
export function sampleRss(pids: Record<string, number>, intervalMs = 200) {
  const peak: Record<string, number> = {};
  const before: Record<string, number> = {};
  const take = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const v = rssMiB(pid);
      if (!Number.isNaN(v)) peak[name] = Math.max(peak[name] ?? 0, v);
    }
  };
  for (const [name, pid] of Object.entries(pids)) before[name] = rssMiB(pid);
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop(): { service: string; beforeMiB: number; peakMiB: number }[] {
      clearInterval(timer);
      take();
      return Object.keys(pids).map((service) => ({
        service,
        beforeMiB: before[service] ?? Number.NaN,
        peakMiB: peak[service] ?? Number.NaN,
      }));
    },
  };
}
