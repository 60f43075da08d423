import { outboxValues, queryRows, signalOutboxCommitted, statement, type Db } from "@turnout/kit";
import type { Registration } from "../domain/registration";
import { toRegistration, type RegistrationRow } from "./registration-rows";
import type { Attempt } from "./registrations";
import type { Outgoing } from "./seat-path";

// The waitlist join of the seat saga (`seatPath.joinWaitlist`): newcomers the ledger found no
// seat for join the end of the line, several joins of one event per call.

// See the migration: the per-event lock, the next number, the change, the outbox row and the
// reply, in the function `join_waitlist`, for several joins of one event at once.
const joinWaitlist = statement<RegistrationRow & { seats_freed: string }>(
  "registrations_seat_join_waitlist",
  `SELECT * FROM join_waitlist($1::uuid[], $2::uuid, $3::timestamptz[], $4::uuid[], $5::text,
     $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[])`,
);

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
export function waitlistJoiner(db: Db) {
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

export async function callJoin(
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
  // `join_waitlist` returns the registration's earlier columns; the booking's are the attempt's.
  const attempts = new Map(joins.map((join) => [join.attempt.id, join.attempt]));
  return new Map(
    rows.map((row) => {
      const attempt = attempts.get(row.id);
      const registration = toRegistration(row);
      if (attempt) {
        registration.ticketTypeId = attempt.ticketTypeId;
        registration.quantity = attempt.quantity;
        registration.answers = attempt.answers;
        registration.seats = attempt.seats;
      }
      return [row.id, { registration, seatsFreed: Number(row.seats_freed) }];
    }),
  );
}
