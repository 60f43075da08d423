import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Express } from "express";
import type { Pool } from "pg";
import {
  createLogger,
  createPrismaClient,
  createTokenVerifier,
  createVaultClient,
  createVaultKeySource,
  pgReadinessCheck,
} from "@turnout/kit";
import { serviceDatabase, TEST_AUDIENCE, TEST_ISSUER, testStack } from "@turnout/test-kit";
import { createApp } from "../../src/app";
import { SERVICE, type AvatarSettings, type ServiceSettings } from "../../src/config";
import { createAvatarStore, type AvatarStore } from "../../src/data/avatar-store";
import { createServiceDatabase, type ServiceDatabase } from "../../src/data/database";
import { PrismaClient } from "../../src/generated/prisma/client";

export interface TestApp {
  app: Express;
  data: ServiceDatabase;
  /** The service's pool, for assertions in SQL. */
  pool: Pool;
  /** A Prisma client on the same pool, for test fixtures and assertions. */
  prisma: PrismaClient;
  schema: string;
  avatars: AvatarStore;
  settings: ServiceSettings;
  close: () => Promise<void>;
}

/**
 * The real app over the stack's database and Vault, logged in with the user service's own
 * AppRole, on one pool as the service's own, with an avatar folder of its own (removed on close).
 */
export function createTestApp(avatarOverrides: Partial<AvatarSettings> = {}): TestApp {
  const { schema, pool } = serviceDatabase(SERVICE);
  const data = createServiceDatabase(pool, schema);
  const prisma = createPrismaClient(PrismaClient, { pool, schema });
  const { vault } = testStack();
  const approle = vault!.approles[SERVICE]!;
  const client = createVaultClient({
    addr: vault!.addr,
    credentials: { roleId: approle.roleId, secretId: approle.secretId },
  });
  const keys = createVaultKeySource({ vault: client, refreshIntervalMs: 0 });
  const dir = mkdtempSync(join(tmpdir(), "turnout-avatars-"));
  const avatars = createAvatarStore(dir);
  const settings: ServiceSettings = {
    avatars: {
      dir,
      maxBytes: 2 * 1024 * 1024,
      maxInputPixels: 25_000_000,
      sizePx: 512,
      ...avatarOverrides,
    },
  };
  const app = createApp({
    logger: createLogger({ service: SERVICE, silent: true }),
    data,
    readiness: [pgReadinessCheck(pool), { name: "avatar-dir", check: () => avatars.check() }],
    verifyUser: createTokenVerifier({
      keySource: keys,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      accept: "user",
    }),
    settings,
    avatars,
  });
  return {
    app,
    data,
    pool,
    prisma,
    schema,
    avatars,
    settings,
    close: async () => {
      keys.stop();
      await prisma.$disconnect();
      await pool.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
