import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";
import type { AttemptView } from "./webhook-deliveries";

/** A claimed delivery, leased to one dispatcher until it records the attempt. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  payload: string;
  /** Attempts made before this one. */
  attempts: number;
  url: string;
  secretCiphertext: string;
  /** Still inside its rotation grace: it signs beside the new one. */
  previousSecretCiphertext: string | null;
}

interface ClaimRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  payload: string;
  attempts: number;
  url: string;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
}

/**
 * Due deliveries of active endpoints, each the oldest pending one of its (endpoint, aggregate):
 * a later event of the same aggregate waits while an earlier one is pending (sending, or waiting
 * for its retry), which keeps per-aggregate order across replicas. `SKIP LOCKED` and the lease
 * give each row to one dispatcher; a lease that ran out (its dispatcher died) is claimable again.
 */
const claimDue = statement<ClaimRow>(
  "notifications_webhook_dispatch_claim",
  `WITH due AS (
     SELECT d.id FROM webhook_deliveries d
     JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.status = 'active'
     WHERE d.status = 'pending' AND d.next_attempt_at <= now()
       AND (d.lease_until IS NULL OR d.lease_until <= now())
       AND NOT EXISTS (
         SELECT 1 FROM webhook_deliveries p
         WHERE p.endpoint_id = d.endpoint_id AND p.aggregate_key = d.aggregate_key
           AND p.status = 'pending' AND p.seq < d.seq)
     ORDER BY d.next_attempt_at, d.seq
     LIMIT $1::int
     FOR UPDATE OF d SKIP LOCKED
   )
   UPDATE webhook_deliveries w
   SET lease_until = now() + $2::int * interval '1 millisecond'
   FROM due, webhook_endpoints e
   WHERE w.id = due.id AND e.id = w.endpoint_id
   RETURNING w.id::text, w.endpoint_id::text, w.event_id, w.payload, w.attempts, e.url,
     e.secret_ciphertext,
     CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret_ciphertext END
       AS previous_secret_ciphertext`,
);

/** The attempt goes into the log and its outcome onto the delivery, in one statement. */
const recordAttempt = statement(
  "notifications_webhook_dispatch_record",
  `WITH logged AS (
     INSERT INTO webhook_attempts (delivery_id, attempt, at, response_status, latency_ms, error,
       response_excerpt)
     VALUES ($1::uuid, $2::int, $3::timestamptz, $4::int, $5::int, $6, $7)
     ON CONFLICT DO NOTHING
   )
   UPDATE webhook_deliveries SET attempts = $2::int, last_attempt_at = $3::timestamptz,
     response_status = $4::int, latency_ms = $5::int, lease_until = NULL, status = $8,
     next_attempt_at = CASE WHEN $8 = 'pending'
       THEN now() + make_interval(secs => $9::double precision / 1000) ELSE next_attempt_at END,
     settled_at = CASE WHEN $8 = 'pending' THEN NULL ELSE now() END
   WHERE id = $1::uuid AND status = 'pending'`,
);

const succeeded = statement(
  "notifications_webhook_dispatch_endpoint_ok",
  `UPDATE webhook_endpoints SET failing_since = NULL
   WHERE id = $1::uuid AND failing_since IS NOT NULL`,
);

const failing = statement(
  "notifications_webhook_dispatch_endpoint_failing",
  `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2::timestamptz)
   WHERE id = $1::uuid`,
);

/**
 * Disables an endpoint that has failed for `$2` ms without a success in between and has given
 * up on at least one delivery since (docs/integrations.md, "Disabling"); its owner, once.
 */
const disableIfFailing = statement<{ owner_id: string; url: string }>(
  "notifications_webhook_dispatch_disable",
  `UPDATE webhook_endpoints e SET status = 'disabled', disabled_reason = 'failing',
     updated_at = now()
   WHERE e.id = $1::uuid AND e.status = 'active'
     AND e.failing_since <= now() - make_interval(secs => $2::double precision / 1000)
     AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id
                 AND d.status = 'failed' AND d.settled_at >= e.failing_since)
   RETURNING e.owner_id::text, e.url`,
);

const failPending = statement(
  "notifications_webhook_dispatch_fail_pending",
  `UPDATE webhook_deliveries SET status = 'failed', settled_at = now(), lease_until = NULL
   WHERE endpoint_id = $1::uuid AND status = 'pending'`,
);

export interface AttemptRecord extends AttemptView {
  deliveryId: string;
  /** `pending` with `retryInMs` for another attempt. */
  outcome: { status: "succeeded" | "failed" } | { status: "pending"; retryInMs: number };
}

export function webhookDispatchRepository(db: Db) {
  return {
    /** Up to `limit` due deliveries, leased for `leaseMs`. */
    async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
      const rows = await queryRows(db, claimDue, [limit, Math.ceil(leaseMs)]);
      return rows.map((row) => ({
        id: row.id,
        endpointId: row.endpoint_id,
        eventId: row.event_id,
        payload: row.payload,
        attempts: row.attempts,
        url: row.url,
        secretCiphertext: row.secret_ciphertext,
        previousSecretCiphertext: row.previous_secret_ciphertext,
      }));
    },
    /** Logs the attempt and settles or reschedules the delivery. */
    async record(input: AttemptRecord): Promise<void> {
      await execute(db, recordAttempt, [
        input.deliveryId,
        input.attempt,
        input.at,
        input.responseStatus,
        Math.max(0, Math.round(input.latencyMs)),
        input.error,
        input.responseExcerpt,
        input.outcome.status,
        input.outcome.status === "pending" ? input.outcome.retryInMs : null,
      ]);
    },
    /** A 2xx: the endpoint's failing streak is over. */
    async endpointSucceeded(endpointId: string): Promise<void> {
      await execute(db, succeeded, [endpointId]);
    },
    /** A failed attempt: the streak starts at `at` unless it already runs. */
    async endpointFailed(endpointId: string, at: Date): Promise<void> {
      await execute(db, failing, [endpointId, at]);
    },
    /** Disables the endpoint when it has failed long enough; its owner when it did. */
    async disableIfFailing(
      endpointId: string,
      afterMs: number,
    ): Promise<{ ownerId: string; url: string } | undefined> {
      const row = await queryOne(db, disableIfFailing, [endpointId, afterMs]);
      return row && { ownerId: row.owner_id, url: row.url };
    },
    /** Gives up every pending delivery of a disabled endpoint; how many. */
    failPending: (endpointId: string): Promise<number> => execute(db, failPending, [endpointId]),
  };
}
