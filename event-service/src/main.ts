import { createServiceRuntime } from "@turnout/kit";
import { createApp } from "./app";
import { eventSettings, loadServiceConfig, SERVICE } from "./config";
import { createServiceDatabase } from "./data/database";

/** Wiring only: configuration, connections, HTTP and the outbox relay, clean stop. */
async function main(): Promise<void> {
  const config = loadServiceConfig();
  const runtime = createServiceRuntime(SERVICE, config);
  // The runtime's one pool: Prisma and every statement run on it.
  const data = createServiceDatabase(runtime.pool, config.DATABASE_SCHEMA);
  await runtime.serve(
    createApp({
      logger: runtime.logger,
      data,
      readiness: runtime.readiness,
      verifyUser: runtime.verifyUser,
      verifyService: runtime.verifyService,
      settings: eventSettings(config),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
