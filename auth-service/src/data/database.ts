import type { Pool } from "pg";
import { createDatabase, createPrismaClient, type Database } from "@turnout/kit";
import { PrismaClient } from "../generated/prisma/client";
import { repositories, type Repositories } from "./repositories";

export type ServiceDatabase = Database<Repositories>;

/**
 * The auth data layer on the runtime's one pool (`search_path` = `schema`): repositories on the
 * pool, with Prisma's model API for their stand-alone single-table calls, and units of work whose
 * repositories run statements on the transaction's connection only.
 */
export function createServiceDatabase(pool: Pool, schema: string): ServiceDatabase {
  const prisma = createPrismaClient(PrismaClient, { pool, schema });
  return createDatabase(pool, (db) => repositories(db, db === pool ? prisma : undefined));
}
