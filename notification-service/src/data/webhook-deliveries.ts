import { randomUUID } from "node:crypto";
import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";

export type DeliveryOrigin = "stream" | "test" | "resend" | "replay";
export type DeliveryStatus = "pending" | "succeeded" | "failed";

/** A delivery as the log lists it. */
export interface DeliveryView {
  id: string;
  seq: bigint;
  eventId: string;
  eventType: string;
  origin: DeliveryOrigin;
  status: DeliveryStatus;
  responseStatus: number | null;
  attempts: number;
  latencyMs: number | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

export interface AttemptView {
  attempt: number;
  at: Date;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

interface DeliveryRow {
  id: string;
  seq: string;
  event_id: string;
  event_type: string;
  origin: DeliveryOrigin;
  status: DeliveryStatus;
  response_status: number | null;
  attempts: number;
  latency_ms: number | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  created_at: Date;
}

const COLUMNS = `id::text, seq::text, event_id, event_type, origin, status, response_status,
  attempts, latency_ms, last_attempt_at, next_attempt_at, created_at`;

const view = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  seq: BigInt(row.seq),
  eventId: row.event_id,
  eventType: row.event_type,
  origin: row.origin,
  status: row.status,
  responseStatus: row.response_status,
  attempts: row.attempts,
  latencyMs: row.latency_ms,
  lastAttemptAt: row.last_attempt_at,
  nextAttemptAt: row.status === "pending" ? row.next_attempt_at : null,
  createdAt: row.created_at,
});

/**
 * One stream delivery per active endpoint that wants the event (docs/integrations.md, "Who may
 * register what"): `$5` is the event the message is about (null for `user.*` types, which only
 * whole-platform admin endpoints get), `$6` its recorded organizer (null while unknown: then
 * only admin endpoints get it). A redelivered message finds its rows and adds nothing.
 */
const fanOut = statement(
  "notifications_webhook_deliveries_fan_out",
  `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, aggregate_key, origin,
     payload)
   SELECT gen_random_uuid(), e.id, $1, $2, $3, 'stream', $4
   FROM webhook_endpoints e
   WHERE e.status = 'active'
     AND (e.event_types @> ARRAY[$2::text] OR e.event_types @> ARRAY['*'])
     AND CASE WHEN $5::uuid IS NULL THEN e.owner_kind = 'admin' AND e.event_id IS NULL
              ELSE (e.event_id IS NULL OR e.event_id = $5::uuid)
                   AND (e.owner_kind = 'admin' OR e.owner_id = $6::uuid) END
   ORDER BY e.id
   ON CONFLICT (endpoint_id, event_id) WHERE origin = 'stream' DO NOTHING`,
);

const queueOne = statement<{ id: string }>(
  "notifications_webhook_deliveries_queue",
  `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, aggregate_key, origin,
     payload)
   VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7) RETURNING id::text`,
);

// Every event delivered to the endpoint in the range, once each (its first delivery's payload),
// in the order they first reached it; the new rows get new `seq`s in that order.
const REPLAY_RANGE = `FROM (SELECT DISTINCT ON (event_id) seq, event_id, event_type, aggregate_key,
      payload FROM webhook_deliveries
    WHERE endpoint_id = $1::uuid AND created_at >= $2::timestamptz AND created_at < $3::timestamptz
      AND origin IN ('stream', 'test')
    ORDER BY event_id, seq) d`;

const countReplay = statement<{ n: string }>(
  "notifications_webhook_deliveries_replay_count",
  `SELECT count(*)::text AS n ${REPLAY_RANGE}`,
);

const replay = statement<{ n: string }>(
  "notifications_webhook_deliveries_replay",
  `WITH added AS (
     INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, aggregate_key, origin,
       payload)
     SELECT gen_random_uuid(), $1::uuid, d.event_id, d.event_type, d.aggregate_key, 'replay',
       d.payload ${REPLAY_RANGE} ORDER BY d.seq
     RETURNING 1)
   SELECT count(*)::text AS n FROM added`,
);

// Newest first, keyset on `seq`; `$2`/`$3` filter when not null, `$4` is the previous page's last.
const listLog = statement<DeliveryRow>(
  "notifications_webhook_deliveries_list",
  `SELECT ${COLUMNS} FROM webhook_deliveries
   WHERE endpoint_id = $1::uuid AND ($2::text IS NULL OR status = $2)
     AND ($3::text IS NULL OR event_type = $3) AND ($4::bigint IS NULL OR seq < $4::bigint)
   ORDER BY seq DESC LIMIT $5::int`,
);

const findOne = statement<DeliveryRow & { payload: string; aggregate_key: string }>(
  "notifications_webhook_deliveries_find",
  `SELECT ${COLUMNS}, payload, aggregate_key FROM webhook_deliveries
   WHERE id = $1::uuid AND endpoint_id = $2::uuid`,
);

const attemptsOf = statement<{
  attempt: number;
  at: Date;
  response_status: number | null;
  latency_ms: number;
  error: string | null;
  response_excerpt: string | null;
}>(
  "notifications_webhook_attempts_list",
  `SELECT attempt, at, response_status, latency_ms, error, response_excerpt
   FROM webhook_attempts WHERE delivery_id = $1::uuid ORDER BY attempt`,
);

export function webhookDeliveriesRepository(db: Db) {
  return {
    /** Queues a stream event for every endpoint that wants it; how many deliveries were added. */
    async fanOut(input: {
      eventId: string;
      eventType: string;
      aggregateKey: string;
      payload: string;
      /** The event (`event_id`) the message is about; null for user messages. */
      eventRef: string | null;
      organizerId: string | null;
    }): Promise<number> {
      return execute(db, fanOut, [
        input.eventId,
        input.eventType,
        input.aggregateKey,
        input.payload,
        input.eventRef,
        input.organizerId,
      ]);
    },
    /** One delivery of its own (a test-send or a resend); its id. */
    async queue(input: {
      endpointId: string;
      eventId: string;
      eventType: string;
      aggregateKey: string;
      origin: "test" | "resend";
      payload: string;
    }): Promise<string> {
      const id = randomUUID();
      await queryOne(db, queueOne, [
        id,
        input.endpointId,
        input.eventId,
        input.eventType,
        input.aggregateKey,
        input.origin,
        input.payload,
      ]);
      return id;
    },
    /** How many events a replay of `[since, until)` would send again. */
    async countReplay(endpointId: string, since: Date, until: Date): Promise<number> {
      const row = await queryOne(db, countReplay, [endpointId, since, until]);
      return Number(row?.n ?? 0);
    },
    /** Queues the range again as new deliveries, in their original order; how many. */
    async replay(endpointId: string, since: Date, until: Date): Promise<number> {
      const row = await queryOne(db, replay, [endpointId, since, until]);
      return Number(row?.n ?? 0);
    },
    async list(
      endpointId: string,
      options: { status?: string; eventType?: string; beforeSeq?: bigint; limit: number },
    ): Promise<DeliveryView[]> {
      const rows = await queryRows(db, listLog, [
        endpointId,
        options.status ?? null,
        options.eventType ?? null,
        options.beforeSeq?.toString() ?? null,
        options.limit,
      ]);
      return rows.map(view);
    },
    /** One delivery of the endpoint with its payload and attempts. */
    async find(endpointId: string, id: string) {
      const row = await queryOne(db, findOne, [id, endpointId]);
      if (!row) return undefined;
      const attempts = await queryRows(db, attemptsOf, [id]);
      return {
        ...view(row),
        payload: row.payload,
        aggregateKey: row.aggregate_key,
        attemptLog: attempts.map((a): AttemptView => ({
          attempt: a.attempt,
          at: a.at,
          responseStatus: a.response_status,
          latencyMs: a.latency_ms,
          error: a.error,
          responseExcerpt: a.response_excerpt,
        })),
      };
    },
  };
}
