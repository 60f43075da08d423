import { createKafka, createLogger, createOutboxRelay, createProducer } from "@turnout/kit";
import { serviceDatabase, testStack } from "@turnout/test-kit";
import { SERVICE } from "../../src/config";

/** A real relay on the registrations schema, so events written by the app reach their topics. */
export async function startRegistrationOutboxRelay(): Promise<{ stop: () => Promise<void> }> {
  const { url, schema, pool } = serviceDatabase(SERVICE);
  const logger = createLogger({ service: SERVICE, silent: true });
  const relay = createOutboxRelay({
    pool,
    databaseUrl: url,
    schema,
    producer: createProducer(
      createKafka({
        brokers: testStack().kafka.brokers,
        clientId: "registration-test-relay",
        logger,
      }),
    ),
    logger,
    pollIntervalMs: 200,
  });
  await relay.start();
  return {
    stop: async () => {
      await relay.stop();
      await pool.end();
    },
  };
}
