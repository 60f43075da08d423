import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
import { SERVICE, type AvatarSettings, type ServiceSettings } from "../../src/config";
import { createAvatarStore, type AvatarStore } from "../../src/data/avatar-store";
import { createDatabase, type Database } from "../../src/data/database";

export interface TestApp {
  app: Express;
  db: Database;
  schema: string;
  avatars: AvatarStore;
  settings: ServiceSettings;
  close: () => Promise<void>;
}

/**
 * The real app over the stack's database and Vault, logged in with the user service's own
 * AppRole, with an avatar folder of its own (removed on close).
 */
export function createTestApp(avatarOverrides: Partial<AvatarSettings> = {}): TestApp {
  const { url, schema, pool } = serviceDatabase(SERVICE);
  const db = createDatabase(url, schema);
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
    schema,
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
    db,
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
    db,
    schema,
    avatars,
    settings,
    close: async () => {
      keys.stop();
      await db.$disconnect();
      await pool.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
