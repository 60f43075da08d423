import { execute, statement, type Db } from "@turnout/kit";

// One bounded statement: at most `$2` rows, picked by the index on `created_at` and locked with
// SKIP LOCKED (replicas purging at once take different rows), then deleted by their physical
// address. `$1` is seconds.
const purgeIdempotencyKeys = statement(
  "registrations_expired_rows_idempotency_keys",
  `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM idempotency_keys
     WHERE created_at < now() - make_interval(secs => $1::int)
     LIMIT $2::int FOR UPDATE SKIP LOCKED))`,
);

/** Deletes rows that no longer count for anything; each call at most `limit`, how many it deleted. */
export function expiredRowsRepository(db: Db) {
  return {
    /** Idempotency keys claimed more than `ttlSeconds` ago (their registration stays). */
    idempotencyKeys: (ttlSeconds: number, limit: number): Promise<number> =>
      execute(db, purgeIdempotencyKeys, [ttlSeconds, limit]),
  };
}
