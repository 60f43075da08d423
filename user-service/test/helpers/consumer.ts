import {
  createEventConsumer,
  createKafka,
  createLogger,
  pgTransaction,
  type EventConsumer,
} from "@turnout/kit";
import { quickConsumer, serviceDatabase, testStack, uniqueGroupId } from "@turnout/test-kit";
import { SERVICE } from "../../src/config";
import { CONSUMED_TOPICS, userServiceHandlers } from "../../src/events/consumers";

/**
 * The service's real consumer (its handlers, topics and transaction) on the real broker, in a
 * group of its own so parallel test files do not split the partitions between them.
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
    handlers: userServiceHandlers(schema, logger),
    schema,
    withTransaction: pgTransaction(pool),
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
