import type { RunningPlatform } from "../local/platform";
import type { Classify } from "./cpu";
import { pidListeningOn } from "./rss";

/** Each service's pid (found from its listening port). */
export function servicePids(platform: RunningPlatform): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const s of platform.services) {
    const pid = pidListeningOn(s.port);
    if (pid !== undefined) pids[s.service] = pid;
  }
  return pids;
}

/**
 * Names every process of the bench's tree: the five services, PostgreSQL (postmaster and
 * backends), nginx (both gateways), the broker, and the bench process itself, which is the
 * load generator and also hosts the Vault and mail stand-ins; anything else is "other".
 */
export function platformClassifier(platform: RunningPlatform): Classify {
  const services = new Map(Object.entries(servicePids(platform)).map(([name, pid]) => [pid, name]));
  return ({ pid, comm }) => {
    const service = services.get(pid);
    if (service) return service;
    if (pid === process.pid) return "bench (load generator, Vault, mail)";
    if (comm.startsWith("postgres")) return "postgres";
    if (comm.startsWith("nginx")) return "nginx";
    if (comm.includes("broker")) return "broker";
    return "other";
  };
}
