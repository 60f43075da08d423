import { PrismaPg } from "@prisma/adapter-pg";
import { createPgPool, type PgPoolOptions } from "./pg-pool";

/** Any generated PrismaClient: its constructor takes the driver adapter. */
export type PrismaClientClass<T> = new (options: { adapter: PrismaPg }) => T;

export interface PrismaClientOptions extends Omit<PgPoolOptions, "schema"> {
  /** The service's schema; also the default for raw SQL through `search_path`. */
  schema: string;
}

/**
 * Builds a generated Prisma client on the pg driver adapter. The schema has to be given
 * to the adapter: Prisma ignores `?schema=` in the URL when an adapter is used. The pool
 * is the kit's, so idle-connection errors are logged, and `$disconnect()` ends it.
 */
export function createPrismaClient<T>(
  ClientClass: PrismaClientClass<T>,
  options: PrismaClientOptions,
): T {
  const pool = createPgPool(options);
  const adapter = new PrismaPg(pool, { schema: options.schema, disposeExternalPool: true });
  return new ClientClass({ adapter });
}
