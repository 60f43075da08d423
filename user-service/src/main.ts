import { createServiceRuntime } from "@turnout/kit";
import { createApp } from "./app";
import { loadServiceConfig, SERVICE, serviceSettings } from "./config";
import { createAvatarStore } from "./data/avatar-store";
import { createServiceDatabase } from "./data/database";
import { CONSUMED_TOPICS, CONSUMER_GROUP, userServiceHandlers } from "./events/consumers";

/** Wiring only: configuration, connections, HTTP and consumers, clean stop. */
async function main(): Promise<void> {
  const config = loadServiceConfig();
  const settings = serviceSettings(config);
  const runtime = createServiceRuntime(SERVICE, config);
  const data = createServiceDatabase(runtime.pool, config.DATABASE_SCHEMA);
  const avatars = createAvatarStore(settings.avatars.dir);
  await avatars.ensure();

  runtime.addConsumer({
    groupId: CONSUMER_GROUP,
    topics: CONSUMED_TOPICS,
    handlers: userServiceHandlers(runtime.logger),
    database: data,
  });

  await runtime.serve(
    createApp({
      logger: runtime.logger,
      data,
      readiness: [...runtime.readiness, { name: "avatar-dir", check: () => avatars.check() }],
      verifyUser: runtime.verifyUser,
      settings,
      avatars,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
