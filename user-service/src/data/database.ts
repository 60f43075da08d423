import type { Pool } from "pg";
import { createDatabase, createPrismaClient, type Database } from "@turnout/kit";
import { PrismaClient } from "../generated/prisma/client";
import { repositories, type Repositories } from "./repositories";

export type ServiceDatabase = Database<Repositories>;

/**
 * The data layer on the runtime's one pool: repositories on the pool (with the Prisma client,
 * built on the same pool) and units of work (statements on one connection, no Prisma).
 */
export function createServiceDatabase(pool: Pool, schema: string): ServiceDatabase {
  const prisma = createPrismaClient(PrismaClient, { pool, schema });
  return createDatabase(pool, (db) => repositories(db, db === pool ? prisma : undefined));
}
