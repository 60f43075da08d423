import { createServiceRuntime, createServiceTokenClient } from "@turnout/kit";
import { createApp } from "./app";
import { cachedEventDirectory } from "./clients/cached-event-directory";
import { createEventServiceClient } from "./clients/event-service-client";
import { loadServiceConfig, registrationSettings, retentionSettings, SERVICE } from "./config";
import { createServiceDatabase } from "./data/database";
import { createVaultTicketKeys } from "./data/ticket-keys";
import type { RegistrationDeps } from "./domain/deps";
import { registrationPurgeJobs } from "./domain/purge-jobs";
import { recoverOnce } from "./domain/recovery";
import { startRecoveryLoop } from "./domain/recovery-loop";
import { createTickets } from "./domain/tickets";
import { createCheckInFeed } from "./live/check-in-feed";
import { CONSUMED_TOPICS, CONSUMER_GROUP, consumerHandlers } from "./events/event-consumers";

/** Wiring only: configuration, connections, HTTP and consumers, clean stop. */
async function main(): Promise<void> {
  const config = loadServiceConfig();
  const settings = registrationSettings(config);
  const runtime = createServiceRuntime(SERVICE, config);
  const data = createServiceDatabase(runtime.pool, config.DATABASE_SCHEMA);
  const eventService = createEventServiceClient({
    baseUrl: config.EVENT_SERVICE_URL,
    tokens: createServiceTokenClient({
      authUrl: config.AUTH_SERVICE_URL,
      clientId: SERVICE,
      audience: "event-service",
      vault: runtime.vault,
    }),
    timeoutMs: config.EVENT_SERVICE_TIMEOUT_MS,
    maxConcurrent: config.EVENT_SERVICE_MAX_CONCURRENCY,
  });
  const ticketKeys = createVaultTicketKeys({
    vault: runtime.vault,
    signingKeyRefreshMs: config.TICKET_SIGNING_KEY_REFRESH_MS,
    onError: (error) =>
      runtime.logger.warn("re-reading the ticket keys failed; the cached ones stay in use", {
        error: String(error),
      }),
  });
  const deps: RegistrationDeps = {
    data,
    settings,
    ledger: eventService,
    events: cachedEventDirectory(eventService, config.EVENT_READ_CACHE_MS),
    logger: runtime.logger,
    tickets: createTickets({ ...ticketKeys, maxLifetimeMs: config.TICKET_MAX_LIFETIME }),
  };

  runtime.addConsumer({
    groupId: CONSUMER_GROUP,
    topics: CONSUMED_TOPICS,
    handlers: consumerHandlers(),
    database: data,
  });
  runtime.purges.add(...registrationPurgeJobs({ data, retention: retentionSettings(config) }));

  // The live check-in view: every replica LISTENs. Its streams end first at shutdown (they would
  // hold the HTTP drain); the LISTEN connection, one of the pool's, goes with them.
  const checkInFeed = createCheckInFeed({ pool: runtime.pool, logger: runtime.logger });
  runtime.shutdown.register("end check-in streams", () => checkInFeed.stop());
  await checkInFeed.start();

  await runtime.serve(
    createApp({
      ...deps,
      readiness: [...runtime.readiness, checkInFeed.readiness],
      verifyUser: runtime.verifyUser,
      ticketKeys: ticketKeys.keys,
      liveCheckIns: {
        feed: checkInFeed,
        maxPerUser: config.CHECK_IN_MAX_STREAMS_PER_USER,
        maxTotal: config.CHECK_IN_MAX_STREAMS,
        heartbeatMs: config.CHECK_IN_HEARTBEAT_MS,
      },
    }),
  );

  // Settles what a crash left behind, at start and then every RECOVERY_INTERVAL_MS. Closers run
  // in order: the loop stops before the database client it uses.
  const recovery = startRecoveryLoop({
    pass: () => recoverOnce(deps),
    intervalMs: config.RECOVERY_INTERVAL_MS,
    logger: runtime.logger,
  });
  runtime.onClose("recovery", () => recovery.stop());
  runtime.onClose("prisma", () => data.prisma.$disconnect());
  runtime.onClose("ticket keys", () => {
    ticketKeys.keys.stop();
    return Promise.resolve();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
