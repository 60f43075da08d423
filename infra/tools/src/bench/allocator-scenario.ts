import { availableParallelism } from "node:os";
import { serviceProcessEnv } from "@turnout/dev-stack";
import { argon2InChild, hashOf, type Argon2Probe } from "./argon2-ceiling";

const CONCURRENCY = 8;
const DURATION_MS = 5000;

const cores = String(availableParallelism());
/** The settings the auth service could run with; the chosen one is serviceProcessEnv's. */
const CANDIDATES: Record<string, Record<string, string>> = {
  "glibc defaults": {},
  "MALLOC_ARENA_MAX=2": { MALLOC_ARENA_MAX: "2" },
  [`MALLOC_ARENA_MAX=2, UV_THREADPOOL_SIZE=${cores}`]: {
    MALLOC_ARENA_MAX: "2",
    UV_THREADPOOL_SIZE: cores,
  },
  "MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072": {
    MALLOC_ARENA_MAX: "2",
    MALLOC_MMAP_THRESHOLD_: "131072",
  },
  [`MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072, UV_THREADPOOL_SIZE=${cores}`]: {
    MALLOC_ARENA_MAX: "2",
    MALLOC_MMAP_THRESHOLD_: "131072",
    UV_THREADPOOL_SIZE: cores,
  },
};

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
  const runs: Record<string, Argon2Probe[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, env] of Object.entries(CANDIDATES)) {
      const probe = { hash, password, concurrency: CONCURRENCY, durationMs: DURATION_MS };
      (runs[name] ??= []).push(await argon2InChild(probe, env));
    }
  }
  const chosen = JSON.stringify(serviceProcessEnv("auth-service"));
  return Object.entries(runs).map(([setting, list]) => {
    const sorted = [...list].sort((a, b) => a.perSecond - b.perSecond);
    const mid = sorted[Math.floor(sorted.length / 2)];
    if (!mid) throw new Error(`no probe ran for ${setting}`);
    return {
      ...mid,
      peakRssMiB: Math.max(...list.map((r) => r.peakRssMiB)),
      setting,
      chosen: JSON.stringify(CANDIDATES[setting]) === chosen,
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
