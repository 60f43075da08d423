import { Writable } from "node:stream";
import type { Express } from "express";
import type { AnyCloudEvent } from "@turnout/contracts";
import type { Pool } from "pg";
import {
  createEventConsumer,
  createKafka,
  createLogger,
  createPrismaClient,
  createTokenVerifier,
  createVaultClient,
  createVaultKeySource,
  pgReadinessCheck,
  startHttpServer,
  type EventConsumer,
} from "@turnout/kit";
import {
  quickConsumer,
  serviceDatabase,
  TEST_AUDIENCE,
  TEST_ISSUER,
  testStack,
  uniqueGroupId,
  waitFor,
} from "@turnout/test-kit";
import { createApp } from "../../src/app";
import { SERVICE, type NotificationSettings } from "../../src/config";
import { testSettings } from "./test-settings";
import { createServiceDatabase, type ServiceDatabase } from "../../src/data/database";
import { PrismaClient } from "../../src/generated/prisma/client";
import { CONSUMED_TOPICS, notificationHandlers } from "../../src/events/consumers";
import { createLiveFeed, type LiveFeed } from "../../src/live/live-feed";
import { createMailSender } from "../../src/mail/sender";
import { createSmtpTransport } from "../../src/mail/transport";
import type { WebhookSettings } from "../../src/config";
import { webhookHandlers, WEBHOOK_TOPICS } from "../../src/webhooks/webhook-consumer";
import { createWebhooks, type Webhooks } from "../../src/webhooks/webhooks";
import { testWebhookSettings } from "./test-settings";

export interface TestService {
  app: Express;
  /** `http://127.0.0.1:<port>`: the app listening for real (SSE needs a socket). */
  url: string;
  data: ServiceDatabase;
  /** A Prisma client on the service's pool, for fixtures and assertions. */
  db: PrismaClient;
  pool: Pool;
  schema: string;
  live: LiveFeed;
  settings: NotificationSettings;
  /** Every JSON log line the service wrote. */
  logs: string[];
  /** The consumer's own group. */
  groupId: string;
  /** The webhook side (its dispatcher runs only with the `webhooks` option). */
  webhooks: Webhooks;
  /** The webhook consumer's own group (a consumer runs only with the `webhooks` option). */
  webhookGroupId: string;
  /** Resolves once this service's consumer has applied the event. */
  applied(eventId: string): Promise<void>;
  /** Resolves once this service's consumer has skipped a redelivery of the event. */
  skipped(eventId: string): Promise<void>;
  /**
   * Applies an event with the consumer's own handler in a unit of work, without the broker:
   * for order-sensitive tests, since other test files' consumer groups share these tables and
   * may apply published events in another order.
   */
  apply(event: AnyCloudEvent): Promise<void>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  /** Run the consumer (a group of its own, so test files never share partitions). */
  consumer?: boolean;
  mailSender?: boolean;
  heartbeatMs?: number;
  /** Run the webhook consumer and dispatcher (one test file only: they share the tables). */
  webhooks?: boolean;
  /** Webhook settings over the test defaults (`testWebhookSettings`). */
  webhookSettings?: Partial<WebhookSettings>;
}

/** The whole service in-process over the stack's PostgreSQL, broker, Vault and SMTP server. */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const stack = testStack();
  const { schema, pool } = serviceDatabase(SERVICE);
  const data = createServiceDatabase(pool, schema);
  const db = createPrismaClient(PrismaClient, { pool, schema });
  const logs: string[] = [];
  const logger = createLogger({
    service: SERVICE,
    level: "debug",
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString("utf8"));
        done();
      },
    }),
  });
  const settings = testSettings(stack.mail?.smtpUrl, options.heartbeatMs);
  const approle = stack.vault?.approles[SERVICE];
  if (!stack.vault || !approle) throw new Error("the stack has no Vault AppRole for " + SERVICE);
  const vault = createVaultClient({
    addr: stack.vault.addr,
    credentials: { roleId: approle.roleId, secretId: approle.secretId },
  });
  const keys = createVaultKeySource({ vault, refreshIntervalMs: 0 });
  const sender = createMailSender({
    data,
    transport: createSmtpTransport({
      smtpUrl: settings.mail.smtpUrl,
      from: settings.mail.from,
      timeoutMs: settings.mail.smtpTimeoutMs,
    }),
    logger,
    settings: settings.mail,
  });
  const live = createLiveFeed({
    data,
    logger,
    onMailQueued: () => {
      sender.wake();
    },
  });
  const handlers = notificationHandlers({
    publicUrl: settings.publicUrl,
    messageIdDomain: settings.mail.messageIdDomain,
  });
  const flow = { publicUrl: settings.publicUrl, messageIdDomain: settings.mail.messageIdDomain };
  // Read with the service's own AppRole: the policy must grant the key.
  const webhooks = await createWebhooks({
    data,
    vault,
    settings: { ...testWebhookSettings(), ...options.webhookSettings },
    flow,
    logger,
  });
  const webhookGroupId = uniqueGroupId("notifications-webhooks");
  const webhookConsumer = options.webhooks
    ? createEventConsumer({
        kafka: createKafka({ brokers: stack.kafka.brokers, clientId: "webhook-test", logger }),
        groupId: webhookGroupId,
        topics: [...WEBHOOK_TOPICS],
        handlers: webhookHandlers(),
        database: data,
        logger,
        consumerConfig: quickConsumer,
      })
    : undefined;
  let consumer: EventConsumer | undefined;
  const groupId = uniqueGroupId("notifications");
  if (options.consumer) {
    consumer = createEventConsumer({
      kafka: createKafka({ brokers: stack.kafka.brokers, clientId: "notification-test", logger }),
      groupId,
      topics: [...CONSUMED_TOPICS],
      handlers,
      database: data,
      logger,
      consumerConfig: quickConsumer,
    });
  }
  const app = createApp({
    logger,
    data,
    readiness: [pgReadinessCheck(pool), live.readiness],
    verifyUser: createTokenVerifier({
      keySource: keys,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      accept: "user",
    }),
    hub: live.hub,
    settings,
    webhooks: webhooks.api,
  });

  await live.listener.start();
  if (options.webhooks) {
    await webhooks.listener.start();
    webhooks.dispatcher.start();
    await webhookConsumer?.start();
  }
  if (options.mailSender) sender.start();
  await consumer?.start();
  const { server, port } = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    data,
    db,
    pool,
    schema,
    live,
    settings,
    logs,
    groupId,
    webhooks,
    webhookGroupId,
    applied: async (eventId) => {
      await waitFor(
        async () =>
          (
            await pool.query(
              "SELECT 1 FROM processed_events WHERE consumer_group = $1 AND event_id = $2",
              [groupId, eventId],
            )
          ).rowCount === 1,
        { timeoutMs: 20_000, message: `event ${eventId} applied` },
      );
    },
    skipped: async (eventId) => {
      await waitFor(
        () =>
          logs.some(
            (line) =>
              line.includes('"message":"event already applied; skipped"') &&
              line.includes(`"event_id":"${eventId}"`),
          ),
        { timeoutMs: 20_000, message: `redelivery of ${eventId} skipped` },
      );
    },
    apply: async (event) => {
      const handler = handlers.find((h) => h.type === event.type);
      if (!handler) throw new Error(`no handler for ${event.type}`);
      const work = handler.prepare(event);
      await data.transaction((tx) => work(tx));
    },
    close: async () => {
      live.hub.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      await sender.stop();
      await webhookConsumer?.stop();
      await webhooks.dispatcher.stop();
      await webhooks.listener.stop();
      await consumer?.stop();
      await live.listener.stop();
      keys.stop();
      await db.$disconnect();
      await pool.end();
    },
  };
}

export { MAIL_FROM, PUBLIC_URL } from "./test-settings";
