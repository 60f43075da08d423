import { createPrismaClient } from "@turnout/kit";
import { PrismaClient } from "../generated/prisma/client";

export type Database = PrismaClient;

/** The Prisma client over this service's schema, logged in as this service's role. */
export function createDatabase(databaseUrl: string, schema: string): Database {
  return createPrismaClient(PrismaClient, { databaseUrl, schema });
}
