import { z } from "zod";
import { positiveInt } from "../config/env-schemas";

const DAY_SECONDS = 24 * 3600;

/**
 * The scheduled purge's variables, part of every service's configuration (`baseServiceConfig`).
 * Each service adds the retention of its own tables to its `config.ts`.
 */
export const purgeConfig = {
  /** How often each purge job runs; the first run comes at a random point of the first interval. */
  PURGE_INTERVAL_MS: positiveInt(10 * 60_000),
  /** Rows one statement deletes at most; a run repeats it until less than this is left. */
  PURGE_BATCH_SIZE: positiveInt(1_000).pipe(z.number().max(50_000, "must be ≤ 50000")),
  /**
   * How long a consumer remembers an applied event id (`processed_events`). A redelivery can come
   * only while the broker still holds the message: Kafka's defaults keep a message 7 days after its
   * segment rolled, and a segment rolls after 7 days, so up to 14 days. 30 days is beyond that.
   */
  PROCESSED_EVENTS_RETENTION_SECONDS: positiveInt(30 * DAY_SECONDS),
};
