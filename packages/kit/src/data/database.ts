import type { Pool, PoolClient } from "pg";
import type { Db } from "./statement";

/**
 * A service's data layer, the same in all five: repositories on the pool, and units of work.
 * `R` is what the service's `src/data/repositories.ts` builds on a {@link Db}.
 */
export interface Database<R> {
  pool: Pool;
  /** Repositories on the pool: every call is its own statement (and commits on its own). */
  repos: R;
  /**
   * A unit of work: the same repositories on one connection inside one transaction; commit when
   * `fn` resolves, roll back when it throws. Keep it to database work: no HTTP call, no wait.
   */
  transaction<T>(fn: (tx: R, connection: PoolClient) => Promise<T>): Promise<T>;
}

/** Called after a unit of work committed; the outbox relay listens (see `outbox.ts`). */
export type AfterCommit = (client: PoolClient) => void;
const afterCommitHooks: AfterCommit[] = [];

/** Registers something to run after every commit of a unit of work in this process. */
export function onUnitOfWorkCommitted(hook: AfterCommit): void {
  afterCommitHooks.push(hook);
}

/** Runs `fn` on one connection in one transaction. */
export async function inTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    for (const hook of afterCommitHooks) hook(client);
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A connection whose ROLLBACK failed is in an unknown state: it is dropped, not reused.
    client.release(broken);
  }
}

export function createDatabase<R>(pool: Pool, repositories: (db: Db) => R): Database<R> {
  return {
    pool,
    repos: repositories(pool),
    transaction: (fn) => inTransaction(pool, (client) => fn(repositories(client), client)),
  };
}
