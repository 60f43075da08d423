import { createServiceRuntime } from "@turnout/kit";
import { createApp } from "./app";
import {
  loadServiceConfig,
  notificationSettings,
  retentionSettings,
  SERVICE,
  webhookSettings,
} from "./config";
import { createServiceDatabase } from "./data/database";
import { notificationPurgeJobs } from "./domain/purge-jobs";
import { CONSUMED_TOPICS, notificationHandlers } from "./events/consumers";
import { createLiveFeed } from "./live/live-feed";
import { createMailSender } from "./mail/sender";
import { createSmtpTransport } from "./mail/transport";
import { remindOnce } from "./reminders/reminder-job";
import { startReminderLoop } from "./reminders/reminder-loop";
import { WEBHOOK_GROUP, WEBHOOK_TOPICS, webhookHandlers } from "./webhooks/webhook-consumer";
import { createWebhooks } from "./webhooks/webhooks";

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
  // Its own group: a slow receiver never holds back mail (docs/integrations.md#webhooks).
  runtime.addConsumer({
    groupId: WEBHOOK_GROUP,
    topics: [...WEBHOOK_TOPICS],
    handlers: webhookHandlers(),
    database: data,
  });
  const webhooks = await createWebhooks({
    data,
    vault: runtime.vault,
    settings: webhookSettings(config),
    flow,
    logger: runtime.logger,
  });
  runtime.purges.add(...notificationPurgeJobs({ data, retention: retentionSettings(config) }));
  // Registered before `serve` adds its steps, so it runs first: open streams never finish on
  // their own and would hold the HTTP drain until its timeout. Clients reconnect elsewhere.
  runtime.shutdown.register("end notification streams and the mail sender", async () => {
    live.hub.closeAll();
    await sender.stop();
  });
  runtime.shutdown.register("stop the webhook dispatcher", () => webhooks.dispatcher.stop());
  // Before the pool ends: the LISTEN connection is one of its connections.
  runtime.onClose("notification feed", () => live.listener.stop());
  runtime.onClose("webhook feed", () => webhooks.listener.stop());

  await live.listener.start();
  sender.start();
  await webhooks.listener.start();
  webhooks.dispatcher.start();
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
      webhooks: webhooks.api,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
