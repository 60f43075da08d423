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
import { createServiceDatabase, type ServiceDatabase } from "../../src/data/database";

export interface TestApp {
  app: Express;
  data: ServiceDatabase;
  /**
   * The service's one pool (its role, `search_path` = its schema), which the app also runs on:
   * for arranging rows the API cannot write and for asserting on them.
   */
  pool: ReturnType<typeof serviceDatabase>["pool"];
  schema: string;
  close: () => Promise<void>;
}

/** The real app over the stack's database, with keys read from Vault as event-service's AppRole. */
export function createTestApp(settings: Partial<EventSettings> = {}): TestApp {
  const { schema, pool } = serviceDatabase(SERVICE);
  const data = createServiceDatabase(pool, schema);
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
    data,
    readiness: [pgReadinessCheck(pool)],
    verifyUser: verifier(TEST_AUDIENCE, "user"),
    verifyService: verifier(SERVICE, "service"),
    settings: { ledgerClients: ["registration-service"], ...settings },
  });
  return {
    app,
    data,
    pool,
    schema,
    close: async () => {
      keys.stop();
      await pool.end();
    },
  };
}
