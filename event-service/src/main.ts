import { createServiceRuntime } from "@turnout/kit";
import { createApp } from "./app";
import { eventSettings, loadServiceConfig, SERVICE } from "./config";
import { createDatabase } from "./data/database";

/** Wiring only: configuration, connections, HTTP and the outbox relay, clean stop. */
async function main(): Promise<void> {
  const config = loadServiceConfig();
  const runtime = createServiceRuntime(SERVICE, config);
  const db = createDatabase(config.DATABASE_URL, config.DATABASE_SCHEMA);
  runtime.onClose("prisma", () => db.$disconnect());
  await runtime.serve(
    createApp({
      logger: runtime.logger,
      db,
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
