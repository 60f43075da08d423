import { createWriteStream } from "node:fs";
import type { Express } from "express";
import {
  createLogger,
  createServiceTokenClient,
  createTokenVerifier,
  createVaultClient,
  createVaultKeySource,
  pgReadinessCheck,
} from "@turnout/kit";
import { serviceDatabase, TEST_AUDIENCE, TEST_ISSUER, testStack } from "@turnout/test-kit";
import { createApp } from "../../src/app";
import { cachedEventDirectory } from "../../src/clients/cached-event-directory";
import { createEventServiceClient } from "../../src/clients/event-service-client";
import { SERVICE, type RegistrationSettings } from "../../src/config";
import { createServiceDatabase, type ServiceDatabase } from "../../src/data/database";
import { createVaultTicketKeys } from "../../src/data/ticket-keys";
import { createTickets } from "../../src/domain/tickets";
import type { PrismaClient } from "../../src/generated/prisma/client";
import type { RegistrationDeps } from "../../src/domain/deps";
import type { SeatLedger } from "../../src/domain/seat-ledger";
import { createCheckInFeed, type CheckInFeed } from "../../src/live/check-in-feed";

export interface TestApp {
  app: Express;
  /** Prisma on the service's pool, for assertions. */
  db: PrismaClient;
  data: ServiceDatabase;
  /** What the use cases get: tests call the recovery saga with it. */
  deps: RegistrationDeps;
  schema: string;
  /** With `options.live`: the live check-in feed (start it before opening streams). */
  liveFeed?: CheckInFeed;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** Service → base URL of the running peers (`startServices(...).urls`). */
  peers?: Readonly<Record<string, string>>;
  /** Wraps the real ledger client, e.g. to inject a crash after a real reservation. */
  wrapLedger?: (ledger: SeatLedger) => SeatLedger;
  settings?: Partial<RegistrationSettings>;
  poolMax?: number;
  /** Serve the live check-in stream (a LISTEN connection of its own pool). */
  live?: { heartbeatMs: number };
}

/** Silent, unless REGISTRATION_TEST_LOG names a file to append the app's JSON log to. */
const testLogger = () => {
  const file = process.env.REGISTRATION_TEST_LOG;
  return file
    ? createLogger({ service: SERVICE, stream: createWriteStream(file, { flags: "a" }) })
    : createLogger({ service: SERVICE, silent: true });
};

/** Nothing listens there: a peer a test does not need. */
const NOWHERE = "http://127.0.0.1:9";

/**
 * The real app over the stack's database and Vault, logged in with the service's own AppRole,
 * calling the real auth (service tokens) and event service (ledger) processes in `peers`.
 */
export function createTestApp(options: TestAppOptions = {}): TestApp {
  const { schema, pool } = serviceDatabase(SERVICE, options.poolMax);
  const data = createServiceDatabase(pool, schema);
  const { vault } = testStack();
  const approle = vault!.approles[SERVICE]!;
  const vaultClient = createVaultClient({
    addr: vault!.addr,
    credentials: { roleId: approle.roleId, secretId: approle.secretId },
  });
  const keys = createVaultKeySource({ vault: vaultClient, refreshIntervalMs: 0 });
  const ticketKeys = createVaultTicketKeys({ vault: vaultClient, signingKeyRefreshMs: 1_000 });
  const eventService = createEventServiceClient({
    baseUrl: options.peers?.["event-service"] ?? NOWHERE,
    tokens: createServiceTokenClient({
      authUrl: options.peers?.["auth-service"] ?? NOWHERE,
      clientId: SERVICE,
      audience: "event-service",
      vault: vaultClient,
    }),
    timeoutMs: 5_000,
    maxConcurrent: 32,
  });
  const deps: RegistrationDeps = {
    data,
    settings: {
      recoveryGraceMs: 10_000,
      idempotencyWaitMs: 10_000,
      offerLimits: { maxOpenPerUser: 20, maxPerHour: 30 },
      ...options.settings,
    },
    ledger: options.wrapLedger ? options.wrapLedger(eventService) : eventService,
    events: cachedEventDirectory(eventService, 1_000),
    logger: testLogger(),
    tickets: createTickets({ ...ticketKeys, maxLifetimeMs: 400 * 86_400_000 }),
  };
  const liveFeed = options.live && createCheckInFeed({ pool, logger: deps.logger });
  const app = createApp({
    ...deps,
    ...(liveFeed && options.live
      ? {
          liveCheckIns: {
            feed: liveFeed,
            maxPerUser: 3,
            maxTotal: 50,
            heartbeatMs: options.live.heartbeatMs,
          },
        }
      : {}),
    readiness: [pgReadinessCheck(pool)],
    verifyUser: createTokenVerifier({
      keySource: keys,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      accept: "user",
    }),
    ticketKeys: ticketKeys.keys,
  });
  return {
    app,
    db: data.prisma,
    data,
    deps,
    schema,
    ...(liveFeed ? { liveFeed } : {}),
    close: async () => {
      await liveFeed?.stop();
      keys.stop();
      ticketKeys.keys.stop();
      await data.prisma.$disconnect();
      await pool.end();
    },
  };
}
