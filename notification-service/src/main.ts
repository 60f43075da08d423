import { createServiceRuntime, pgTransaction } from "@turnout/kit";
import { createApp } from "./app";
import { loadServiceConfig, notificationSettings, SERVICE } from "./config";
import { createDatabase } from "./data/database";
import { CONSUMED_TOPICS, notificationHandlers } from "./events/consumers";
import { createLiveFeed } from "./live/live-feed";
import { createMailSender } from "./mail/sender";
import { createSmtpTransport } from "./mail/transport";

/** Wiring only: configuration, connections, HTTP and consumers, clean stop. */
async function main(): Promise<void> {
  const config = loadServiceConfig();
  const settings = notificationSettings(config);
  const runtime = createServiceRuntime(SERVICE, config);
  const db = createDatabase(config.DATABASE_URL, config.DATABASE_SCHEMA);
  const sender = createMailSender({
    pool: runtime.pool,
    schema: settings.schema,
    transport: createSmtpTransport({
      smtpUrl: settings.mail.smtpUrl,
      from: settings.mail.from,
      timeoutMs: settings.mail.smtpTimeoutMs,
    }),
    logger: runtime.logger,
    settings: settings.mail,
  });
  const live = createLiveFeed({
    databaseUrl: config.DATABASE_URL,
    schema: settings.schema,
    db,
    logger: runtime.logger,
    onMailQueued: () => {
      sender.wake();
    },
  });
  runtime.addConsumer({
    groupId: SERVICE,
    topics: [...CONSUMED_TOPICS],
    handlers: notificationHandlers({
      schema: settings.schema,
      publicUrl: settings.publicUrl,
      messageIdDomain: settings.mail.messageIdDomain,
    }),
    withTransaction: pgTransaction(runtime.pool),
  });
  // Registered before `serve` adds its steps, so it runs first: open streams never finish on
  // their own and would hold the HTTP drain until its timeout. Clients reconnect elsewhere.
  runtime.shutdown.register("end notification streams and the mail sender", async () => {
    live.hub.closeAll();
    await sender.stop();
  });
  runtime.onClose("notification feed", () => live.listener.stop());
  runtime.onClose("prisma", () => db.$disconnect());

  await live.listener.start();
  sender.start();
  await runtime.serve(
    createApp({
      logger: runtime.logger,
      db,
      readiness: [...runtime.readiness, live.readiness],
      verifyUser: runtime.verifyUser,
      hub: live.hub,
      settings,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
