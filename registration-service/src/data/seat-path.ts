import { DatabaseError, Pool } from "pg";
import type { ConfirmationPath } from "@turnout/contracts";
import {
  outboxValues,
  queryOne,
  queryRows,
  signalOutboxCommitted,
  statement,
  type Db,
  type OutboxEvent,
} from "@turnout/kit";
import type { Registration } from "../domain/registration";
import { REGISTRATION_COLUMNS, toRegistration, type RegistrationRow } from "./registration-rows";
import type { Attempt } from "./registrations";

// The seat saga's own writes, each one statement (one round trip, nothing held open across the
// ledger call): the attempt, then the settlement of the ledger's answer.

/** An outbox message, ready to write: the topic and the envelope. */
export interface Outgoing {
  topic: string;
  event: OutboxEvent;
}

export type AttemptCreated =
  | { kind: "created"; waitlistAhead: boolean; seatsFreed: number }
  /** The idempotency key is taken (by an earlier or a concurrent request). */
  | { kind: "key_taken" }
  /** The user already has an active registration for the event. */
  | { kind: "already_registered" };

// With a key, the key and the attempt are written together; the attempt is written only if the
// key was free. If the attempt is not written (already registered) the key's deferred foreign
// key fails the statement, so neither is kept. Also says whether the newcomer queues behind
// anyone waiting (or being promoted): a freed seat goes to the waitlist first.
const createAttempt = statement<{
  inserted: boolean;
  key_free: boolean;
  waitlist_ahead: boolean;
  seats_freed: string | null;
}>(
  "registrations_seat_create_attempt",
  `WITH k AS (
     INSERT INTO idempotency_keys (user_id, key, request_hash, registration_id)
     SELECT $3::uuid, $5::text, $6::text, $2::uuid WHERE $5::text IS NOT NULL
     ON CONFLICT DO NOTHING RETURNING 1
   ), r AS (
     INSERT INTO registrations (id, event_id, user_id, status, created_at, updated_at)
     SELECT $2::uuid, $1::uuid, $3::uuid, 'reserving', $4::timestamptz, $4::timestamptz
     WHERE $5::text IS NULL OR EXISTS (SELECT 1 FROM k)
     ON CONFLICT DO NOTHING RETURNING 1
   )
   SELECT EXISTS (SELECT 1 FROM r) AS inserted,
     ($5::text IS NULL OR EXISTS (SELECT 1 FROM k)) AS key_free,
     EXISTS (SELECT 1 FROM registrations w WHERE w.event_id = $1::uuid
       AND (w.status = 'waitlisted' OR (w.status = 'reserving' AND w.waitlist_seq IS NOT NULL)))
       AS waitlist_ahead,
     (SELECT seats_freed FROM event_snapshots WHERE event_id = $1::uuid) AS seats_freed`,
);

// reserving → confirmed or pending, with its `registration-confirmed` row (when confirmed) and
// the idempotent reply (when the request had a key), in one statement.
const settleHeld = statement<RegistrationRow>(
  "registrations_seat_settle_held",
  `WITH r AS (
     UPDATE registrations r SET status = $2::text, confirmed_via = $3::text,
       confirmed_at = CASE WHEN $2::text = 'confirmed' THEN $4::timestamptz END,
       updated_at = $4::timestamptz
     WHERE r.id = $1::uuid AND r.status = 'reserving'
     RETURNING ${REGISTRATION_COLUMNS}, NULL::bigint AS waitlist_position
   ), o AS (
     INSERT INTO outbox (event_id, topic, message_key, value, headers)
     SELECT $5::uuid, $6::text, $7::text, $8::jsonb, $9::jsonb FROM r WHERE $5::uuid IS NOT NULL
   ), k AS (
     UPDATE idempotency_keys k SET response_status = 201, response_body = $10::jsonb
     FROM r WHERE $10::jsonb IS NOT NULL AND k.registration_id = r.id
       AND k.response_status IS NULL
   )
   SELECT * FROM r`,
);

// See the migration: the per-event lock, the next number, the change, the outbox row and the
// reply, in the function `join_waitlist`, for several joins of one event at once.
const joinWaitlist = statement<RegistrationRow & { seats_freed: string }>(
  "registrations_seat_join_waitlist",
  `SELECT * FROM join_waitlist($1::uuid[], $2::uuid, $3::timestamptz[], $4::uuid[], $5::text,
     $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[])`,
);

const noMessage = [null, null, null, null, null];

/** One newcomer for the end of the line. */
export interface WaitlistJoin {
  attempt: Attempt;
  now: Date;
  /** `registration-waitlisted`, its position set by the statement. */
  message: Outgoing;
  /** The reply to store for the idempotency key (its position set too), or null. */
  reply: unknown;
}

export interface Joined {
  registration: Registration;
  seatsFreed: number;
}

/** The most joins one call hands over. */
const MAX_JOINS_PER_CALL = 200;

/**
 * Runs the joins of each event one call at a time: joins that arrive while an event's call is
 * running wait and go together in the next one. Every join takes the event's lock until its
 * commit, so calls of one event cannot overlap anyway; this way a burst pays for one lock wait
 * and one commit per call instead of per join. A join that finds nothing running goes at once.
 */
function waitlistJoiner(db: Db) {
  interface Queued extends WaitlistJoin {
    settle: (joined: Joined | null) => void;
    fail: (error: unknown) => void;
  }
  const queues = new Map<string, Queued[]>();

  async function drain(eventId: string, queue: Queued[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_JOINS_PER_CALL);
      try {
        const joined = await callJoin(db, eventId, batch);
        for (const item of batch) item.settle(joined.get(item.attempt.id) ?? null);
      } catch (error) {
        for (const item of batch) item.fail(error);
      }
    }
    queues.delete(eventId);
  }

  return (join: WaitlistJoin): Promise<Joined | null> =>
    new Promise((settle, fail) => {
      const eventId = join.attempt.eventId;
      const running = queues.get(eventId);
      const item = { ...join, settle, fail };
      if (running) {
        running.push(item);
        return;
      }
      const queue = [item];
      queues.set(eventId, queue);
      void drain(eventId, queue);
    });
}

async function callJoin(
  db: Db,
  eventId: string,
  joins: WaitlistJoin[],
): Promise<Map<string, Joined>> {
  const messages = joins.map((join) => outboxValues(join.message.topic, join.message.event));
  const rows = await queryRows(db, joinWaitlist, [
    joins.map((join) => join.attempt.id),
    eventId,
    joins.map((join) => join.now),
    messages.map((values) => values[0]),
    joins[0]?.message.topic,
    messages.map((values) => values[2]),
    messages.map((values) => values[3]),
    messages.map((values) => values[4]),
    joins.map((join) => (join.reply === null ? null : JSON.stringify(join.reply))),
  ]);
  if (rows.length > 0) signalOutboxCommitted();
  return new Map(
    rows.map((row) => [
      row.id,
      { registration: toRegistration(row), seatsFreed: Number(row.seats_freed) },
    ]),
  );
}

export function seatPathRepository(db: Db) {
  // On the pool, joins of one event go together; in a unit of work, one at a time.
  const join =
    db instanceof Pool
      ? waitlistJoiner(db)
      : async (item: WaitlistJoin) =>
          (await callJoin(db, item.attempt.eventId, [item])).get(item.attempt.id) ?? null;
  return {
    /** Writes the `reserving` attempt (and claims its idempotency key), in one statement. */
    async createAttempt(
      attempt: Attempt,
      key: { key: string; requestHash: string } | undefined,
    ): Promise<AttemptCreated> {
      let row;
      try {
        row = await queryOne(db, createAttempt, [
          attempt.eventId,
          attempt.id,
          attempt.userId,
          attempt.createdAt,
          key?.key ?? null,
          key?.requestHash ?? null,
        ]);
      } catch (error) {
        // The key was free but the attempt was not written: already registered.
        if (error instanceof DatabaseError && error.code === "23503" && key !== undefined) {
          return { kind: "already_registered" };
        }
        throw error;
      }
      if (!row?.key_free) return { kind: "key_taken" };
      if (!row.inserted) return { kind: "already_registered" };
      return {
        kind: "created",
        waitlistAhead: row.waitlist_ahead,
        seatsFreed: Number(row.seats_freed ?? 0),
      };
    },

    /** reserving → confirmed/pending; null when the row had left `reserving`. */
    async settleHeld(
      id: string,
      status: "confirmed" | "pending",
      via: ConfirmationPath | null,
      now: Date,
      message: Outgoing | null,
      reply: unknown,
    ): Promise<Registration | null> {
      const row = await queryOne(db, settleHeld, [
        id,
        status,
        via,
        now,
        ...(message ? outboxValues(message.topic, message.event) : noMessage),
        reply === null ? null : JSON.stringify(reply),
      ]);
      if (row && message) signalOutboxCommitted();
      return row ? toRegistration(row) : null;
    },

    /**
     * A newcomer joins the end of the line: its `registration-waitlisted` message and its reply
     * get the position (`data.waitlist_position`, `waitlist_position`) in the statement. Null
     * when the row had left `reserving`.
     */
    joinWaitlist(item: WaitlistJoin): Promise<Joined | null> {
      return join(item);
    },
  };
}
