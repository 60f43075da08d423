import type { Registry } from "prom-client";
import type { Logger } from "../logging/logger";
import { createPurgeMetrics, type PurgeMetrics } from "./purge-metrics";

/**
 * One kind of expired row to delete on a schedule. `purgeBatch` is a repository call: one
 * statement that deletes at most `limit` expired rows (the rows it picks are locked with
 * `FOR UPDATE SKIP LOCKED`, so replicas running the same job at once take different rows and
 * never wait for each other) and answers how many it deleted.
 */
export interface PurgeJob {
  /** Short and stable: it names the job in logs and metrics (`refresh_tokens`). */
  name: string;
  purgeBatch(limit: number): Promise<number>;
}

export interface PurgeRun {
  job: string;
  deleted: number;
  batches: number;
  /** The run stopped at `maxBatchesPerRun` with rows left; the next run goes on. */
  more: boolean;
}

export interface PurgeSchedule {
  /** Adds jobs; a name already added is a programming error. */
  add(...jobs: PurgeJob[]): void;
  /** Runs each job every `intervalMs`, the first time at a random point of the first interval. */
  start(): void;
  /** Runs every job (or the named one) now, after any run of it in progress. */
  runNow(name?: string): Promise<PurgeRun[]>;
  /** Counts runs and deleted rows in `registry` (the service's `/metrics`). */
  attachMetrics(registry: Registry): void;
  /** Stops the timers; waits for a run in progress, which ends after its current batch. */
  stop(): Promise<void>;
}

export interface PurgeScheduleOptions {
  logger: Logger;
  intervalMs: number;
  batchSize: number;
  /** Bounds one run (default 100 batches); what is left waits for the next run. */
  maxBatchesPerRun?: number;
  /** The first run's delay, for tests; random within the first interval by default. */
  firstDelayMs?: (intervalMs: number) => number;
}

interface Scheduled {
  job: PurgeJob;
  timer?: NodeJS.Timeout;
  /** The run in progress (or the last one): runs of one job never overlap. */
  running: Promise<unknown>;
}

/**
 * The scheduled purge every service runs: each job deletes its expired rows in bounded
 * batches, so no statement holds many locks or a long transaction, and a backlog is worked off
 * over several runs. It is safe with any number of replicas without coordination: a batch is
 * idempotent (an expired row stays expired) and replicas skip each other's locked rows.
 */
export function createPurgeSchedule(options: PurgeScheduleOptions): PurgeSchedule {
  const { logger, intervalMs, batchSize } = options;
  const maxBatches = options.maxBatchesPerRun ?? 100;
  const firstDelay = options.firstDelayMs ?? ((ms: number) => Math.floor(Math.random() * ms));
  const jobs = new Map<string, Scheduled>();
  let metrics: PurgeMetrics | undefined;
  let started = false;
  let stopping = false;

  const runJob = async (job: PurgeJob): Promise<PurgeRun> => {
    const startedAt = Date.now();
    const run: PurgeRun = { job: job.name, deleted: 0, batches: 0, more: false };
    try {
      for (;;) {
        const deleted = await job.purgeBatch(batchSize);
        run.batches++;
        run.deleted += deleted;
        if (deleted < batchSize) break;
        if (run.batches >= maxBatches || stopping) {
          run.more = true;
          break;
        }
      }
    } catch (error) {
      metrics?.failed(job.name, run.deleted);
      logger.warn("purge failed; the next run tries again", {
        job: job.name,
        deleted: run.deleted,
        error: String(error),
      });
      return run;
    }
    metrics?.succeeded(job.name, run.deleted);
    const fields = { ...run, duration_ms: Date.now() - startedAt };
    if (run.deleted > 0) logger.info("purged expired rows", fields);
    else logger.debug("purge found nothing expired", fields);
    return run;
  };

  /** Queues a run of `entry` after the one in progress; the run's outcome. */
  const enqueue = (entry: Scheduled): Promise<PurgeRun> => {
    const next = entry.running.then(() => runJob(entry.job));
    entry.running = next;
    return next;
  };

  const schedule = (entry: Scheduled, delayMs: number): void => {
    if (stopping) return;
    entry.timer = setTimeout(() => {
      void enqueue(entry).then(() => {
        schedule(entry, intervalMs);
      });
    }, delayMs);
    // A pending purge never keeps a process alive.
    entry.timer.unref();
  };

  return {
    add(...added) {
      for (const job of added) {
        if (jobs.has(job.name)) throw new Error(`purge job "${job.name}" is added twice`);
        const entry: Scheduled = { job, running: Promise.resolve() };
        jobs.set(job.name, entry);
        if (started) schedule(entry, firstDelay(intervalMs));
      }
    },
    start() {
      if (started) return;
      started = true;
      for (const entry of jobs.values()) schedule(entry, firstDelay(intervalMs));
    },
    async runNow(name) {
      const selected = [...jobs.values()].filter(
        (entry) => name === undefined || entry.job.name === name,
      );
      if (name !== undefined && selected.length === 0) throw new Error(`no purge job "${name}"`);
      const runs: PurgeRun[] = [];
      for (const entry of selected) runs.push(await enqueue(entry));
      return runs;
    },
    attachMetrics(registry) {
      metrics ??= createPurgeMetrics(registry);
    },
    async stop() {
      stopping = true;
      for (const entry of jobs.values()) clearTimeout(entry.timer);
      await Promise.all([...jobs.values()].map((entry) => entry.running));
    },
  };
}
