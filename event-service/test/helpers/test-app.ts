import type { Express } from "express";
import {
  createLogger,
  createTokenVerifier,
  createVaultClient,
  createVaultKeySource,
  pgReadinessCheck,
} from "@turnout/kit";
import { serviceDatabase, TEST_AUDIENCE, TEST_ISSUER, testStack } from "@turnout/test-kit";
import { createApp } from "../../src/app";
import { SERVICE, type EventSettings } from "../../src/config";
import { createDatabase, type Database } from "../../src/data/database";

export interface TestApp {
  app: Express;
  db: Database;
  /** The service's role on its schema, for arranging rows the API cannot write. */
  pool: ReturnType<typeof serviceDatabase>["pool"];
  schema: string;
  close: () => Promise<void>;
}

/** The real app over the stack's database, with keys read from Vault as event-service's AppRole. */
export function createTestApp(settings: Partial<EventSettings> = {}): TestApp {
  const { url, schema, pool } = serviceDatabase(SERVICE);
  const db = createDatabase(url, schema);
  const { vault } = testStack();
  const approle = vault!.approles[SERVICE]!;
  const keys = createVaultKeySource({
    vault: createVaultClient({
      addr: vault!.addr,
      credentials: { roleId: approle.roleId, secretId: approle.secretId },
    }),
    refreshIntervalMs: 0,
  });
  const verifier = (audience: string, accept: "user" | "service") =>
    createTokenVerifier({ keySource: keys, issuer: TEST_ISSUER, audience, accept });
  const app = createApp({
    logger: createLogger({ service: SERVICE, silent: true }),
    db,
    readiness: [pgReadinessCheck(pool)],
    verifyUser: verifier(TEST_AUDIENCE, "user"),
    verifyService: verifier(SERVICE, "service"),
    settings: { schema, ledgerClients: ["registration-service"], ...settings },
  });
  return {
    app,
    db,
    pool,
    schema,
    close: async () => {
      keys.stop();
      await db.$disconnect();
      await pool.end();
    },
  };
}
