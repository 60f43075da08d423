import type { Express } from "express";
import type { Pool } from "pg";
import request from "supertest";
import {
  createLogger,
  createPgPool,
  createPrismaClient,
  createTokenVerifier,
  createVaultClient,
  createVaultKeySource,
  pgReadinessCheck,
  type KeySource,
  type TokenVerifier,
  type VaultClient,
} from "@turnout/kit";
import { TEST_AUDIENCE, TEST_ISSUER, testStack, uniqueEmail } from "@turnout/test-kit";
import { createApp } from "../../src/app";
import { SERVICE, type AuthSettings } from "../../src/config";
import { createServiceDatabase, type ServiceDatabase } from "../../src/data/database";
import { PrismaClient } from "../../src/generated/prisma/client";
import { createVaultServiceClientSecrets } from "../../src/data/service-clients";
import { createVaultSigningKeySource } from "../../src/data/signing-key";

export interface TestApp {
  app: Express;
  /** The app's data layer. */
  data: ServiceDatabase;
  /** The app's one pool (`search_path` = the schema), for assertions in SQL. */
  pool: Pool;
  /** A Prisma client on that pool, for assertions through the models. */
  prisma: PrismaClient;
  schema: string;
  keys: KeySource;
  close: () => Promise<void>;
}

export type SettingsOverrides = Partial<Omit<AuthSettings, "throttle" | "resetThrottle">> & {
  throttle?: Partial<AuthSettings["throttle"]>;
  resetThrottle?: Partial<AuthSettings["resetThrottle"]>;
};

/** The real app over the stack's database and Vault, logged in with auth's own AppRole. */
export function createTestApp(
  overrides: SettingsOverrides = {},
  /** A runtime's verifier (one that honours the revocation list) instead of a plain one. */
  options: {
    verifyUser?: TokenVerifier;
    /** Another Vault (a private one, for tests that rotate keys) instead of the stack's. */
    vaultClient?: VaultClient;
    signingKeyMaxAgeMs?: number;
    /** PostgreSQL `application_name` of the app's pool, to tell its statements apart. */
    databaseApplicationName?: string;
  } = {},
): TestApp {
  const database = testStack().database.services[SERVICE];
  if (!database) throw new Error(`the test stack has no database for ${SERVICE}`);
  const { url, schema } = database;
  // One pool, as the runtime opens it: the app's repositories, Prisma and readiness share it.
  const pool = createPgPool({
    databaseUrl: url,
    schema,
    max: 5,
    ...(options.databaseApplicationName === undefined
      ? {}
      : { applicationName: options.databaseApplicationName }),
  });
  const data = createServiceDatabase(pool, schema);
  const prisma = createPrismaClient(PrismaClient, { pool, schema });
  const { vault } = testStack();
  const approle = vault!.approles[SERVICE]!;
  const client =
    options.vaultClient ??
    createVaultClient({
      addr: vault!.addr,
      credentials: { roleId: approle.roleId, secretId: approle.secretId },
    });
  const keys = createVaultKeySource({ vault: client, refreshIntervalMs: 0 });
  const settings: AuthSettings = {
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 3600,
    serviceTokenTtlSeconds: 300,
    serviceClientMaxFailures: 20,
    emailVerificationTtlSeconds: 86_400,
    passwordResetTtlSeconds: 1800,
    // Most tests sign in right after signing up; test/register-taken-email.test.ts sets it.
    requireVerifiedEmail: false,
    signUpAttemptMailsPerEmail: 3,
    ...overrides,
    throttle: {
      windowSeconds: 900,
      maxPerAccountAddress: 5,
      maxPerAddress: 50,
      slowDown: { after: 5, baseMs: 500, maxMs: 8000 },
      ...overrides.throttle,
    },
    resetThrottle: { maxPerEmail: 5, maxPerAddress: 30, ...overrides.resetThrottle },
  };
  const app = createApp({
    logger: createLogger({ service: SERVICE, silent: true }),
    data,
    readiness: [pgReadinessCheck(pool)],
    keys,
    signingKey: createVaultSigningKeySource({
      vault: client,
      ...(options.signingKeyMaxAgeMs === undefined ? {} : { maxAgeMs: options.signingKeyMaxAgeMs }),
    }),
    serviceClients: createVaultServiceClientSecrets({ vault: client }),
    verifyUser:
      options.verifyUser ??
      createTokenVerifier({
        keySource: keys,
        issuer: TEST_ISSUER,
        audience: TEST_AUDIENCE,
        accept: "user",
      }),
    settings,
  });
  return {
    app,
    data,
    pool,
    prisma,
    schema,
    keys,
    close: async () => {
      keys.stop();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export const PASSWORD = "correct horse battery";

/** Registers a fresh account and returns what was sent plus the reply. */
export async function registerUser(
  app: Express,
  extra: { username?: string; display_name?: string } = {},
): Promise<{ id: string; email: string; password: string; username?: string }> {
  const body = { email: uniqueEmail("auth"), password: PASSWORD, ...extra };
  const res = await request(app).post("/api/v1/auth/register").send(body);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return { ...body, id: (res.body as { id: string }).id };
}

/** A made-up client address, so tests never share a throttling counter. */
export const uniqueAddress = (): string => `10.${rand()}.${rand()}.${rand()}`;
const rand = () => Math.floor(Math.random() * 254) + 1;
