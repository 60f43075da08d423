import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "@turnout/provisioning";

export interface ServiceProcess {
  service: string;
  port: number;
  logFile: string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if the bounded shutdown overruns. */
  stop(): Promise<void>;
  /** SIGKILL at once: a crash, for tests that prove recovery. */
  kill(): Promise<void>;
}

/**
 * glibc keeps what threads free in per-thread arenas, and argon2id's 19 MiB blocks (libuv pool
 * threads) raised the dynamic mmap threshold so they stayed there too: a fixed threshold returns
 * big blocks to the system at once and two arenas bound the rest (the images set the same).
 */
export const MALLOC_TUNING: Record<string, string> = {
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "131072",
};

/**
 * Per-service additions. The auth service hashes passwords with argon2id (19 MiB, CPU-bound)
 * on libuv's pool: as many pool threads as cores hashed faster and held 35 MiB less than the
 * default four (`npm run bench -- allocator`, docs/benchmarks.md).
 */
export function serviceProcessEnv(service: string): Record<string, string> {
  return service === "auth-service"
    ? { ...MALLOC_TUNING, UV_THREADPOOL_SIZE: String(availableParallelism()) }
    : MALLOC_TUNING;
}

/**
 * V8's young generation grows to 3 × 16 MiB under a burst of allocation (start-up compiling, a
 * registration storm) and is slow to give it back: capped at 4 MiB semi-spaces. And after a
 * full GC V8 lets the old generation grow to up to 4 × what is live before the next one, when
 * GC looks cheap: the registration service's ~45 MiB live set sat in a 185 MiB heap during the
 * storm. Growing by half instead kept its peak at 173 MiB (297 before) at the same CPU per
 * registration; it is a growth rule, not a limit. The images pass the same flags
 * (docker-compose.yml; NODE_OPTIONS does not accept the second). docs/benchmarks.md.
 */
export const V8_FLAGS: readonly string[] = ["--max-semi-space-size=4", "--heap-growing-percent=50"];

/**
 * Runs one service from its TypeScript sources (tsx, "source" export condition): the same code
 * the images run after a build, without a build step on the first `npm start`. `tsx/cjs` (the
 * services are CommonJS) compiles in the service's own thread; `--import tsx` added a module
 * loader thread that cost every service about 20 MiB. Its JSON log goes
 * to a file; error lines are also shown on the console. With `TURNOUT_PROFILE_DIR` set, each
 * service writes a V8 CPU profile there when it stops (`--cpu-prof`; open it in Chrome DevTools).
 */
export function startServiceProcess(
  service: string,
  port: number,
  env: NodeJS.ProcessEnv,
  logDir: string,
  onError: (line: string) => void,
): ServiceProcess {
  const logFile = join(logDir, `${service}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const profileDir = process.env.TURNOUT_PROFILE_DIR;
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${join(profileDir, service)}`] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...profile,
      ...V8_FLAGS,
      // Experiments (profiling, memory): more node flags for every service, space-separated.
      ...(process.env.TURNOUT_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
      "--conditions=source",
      "--require",
      "tsx/cjs",
      join(repoRoot(), service, "src", "main.ts"),
    ],
    {
      env: { ...serviceProcessEnv(service), ...env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      log.write(line + "\n");
      if (/"level":"error"/.test(line) || !line.startsWith("{")) onError(line);
    });
  }
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      resolve(code);
    }),
  );
  void exited.then(() => log.end());

  return {
    service,
    port,
    logFile,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      // The kit's shutdown is bounded (SHUTDOWN_TIMEOUT_MS); past that the process is stuck.
      const force = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(force);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Resolves when `/readyz` answers 200; rejects if the process exits or time runs out. */
export async function waitUntilReady(proc: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const state = { exited: false };
  void proc.exited.then(() => (state.exited = true));
  for (;;) {
    if (state.exited)
      throw new Error(`${proc.service} exited during start-up; see ${proc.logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${proc.port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${proc.service} not ready after ${timeoutMs} ms; see ${proc.logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
