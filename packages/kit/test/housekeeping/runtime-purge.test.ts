import { randomUUID } from "node:crypto";
import { serviceEnv } from "@turnout/test-kit";
import { loadConfig, serviceConfig } from "../../src/config";
import { createServiceApp } from "../../src/http";
import { createServiceRuntime } from "../../src/runtime";
import { captureLogger } from "../helpers";

// The user service's schema: it has a consumer, so its `processed_events` is in use.
const SERVICE = "user-service";

test("the runtime purges processed_events on its schedule, counts it in /metrics and stops it on shutdown", async () => {
  const config = loadConfig(serviceConfig({}), serviceEnv(SERVICE, { PURGE_INTERVAL_MS: "200" }));
  const captured = captureLogger(SERVICE, "info");
  let exitCode: number | undefined;
  const runtime = createServiceRuntime(SERVICE, config, {
    logger: captured.logger,
    exit: (code) => (exitCode = code),
  });
  const old = randomUUID();
  const recent = randomUUID();
  await runtime.pool.query(
    `INSERT INTO processed_events (consumer_group, event_id, topic, event_type, processed_at)
     VALUES ('runtime-purge', $1, 't', 'x', now() - interval '31 days'),
            ('runtime-purge', $2, 't', 'x', now())`,
    [old, recent],
  );
  const app = createServiceApp({ service: SERVICE, logger: runtime.logger, configure: () => {} });
  const running = await runtime.serve(app);

  const ids = async () =>
    (
      await runtime.pool.query<{ event_id: string }>(
        "SELECT event_id FROM processed_events WHERE consumer_group = 'runtime-purge'",
      )
    ).rows.map((row) => row.event_id);
  const deadline = Date.now() + 10_000;
  while ((await ids()).includes(old) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await ids()).toEqual([recent]);
  const metrics = await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text();
  expect(metrics).toMatch(/^purge_deleted_rows_total\{job="processed_events"[^}]*\} [1-9]/m);

  await runtime.pool.query("DELETE FROM processed_events WHERE consumer_group = 'runtime-purge'");
  expect(await runtime.shutdown.run("test")).toBe(0);
  expect(exitCode).toBe(0);
  expect(captured.lines).toContainEqual(
    expect.objectContaining({ message: "shutdown step", step: "stop purges", result: "ok" }),
  );
});
