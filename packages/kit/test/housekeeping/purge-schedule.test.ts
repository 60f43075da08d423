import { randomUUID } from "node:crypto";
import { Registry } from "prom-client";
import { createScratchSchema, waitFor, type ScratchSchema } from "@turnout/test-kit";
import { createPurgeSchedule, processedEventsPurgeJob, type PurgeJob } from "../../src";
import { captureLogger } from "../helpers";

const DAY = 24 * 3600;
let scratch: ScratchSchema;

beforeAll(async () => {
  scratch = await createScratchSchema("purge");
});
afterAll(async () => {
  await scratch.drop();
});
beforeEach(async () => {
  await scratch.pool.query("TRUNCATE processed_events");
});

/** `count` applied event ids, each `ageSeconds` old; their ids. */
async function applied(count: number, ageSeconds: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await scratch.pool.query(
    `INSERT INTO processed_events (consumer_group, event_id, topic, event_type, processed_at)
     SELECT 'purge-test', id, 'some-topic', 'some.type', now() - make_interval(secs => $2::int)
     FROM unnest($1::text[]) AS id`,
    [ids, ageSeconds],
  );
  return ids;
}

async function remaining(): Promise<string[]> {
  const { rows } = await scratch.pool.query<{ event_id: string }>(
    "SELECT event_id FROM processed_events ORDER BY event_id",
  );
  return rows.map((row) => row.event_id);
}

const job = () => processedEventsPurgeJob(scratch.pool, 30 * DAY);

test("a run deletes every expired row in bounded batches and keeps the rest", async () => {
  const expired = await applied(25, 31 * DAY);
  const live = await applied(5, 29 * DAY);
  const captured = captureLogger("purge-test", "info");
  const purges = createPurgeSchedule({
    logger: captured.logger,
    intervalMs: 60_000,
    batchSize: 10,
  });
  purges.add(job());

  const [run] = await purges.runNow();
  expect(run).toEqual({ job: "processed_events", deleted: 25, batches: 3, more: false });
  expect(await remaining()).toEqual([...live].sort());
  expect(expired.length).toBe(25);
  expect(captured.lines).toContainEqual(
    expect.objectContaining({
      message: "purged expired rows",
      job: "processed_events",
      deleted: 25,
    }),
  );
  await purges.stop();
});

test("one run stops at its batch bound and the next run goes on", async () => {
  await applied(12, 40 * DAY);
  const purges = createPurgeSchedule({
    logger: captureLogger().logger,
    intervalMs: 60_000,
    batchSize: 5,
    maxBatchesPerRun: 2,
  });
  purges.add(job());
  expect((await purges.runNow("processed_events"))[0]).toMatchObject({ deleted: 10, more: true });
  expect((await purges.runNow("processed_events"))[0]).toMatchObject({ deleted: 2, more: false });
  expect(await remaining()).toEqual([]);
  await purges.stop();
});

test("replicas purging the same table at once delete each row once and never fail", async () => {
  await applied(300, 31 * DAY);
  const live = await applied(3, DAY);
  const replicas = [1, 2, 3].map(() => {
    const purges = createPurgeSchedule({
      logger: captureLogger().logger,
      intervalMs: 60_000,
      batchSize: 20,
    });
    purges.add(job());
    return purges;
  });
  const runs = (await Promise.all(replicas.map((purges) => purges.runNow()))).flat();
  expect(runs.reduce((sum, run) => sum + run.deleted, 0)).toBe(300);
  expect(await remaining()).toEqual([...live].sort());
  await Promise.all(replicas.map((purges) => purges.stop()));
});

test("runs on its timer, counts in the metrics, and stops", async () => {
  await applied(4, 31 * DAY);
  const registry = new Registry();
  const purges = createPurgeSchedule({
    logger: captureLogger().logger,
    intervalMs: 100,
    batchSize: 100,
    firstDelayMs: () => 0,
  });
  purges.add(job());
  purges.attachMetrics(registry);
  purges.start();
  await waitFor(async () => (await remaining()).length === 0, { timeoutMs: 5_000 });
  // Later runs find nothing and keep running until stopped.
  await waitFor(async () => {
    const runs = await registry.getSingleMetric("purge_runs_total")?.get();
    return (runs?.values.find((v) => v.labels.result === "ok")?.value ?? 0) >= 2;
  });
  await purges.stop();
  const text = await registry.metrics();
  expect(text).toContain('purge_deleted_rows_total{job="processed_events"} 4');
  // Stopped: rows expiring now stay until a later start.
  await applied(2, 31 * DAY);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await remaining()).length).toBe(2);
});

test("a failing job is logged and counted, and does not stop the others", async () => {
  await applied(3, 31 * DAY);
  const captured = captureLogger("purge-test", "info");
  const registry = new Registry();
  const broken: PurgeJob = {
    name: "broken",
    purgeBatch: () => Promise.reject(new Error("relation does not exist")),
  };
  const purges = createPurgeSchedule({
    logger: captured.logger,
    intervalMs: 60_000,
    batchSize: 10,
  });
  purges.add(broken);
  purges.add(job());
  purges.attachMetrics(registry);
  const runs = await purges.runNow();
  expect(runs.map((run) => [run.job, run.deleted])).toEqual([
    ["broken", 0],
    ["processed_events", 3],
  ]);
  expect(captured.lines).toContainEqual(
    expect.objectContaining({
      level: "warn",
      job: "broken",
      message: expect.stringMatching(/purge failed/),
    }),
  );
  expect(await registry.metrics()).toContain('purge_runs_total{job="broken",result="failed"} 1');
  expect(() => {
    purges.add(broken);
  }).toThrow(/added twice/);
  await expect(purges.runNow("nothing")).rejects.toThrow(/no purge job/);
  await purges.stop();
});
