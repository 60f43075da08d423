import { PrismaPg } from "@prisma/adapter-pg";
import type { Pool } from "pg";

/** Any generated PrismaClient: its constructor takes the driver adapter. */
export type PrismaClientClass<T> = new (options: { adapter: PrismaPg }) => T;

/**
 * Builds a generated Prisma client on the service's one pool (the runtime's). The schema is
 * given once, here: Prisma ignores `?schema=` in the URL when an adapter is used, and its model
 * calls name the schema themselves. The pool stays the runtime's to end.
 */
export function createPrismaClient<T>(
  ClientClass: PrismaClientClass<T>,
  options: { pool: Pool; schema: string },
): T {
  const adapter = new PrismaPg(options.pool, {
    schema: options.schema,
    disposeExternalPool: false,
  });
  return new ClientClass({ adapter });
}

/**
 * Prisma's model API, for single-table statements on the pool. Prisma runs them on a connection
 * of its own, so inside a unit of work (where repositories get no client) they would escape the
 * transaction: asking for it there is a programming error.
 */
export function modelApi<T>(prisma: T | undefined): T {
  if (prisma === undefined) {
    throw new Error("Prisma's model API is not available inside a unit of work; use a statement");
  }
  return prisma;
}
