import type { Pool } from "pg";
import { createDatabase, createPrismaClient, type Database } from "@turnout/kit";
import { PrismaClient } from "../generated/prisma/client";
import { repositories, type Repositories } from "./repositories";

export type ServiceDatabase = Database<Repositories>;

/**
 * The data layer on the runtime's one pool (`search_path` = `schema`): repositories on the
 * pool, with Prisma's model API (built on the same pool) for the inbox's stand-alone reads and
 * writes, and units of work whose repositories run statements on the transaction's connection.
 */
export function createServiceDatabase(pool: Pool, schema: string): ServiceDatabase {
  const prisma = createPrismaClient(PrismaClient, { pool, schema });
  return createDatabase(pool, (db) => repositories(db, db === pool ? prisma : undefined));
}
