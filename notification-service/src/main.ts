import { createServiceRuntime } from "@turnout/kit";
import { createApp } from "./app";
import { loadServiceConfig, notificationSettings, retentionSettings, SERVICE } from "./config";
import { createServiceDatabase } from "./data/database";
import { notificationPurgeJobs } from "./domain/purge-jobs";
import { CONSUMED_TOPICS, notificationHandlers } from "./events/consumers";
import { createLiveFeed } from "./live/live-feed";
import { createMailSender } from "./mail/sender";
import { createSmtpTransport } from "./mail/transport";
import { remindOnce } from "./reminders/reminder-job";
import { startReminderLoop } from "./reminders/reminder-loop";

/** Wiring only: configuration, connections, HTTP and consumers, clean stop. */
async function main(): Promise<void> {
  const config = loadServiceConfig();
  const settings = notificationSettings(config);
  const runtime = createServiceRuntime(SERVICE, config);
  const data = createServiceDatabase(runtime.pool, config.DATABASE_SCHEMA);
  const sender = createMailSender({
    data,
    transport: createSmtpTransport({
      smtpUrl: settings.mail.smtpUrl,
      from: settings.mail.from,
      timeoutMs: settings.mail.smtpTimeoutMs,
    }),
    logger: runtime.logger,
    settings: settings.mail,
  });
  const live = createLiveFeed({
    data,
    logger: runtime.logger,
    onMailQueued: () => {
      sender.wake();
    },
  });
  const flow = { publicUrl: settings.publicUrl, messageIdDomain: settings.mail.messageIdDomain };
  runtime.addConsumer({
    groupId: SERVICE,
    topics: [...CONSUMED_TOPICS],
    handlers: notificationHandlers(flow),
    database: data,
  });
  runtime.purges.add(...notificationPurgeJobs({ data, retention: retentionSettings(config) }));
  // Registered before `serve` adds its steps, so it runs first: open streams never finish on
  // their own and would hold the HTTP drain until its timeout. Clients reconnect elsewhere.
  runtime.shutdown.register("end notification streams and the mail sender", async () => {
    live.hub.closeAll();
    await sender.stop();
  });
  // Before the pool ends: the LISTEN connection is one of its connections.
  runtime.onClose("notification feed", () => live.listener.stop());

  await live.listener.start();
  sender.start();
  // On every replica; the writes' keys make each reminder happen once (reminders/reminder-job.ts).
  const reminders = startReminderLoop({
    pass: () => remindOnce(data, flow),
    intervalMs: config.REMINDER_INTERVAL_MS,
    logger: runtime.logger,
  });
  runtime.shutdown.register("stop the reminder job", () => reminders.stop());
  await runtime.serve(
    createApp({
      logger: runtime.logger,
      data,
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
