import type { Pool } from "pg";
import { createDatabase, createPrismaClient, type Database } from "@turnout/kit";
import { PrismaClient } from "../generated/prisma/client";
import { repositories, snapshotMemo, type Repositories } from "./repositories";

/** This service's data layer (docs/data-layer.md): repositories on the runtime's one pool. */
export interface ServiceDatabase extends Database<Repositories> {
  /** Prisma on the same pool: the schema-drift test reads the tables through its models. */
  prisma: PrismaClient;
}

export function createServiceDatabase(pool: Pool, schema: string): ServiceDatabase {
  // Which events' copies this process has stored, and how new: sign-ups skip a write that
  // would change nothing (shared by the pool's repositories and every unit of work's).
  const memo = snapshotMemo();
  return {
    ...createDatabase(pool, (db) => repositories(db, memo)),
    prisma: createPrismaClient(PrismaClient, { pool, schema }),
  };
}
