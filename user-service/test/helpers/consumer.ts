import type { Pool } from "pg";
import { createEventConsumer, createKafka, createLogger, type EventConsumer } from "@turnout/kit";
import { quickConsumer, serviceDatabase, testStack, uniqueGroupId } from "@turnout/test-kit";
import { SERVICE } from "../../src/config";
import { createServiceDatabase } from "../../src/data/database";
import { CONSUMED_TOPICS, userServiceHandlers } from "../../src/events/consumers";

/**
 * The service's real consumer (its handlers, topics and units of work) on the real broker, in
 * a group of its own so parallel test files do not split the partitions between them.
 */
export async function startUserServiceConsumer(
  groupId = uniqueGroupId("user-service"),
): Promise<EventConsumer & { groupId: string }> {
  const { schema, pool } = serviceDatabase(SERVICE);
  const logger = createLogger({ service: SERVICE, silent: true });
  const consumer = createEventConsumer({
    kafka: createKafka({ brokers: testStack().kafka.brokers, clientId: "users-test", logger }),
    groupId,
    topics: CONSUMED_TOPICS,
    handlers: userServiceHandlers(logger),
    database: createServiceDatabase(pool, schema),
    logger,
    consumerConfig: quickConsumer,
  });
  await consumer.start();
  return {
    groupId,
    start: () => consumer.start(),
    stop: async () => {
      await consumer.stop();
      await pool.end();
    },
  };
}

/** How often `processed_events` holds the event for the group (0 or 1). */
export async function processedCount(
  pool: Pool,
  groupId: string,
  eventId: string,
): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM processed_events WHERE consumer_group = $1 AND event_id = $2`,
    [groupId, eventId],
  );
  return rows[0]?.n ?? 0;
}
