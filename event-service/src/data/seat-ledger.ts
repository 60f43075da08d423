import type { EventRecord } from "../domain/event";
import type { Database } from "./database";
import { EVENT_COLUMNS, toEventRecord, TRANSACTION_OPTIONS, type EventRow } from "./event-rows";
import { findEvent } from "./events";

/** What the ledger found; the domain turns each into a reply or a refusal. */
export type ReserveOutcome =
  | { kind: "reserved"; event: EventRecord }
  | { kind: "already_held"; event: EventRecord }
  | { kind: "released_before" }
  | { kind: "held_for_other_event" }
  | { kind: "no_event" }
  /** No seat was taken: the event is full, cancelled or started (the domain says which). */
  | { kind: "refused"; event: EventRecord };

export type ReleaseOutcome =
  | { kind: "released"; event: EventRecord }
  /** Nothing held: already released, or never held (a tombstone was recorded). */
  | { kind: "nothing_held"; event: EventRecord }
  | { kind: "held_for_other_event" }
  | { kind: "no_event" };

interface ReservationRow {
  event_id: string;
  status: string;
}

/** Rolls the reservation insert back when the event gave no seat. */
class NoSeat extends Error {}

const selectEvent = async (tx: Pick<Database, "$queryRaw">, id: string) => {
  const [row] = await tx.$queryRaw<
    EventRow[]
  >`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ${id}::uuid`;
  return row ? toEventRecord(row) : undefined;
};

const existingReservation = async (tx: Pick<Database, "$queryRaw">, registrationId: string) => {
  const [row] = await tx.$queryRaw<ReservationRow[]>`
    SELECT event_id::text, status FROM seat_reservations
    WHERE registration_id = ${registrationId}::uuid`;
  return row;
};

/**
 * Takes one seat for `registrationId`, atomically. The reservation row is inserted first
 * (`ON CONFLICT DO NOTHING`: a concurrent insert of the same id waits for the first to commit or
 * roll back, so an id is never counted twice); then one conditional UPDATE takes the seat only
 * while the event is published, not started and not full. PostgreSQL re-checks that condition on
 * the newest row version after waiting for the row lock, so concurrent reservations can never
 * push `seats_taken` past `capacity` (the CHECK constraint stands behind it too).
 */
export async function reserveSeat(
  db: Database,
  eventId: string,
  registrationId: string,
): Promise<ReserveOutcome> {
  try {
    return await db.$transaction(async (tx): Promise<ReserveOutcome> => {
      const current = await selectEvent(tx, eventId);
      if (!current) return { kind: "no_event" };
      const inserted = await tx.$queryRaw<unknown[]>`
        INSERT INTO seat_reservations (registration_id, event_id, status)
        VALUES (${registrationId}::uuid, ${eventId}::uuid, 'held')
        ON CONFLICT (registration_id) DO NOTHING
        RETURNING registration_id`;
      if (inserted.length === 0) {
        const existing = await existingReservation(tx, registrationId);
        if (!existing) throw new Error("reservation row vanished");
        if (existing.event_id !== eventId) return { kind: "held_for_other_event" };
        if (existing.status === "released") return { kind: "released_before" };
        return { kind: "already_held", event: current };
      }
      const [taken] = await tx.$queryRaw<EventRow[]>`
        UPDATE events SET seats_taken = seats_taken + 1
        WHERE id = ${eventId}::uuid AND status = 'published' AND starts_at > now()
          AND seats_taken < capacity
        RETURNING ${EVENT_COLUMNS}`;
      if (!taken) throw new NoSeat();
      return { kind: "reserved", event: toEventRecord(taken) };
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (!(error instanceof NoSeat)) throw error;
    const event = await findEvent(db, eventId);
    return event ? { kind: "refused", event } : { kind: "no_event" };
  }
}

/**
 * Gives back the seat `registrationId` holds. Only the transition held → released frees a seat,
 * so releasing twice (or concurrently) frees one. An id never seen gets a `released` tombstone,
 * so a reserve arriving late for it is refused.
 */
export async function releaseSeat(
  db: Database,
  eventId: string,
  registrationId: string,
): Promise<ReleaseOutcome> {
  return db.$transaction(async (tx): Promise<ReleaseOutcome> => {
    const current = await selectEvent(tx, eventId);
    if (!current) return { kind: "no_event" };
    const tombstone = await tx.$queryRaw<unknown[]>`
      INSERT INTO seat_reservations (registration_id, event_id, status, released_at)
      VALUES (${registrationId}::uuid, ${eventId}::uuid, 'released', now())
      ON CONFLICT (registration_id) DO NOTHING
      RETURNING registration_id`;
    if (tombstone.length > 0) return { kind: "nothing_held", event: current };
    const released = await tx.$queryRaw<unknown[]>`
      UPDATE seat_reservations SET status = 'released', released_at = now()
      WHERE registration_id = ${registrationId}::uuid AND event_id = ${eventId}::uuid
        AND status = 'held'
      RETURNING registration_id`;
    if (released.length > 0) {
      const [freed] = await tx.$queryRaw<EventRow[]>`
        UPDATE events SET seats_taken = seats_taken - 1 WHERE id = ${eventId}::uuid
        RETURNING ${EVENT_COLUMNS}`;
      if (!freed) throw new Error("event vanished while releasing a seat");
      return { kind: "released", event: toEventRecord(freed) };
    }
    const existing = await existingReservation(tx, registrationId);
    if (existing && existing.event_id !== eventId) return { kind: "held_for_other_event" };
    return { kind: "nothing_held", event: current };
  }, TRANSACTION_OPTIONS);
}
