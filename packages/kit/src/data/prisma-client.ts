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
