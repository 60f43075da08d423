import { availableParallelism } from "node:os";
import { MALLOC_TUNING, serviceProcessEnv } from "@turnout/dev-stack";
import { argon2InChild, hashOf, type Argon2Probe } from "./argon2-ceiling";

const CONCURRENCY = 8;
const DURATION_MS = 5000;

const AUTH_ENV = serviceProcessEnv("auth-service");
/** The settings the auth service could run with; the last is the one it runs with. */
const CANDIDATES: Record<string, string>[] = [
  {},
  { MALLOC_ARENA_MAX: "2" },
  { MALLOC_ARENA_MAX: "2", UV_THREADPOOL_SIZE: String(availableParallelism()) },
  MALLOC_TUNING,
  AUTH_ENV,
];
const describe = (env: Record<string, string>) =>
  Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ") || "glibc defaults";

export interface AllocatorRow extends Argon2Probe {
  setting: string;
  chosen: boolean;
}

/**
 * argon2id verify rate and peak RSS of a process doing nothing else, under each allocator
 * setting, interleaved over rounds (median rate, max peak): how the auth service's settings were
 * chosen. `npm run bench -- allocator`.
 */
export async function allocatorScenario(rounds = 3): Promise<AllocatorRow[]> {
  const password = "allocator-probe-password";
  const hash = await hashOf(password);
  const runs: Argon2Probe[][] = CANDIDATES.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, env] of CANDIDATES.entries()) {
      const probe = { hash, password, concurrency: CONCURRENCY, durationMs: DURATION_MS };
      runs[i]?.push(await argon2InChild(probe, env));
    }
  }
  return CANDIDATES.map((env, i) => {
    const list = [...(runs[i] ?? [])].sort((a, b) => a.perSecond - b.perSecond);
    const mid = list[Math.floor(list.length / 2)];
    if (!mid) throw new Error(`no probe ran for ${describe(env)}`);
    return {
      ...mid,
      peakRssMiB: Math.max(...list.map((r) => r.peakRssMiB)),
      setting: describe(env),
      chosen: env === AUTH_ENV,
    };
  });
}

export function allocatorMarkdown(rows: AllocatorRow[]): string {
  if (rows.length === 0) return "";
  return [
    `argon2id verify (m=19456, t=2, p=1), ${CONCURRENCY} in flight, a process of its own per setting (median rate of the rounds, highest peak RSS):`,
    "",
    "| Setting | Verifies/s | p50 / p99 ms | Peak RSS (MiB) | Auth service uses it |",
    "|---|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.setting} | ${r.perSecond.toFixed(1)} | ${r.p50Ms.toFixed(0)} / ${r.p99Ms.toFixed(0)} | ${r.peakRssMiB.toFixed(0)} | ${r.chosen ? "yes" : ""} |`,
    ),
    "",
  ].join("\n");
}
