import { createPgPool } from "../data/pg-pool";
import { createLogger, type Logger } from "../logging";
import { createKafka, createProducer } from "./kafka-client";
import { createOutboxRelay } from "./outbox-relay";

export interface StandaloneRelayOptions {
  /** The service's own role. */
  databaseUrl: string;
  schema: string;
  brokers: string[];
  clientId: string;
  logger?: Logger;
  pollIntervalMs?: number;
}

export interface StandaloneRelay {
  /** Publishes what is ready now (see OutboxRelay.flush). */
  flush(): Promise<void>;
  /** Stops the relay and closes its pool and producer. */
  stop(): Promise<void>;
}

/**
 * A relay with connections of its own, started: drains one schema's outbox outside a service
 * process (tests of an app built in-process; an ops flush while the service is down). Several
 * relays on one table are safe (`FOR UPDATE SKIP LOCKED`, per-key order).
 */
export async function startStandaloneRelay(
  options: StandaloneRelayOptions,
): Promise<StandaloneRelay> {
  const logger = options.logger ?? createLogger({ service: options.clientId, silent: true });
  const pool = createPgPool({ databaseUrl: options.databaseUrl, schema: options.schema, max: 2 });
  const relay = createOutboxRelay({
    pool,
    producer: createProducer(
      createKafka({ brokers: options.brokers, clientId: options.clientId, logger }),
    ),
    logger,
    pollIntervalMs: options.pollIntervalMs ?? 200,
  });
  await relay.start();
  return {
    flush: () => relay.flush(),
    stop: async () => {
      await relay.stop();
      await pool.end();
    },
  };
}
