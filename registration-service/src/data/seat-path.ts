import { DatabaseError, Pool } from "pg";
import type { ConfirmationPath } from "@turnout/contracts";
import {
  outboxValues,
  queryOne,
  signalOutboxCommitted,
  statement,
  type Db,
  type OutboxEvent,
} from "@turnout/kit";
import type { Registration } from "../domain/registration";
import { REGISTRATION_COLUMNS, toRegistration, type RegistrationRow } from "./registration-rows";
import type { Attempt } from "./registrations";
import { callJoin, waitlistJoiner, type Joined, type WaitlistJoin } from "./waitlist-joins";

export type { Joined, WaitlistJoin } from "./waitlist-joins";

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

// With a key, the key and the attempt are written together; the attempt (with its seats) is
// written only if the key was free. If the attempt is not written (already registered) the key's
// deferred foreign key fails the statement, so neither is kept. Also says whether the newcomer
// queues behind someone waiting (or being promoted) for the same type with a party no larger
// than its own: that entry would fit first (docs/booking-model.md, "Promotion rule").
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
     INSERT INTO registrations (id, event_id, user_id, status, created_at, updated_at,
       ticket_type_id, quantity, answers)
     SELECT $2::uuid, $1::uuid, $3::uuid, 'reserving', $4::timestamptz, $4::timestamptz,
       $7::uuid, $8::int, $9::jsonb
     WHERE $5::text IS NULL OR EXISTS (SELECT 1 FROM k)
     ON CONFLICT DO NOTHING RETURNING 1
   ), s AS (
     INSERT INTO seats (id, registration_id, event_id, hold_id, position, attendee_name, answers,
       created_at)
     SELECT seat.id, $2::uuid, $1::uuid, $2::uuid, seat.position, seat.name, seat.answers,
       $4::timestamptz
     FROM unnest($10::uuid[], $11::text[], $12::jsonb[]) WITH ORDINALITY
       AS seat(id, name, answers, position)
     WHERE EXISTS (SELECT 1 FROM r)
   )
   SELECT EXISTS (SELECT 1 FROM r) AS inserted,
     ($5::text IS NULL OR EXISTS (SELECT 1 FROM k)) AS key_free,
     EXISTS (SELECT 1 FROM registrations w WHERE w.event_id = $1::uuid
       AND (w.status = 'waitlisted' OR (w.status = 'reserving' AND w.waitlist_seq IS NOT NULL))
       AND coalesce(w.ticket_type_id, $13::uuid) IS NOT DISTINCT FROM coalesce($7::uuid, $13::uuid)
       AND w.quantity <= $8::int)
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

const noMessage = [null, null, null, null, null];

export function seatPathRepository(db: Db) {
  // On the pool, joins of one event go together; in a unit of work, one at a time.
  const join =
    db instanceof Pool
      ? waitlistJoiner(db)
      : async (item: WaitlistJoin) =>
          (await callJoin(db, item.attempt.eventId, [item])).get(item.attempt.id) ?? null;
  return {
    /**
     * Writes the `reserving` attempt with its seats (and claims its idempotency key), in one
     * statement. `defaultTypeId`: the event's first type (bookings without a type take it).
     */
    async createAttempt(
      attempt: Attempt,
      key: { key: string; requestHash: string } | undefined,
      defaultTypeId: string | null = null,
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
          attempt.ticketTypeId,
          attempt.quantity,
          JSON.stringify(attempt.answers),
          attempt.seats.map((seat) => seat.id),
          attempt.seats.map((seat) => seat.attendeeName),
          attempt.seats.map((seat) => JSON.stringify(seat.answers)),
          defaultTypeId,
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
