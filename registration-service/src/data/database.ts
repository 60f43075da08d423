import { createPrismaClient, type Sql } from "@turnout/kit";
import { PrismaClient } from "../generated/prisma/client";

export type Database = PrismaClient;

/**
 * The Prisma client over this service's schema, logged in as this service's role. A burst of
 * sign-ups queues for the pool's connections: it waits up to 15 s for one rather than failing
 * after the kit's default 5 s.
 */
export function createDatabase(databaseUrl: string, schema: string, poolMax?: number): Database {
  return createPrismaClient(PrismaClient, {
    databaseUrl,
    schema,
    connectionTimeoutMillis: 15_000,
    ...(poolMax === undefined ? {} : { max: poolMax }),
  });
}

/**
 * Prisma's defaults (2 s to get a connection, 5 s per transaction) turn a burst of sign-ups
 * queueing on the pool into errors; these bound a stuck transaction without failing a busy one.
 */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

/** Runs `fn` in one transaction: commit when it resolves, roll back when it throws. */
export function inTransaction<T>(db: Database, fn: (tx: Sql) => Promise<T>): Promise<T> {
  return db.$transaction((tx) => fn(tx), TRANSACTION_OPTIONS);
}
