import { execute, statement, type Db } from "../data/statement";
import type { PurgeJob } from "../housekeeping/purge-schedule";

// A bounded batch: the rows are picked (and locked, skipping rows another replica's purge holds)
// by the index on `processed_at`, then deleted by their physical address.
const purgeOlderThan = statement(
  "kit_processed_events_purge",
  `DELETE FROM processed_events WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM processed_events
     WHERE processed_at < now() - make_interval(secs => $1::int)
     LIMIT $2::int FOR UPDATE SKIP LOCKED))`,
);

/** The consumers' record of applied event ids (`processed_events`, a kit table in every schema). */
export function processedEventsRepository(db: Db) {
  return {
    /** Deletes at most `limit` ids applied more than `retentionSeconds` ago; how many it deleted. */
    purgeOlderThan(retentionSeconds: number, limit: number): Promise<number> {
      return execute(db, purgeOlderThan, [retentionSeconds, limit]);
    },
  };
}

/**
 * Forgets applied event ids once no redelivery can bring them back: `retentionSeconds` must be
 * longer than the broker keeps a message (`PROCESSED_EVENTS_RETENTION_SECONDS`).
 */
export function processedEventsPurgeJob(db: Db, retentionSeconds: number): PurgeJob {
  const repository = processedEventsRepository(db);
  return {
    name: "processed_events",
    purgeBatch: (limit) => repository.purgeOlderThan(retentionSeconds, limit),
  };
}
