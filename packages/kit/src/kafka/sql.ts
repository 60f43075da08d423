import type { Pool, PoolClient } from "pg";

/**
 * The slice of a database handle the kit needs. A Prisma client or interactive-transaction
 * client satisfies it as is; `pgSql` adapts a node-postgres client. Parameters are `$1, $2...`.
 */
export interface Sql {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** Runs `fn` in one database transaction: commit when it resolves, roll back when it throws. */
export type WithTransaction = <T>(fn: (tx: Sql) => Promise<T>) => Promise<T>;

export function pgSql(client: Pool | PoolClient): Sql {
  return {
    async $executeRawUnsafe(query, ...values) {
      return (await client.query(query, values)).rowCount ?? 0;
    },
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]) {
      return (await client.query(query, values)).rows as T;
    },
  };
}

export function pgTransaction(pool: Pool): WithTransaction {
  return async (fn) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await fn(pgSql(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

/** Schema names come from configuration; quoting keeps them from ever being read as SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
