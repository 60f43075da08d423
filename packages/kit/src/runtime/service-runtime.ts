import type { Express } from "express";
import type { Admin, Kafka } from "kafkajs";
import type { Pool } from "pg";
import { createKeySourceCheck } from "./readiness-checks";
import { createVaultKeySource, type KeySource } from "../auth/key-source";
import { createRevocationConsumer } from "../auth/revocation-consumer";
import { createRevocationList, type RevocationList } from "../auth/revocation-list";
import { createTokenVerifier, type TokenVerifier } from "../auth/verify-token";
import type { BaseServiceConfig } from "../config";
import { createPgPool, pgReadinessCheck } from "../data";
import type { ReadinessCheck } from "../health";
import { createPurgeSchedule, type PurgeSchedule } from "../housekeeping/purge-schedule";
import {
  createShutdown,
  httpServerSteps,
  startHttpServer,
  type RunningServer,
  type Shutdown,
} from "../lifecycle";
import { createLogger, type Logger } from "../logging";
import {
  createEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
} from "../kafka/event-consumer";
import { createKafka, createProducer } from "../kafka/kafka-client";
import { processedEventsPurgeJob } from "../kafka/processed-events";
import { createOutboxRelay, type OutboxRelay } from "../kafka/outbox-relay";
import type { Metrics } from "../metrics/metrics";
import { createVaultClient, type VaultClient } from "../vault/vault-client";

export interface ServiceRuntime {
  service: string;
  config: BaseServiceConfig;
  logger: Logger;
  /** node-postgres pool as the service's role, `search_path` = its schema. */
  pool: Pool;
  vault: VaultClient;
  keys: KeySource;
  /**
   * Revoked access tokens (`token-revoked`, consumed by this instance with a group of its
   * own); both verifiers reject what it lists.
   */
  revocations: RevocationList;
  /** Verifies user access tokens (audience: the public API). */
  verifyUser: TokenVerifier;
  /** Verifies service tokens addressed to this service (internal routes). */
  verifyService: TokenVerifier;
  kafka: Kafka;
  relay: OutboxRelay;
  /**
   * The scheduled purge of expired rows: `processed_events` is in it already; a service adds the
   * jobs of its own tables (`purges.add`) before `serve`, which starts it.
   */
  purges: PurgeSchedule;
  readiness: ReadinessCheck[];
  shutdown: Shutdown;
  /** A consumer started with the service and stopped before the outbox is flushed. */
  addConsumer<R>(options: Omit<EventConsumerOptions<R>, "kafka" | "logger">): EventConsumer;
  /** Something to close with the pools (a Prisma client). */
  onClose(name: string, close: () => Promise<void>): void;
  /** Starts the relay, the revocation consumer, the consumers and HTTP; installs SIGTERM/SIGINT handling. */
  serve(app: Express): Promise<RunningServer>;
}

/**
 * What every service's main.ts needs, built the same way in all five: a reader who knows one
 * service's start-up knows them all. Nothing connects until `serve`.
 */
export interface ServiceRuntimeOptions {
  /** Tests capture logs with their own logger. */
  logger?: Logger;
  /** Tests observe the exit code instead of ending the test runner. */
  exit?: (code: number) => void;
}

export function createServiceRuntime(
  service: string,
  config: BaseServiceConfig,
  options: ServiceRuntimeOptions = {},
): ServiceRuntime {
  const logger = options.logger ?? createLogger({ service, level: config.LOG_LEVEL });
  const pool = createPgPool({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    max: config.DATABASE_POOL_MAX,
    logger,
  });
  const vault = createVaultClient({
    addr: config.VAULT_ADDR,
    credentials: config.VAULT_TOKEN
      ? { token: config.VAULT_TOKEN }
      : { roleId: config.VAULT_ROLE_ID ?? "", secretId: config.VAULT_SECRET_ID ?? "" },
  });
  const keys = createVaultKeySource({
    vault,
    refreshIntervalMs: config.JWKS_REFRESH_MS,
    onError: (error) =>
      logger.warn("reading the public keys from Vault failed", { error: String(error) }),
  });
  const revocations = createRevocationList();
  const verifier = (audience: string, accept: "user" | "service") =>
    createTokenVerifier({
      keySource: keys,
      issuer: config.JWT_ISSUER,
      audience,
      accept,
      isRevoked: revocations.isRevoked,
      // Callers of internal routes reuse one token until it nears expiry: verify it once.
      cacheSize: accept === "service" ? 256 : 0,
    });
  const kafka = createKafka({ brokers: [...config.KAFKA_BROKERS], clientId: service, logger });
  const revocationConsumer = createRevocationConsumer({
    kafka,
    logger,
    list: revocations,
    service,
    consumerConfig: {
      maxWaitTimeInMs: config.KAFKA_REVOCATION_MAX_WAIT_MS,
      maxIdleWaitTimeInMs: config.KAFKA_IDLE_MAX_WAIT_MS,
    },
  });
  const relay = createOutboxRelay({
    pool,
    producer: createProducer(kafka),
    logger,
    pollIntervalMs: config.OUTBOX_POLL_MS,
  });
  const purges = createPurgeSchedule({
    logger,
    intervalMs: config.PURGE_INTERVAL_MS,
    batchSize: config.PURGE_BATCH_SIZE,
  });
  purges.add(processedEventsPurgeJob(pool, config.PROCESSED_EVENTS_RETENTION_SECONDS));
  const shutdown = createShutdown({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    ...(options.exit ? { exit: options.exit } : {}),
  });
  const consumers: EventConsumer[] = [];
  const closers: { name: string; close: () => Promise<void> }[] = [];
  let admin: Admin | undefined;

  const kafkaCheck: ReadinessCheck = {
    name: "kafka",
    check: async () => {
      if (!admin) {
        const candidate = kafka.admin();
        await candidate.connect();
        admin = candidate;
      }
      await admin.listTopics();
    },
  };

  return {
    service,
    config,
    logger,
    pool,
    vault,
    keys,
    revocations,
    verifyUser: verifier(config.JWT_AUDIENCE, "user"),
    verifyService: verifier(service, "service"),
    kafka,
    relay,
    purges,
    readiness: [
      pgReadinessCheck(pool),
      kafkaCheck,
      createKeySourceCheck(keys),
      shutdown.readinessCheck,
    ],
    shutdown,
    addConsumer(options) {
      const consumer = createEventConsumer({
        ...options,
        kafka,
        logger,
        consumerConfig: {
          maxWaitTimeInMs: config.KAFKA_MAX_WAIT_MS,
          maxIdleWaitTimeInMs: config.KAFKA_IDLE_MAX_WAIT_MS,
          sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
          heartbeatInterval: Math.min(3_000, Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 6)),
          rebalanceTimeout: Math.min(60_000, 2 * config.KAFKA_SESSION_TIMEOUT_MS),
          ...options.consumerConfig,
        },
      });
      consumers.push(consumer);
      return consumer;
    },
    onClose(name, close) {
      closers.push({ name, close });
    },
    async serve(app) {
      await relay.start();
      await revocationConsumer.start();
      for (const consumer of consumers) await consumer.start();
      const metrics = (app.locals as { metrics?: Metrics }).metrics;
      if (metrics) purges.attachMetrics(metrics.registry);
      purges.start();
      // Only the gateway's X-Forwarded-For is believed (the per-address throttles key on it).
      app.set("trust proxy", [...config.TRUSTED_PROXIES]);
      const running = await startHttpServer(app, { port: config.PORT, host: config.LISTEN_HOST });
      const http = httpServerSteps(running.server);
      shutdown
        .register("stop accepting", http.stopAccepting)
        .register("drain", http.drain, { onTimeout: http.forceClose })
        .register("stop consumers", () =>
          Promise.all([revocationConsumer, ...consumers].map((c) => c.stop())).then(
            () => undefined,
          ),
        )
        .register("stop purges", () => purges.stop())
        .register("flush outbox", () => relay.flush())
        .register("stop relay", () => relay.stop())
        .register("close pools", async () => {
          keys.stop();
          revocations.stop();
          await admin?.disconnect();
          for (const closer of closers) await closer.close();
          await pool.end();
        });
      shutdown.listen();
      logger.info(`${service} listening`, { host: config.LISTEN_HOST, port: running.port });
      return running;
    },
  };
}
