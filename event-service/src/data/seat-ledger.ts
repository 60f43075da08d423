import { queryOne, statement, type Db } from "@turnout/kit";
import type { PublicEvent } from "../domain/event";
import { PUBLIC_EVENT_COLUMNS, toPublicEvent, type PublicEventRow } from "./event-rows";

/** What the ledger found; the domain turns each into a reply or a refusal. */
export type ReserveOutcome =
  | { kind: "reserved"; event: PublicEvent }
  | { kind: "already_held"; event: PublicEvent }
  | { kind: "released_before" }
  | { kind: "held_for_other_event" }
  | { kind: "no_event" }
  /** No seat was taken: the event is full, cancelled or started (the domain says which). */
  | { kind: "refused"; event: PublicEvent };

/** An event's seats after a release. */
export interface Seats {
  capacity: number;
  seatsTaken: number;
}

export type ReleaseOutcome =
  | { kind: "released"; seats: Seats }
  /** Nothing held: already released, or never held (a tombstone was recorded). */
  | { kind: "nothing_held"; seats: Seats }
  | { kind: "held_for_other_event" }
  | { kind: "no_event" };

/** The event's columns are NULL for the outcomes that carry no event. */
type ReserveRow = { outcome: string } & { [K in keyof PublicEventRow]: PublicEventRow[K] | null };

// Each is one call of a PL/pgSQL function (migration `seat_ledger_functions`): the reservation
// row, the conditional seat count and the undo of a refused reservation are one statement, so a
// reserve or a release is one round trip and holds no connection open between statements.
const reserve = statement<ReserveRow>(
  "event_seat_ledger_reserve",
  `SELECT outcome, ${PUBLIC_EVENT_COLUMNS} FROM reserve_seat($1::uuid, $2::uuid)`,
);

const release = statement<{
  outcome: string;
  capacity: number | null;
  seatsTaken: number | null;
}>(
  "event_seat_ledger_release",
  `SELECT outcome, capacity, seats_taken AS "seatsTaken" FROM release_seat($1::uuid, $2::uuid)`,
);

const withEvent = (row: ReserveRow): PublicEvent => {
  const { outcome, ...event } = row;
  if (event.id === null) throw new Error(`the seat ledger answered ${outcome} without the event`);
  // Every column is NOT NULL but `category`, so a row with an id is a whole event.
  return toPublicEvent(event as PublicEventRow);
};

const seatsOf = (row: { capacity: number | null; seatsTaken: number | null }): Seats => {
  if (row.capacity === null || row.seatsTaken === null)
    throw new Error("the seat ledger answered a release without the seats");
  return { capacity: row.capacity, seatsTaken: row.seatsTaken };
};

/**
 * The seat ledger. `reserve` takes one seat for a registration id, atomically and idempotently
 * (an id is counted once, a released id never holds again, never more than `capacity` seats);
 * `release` gives it back, freeing a seat only on the transition held → released. Both run on
 * the pool: each call is its own transaction.
 */
export function seatLedgerRepository(db: Db) {
  return {
    async reserve(eventId: string, registrationId: string): Promise<ReserveOutcome> {
      const row = await queryOne(db, reserve, [eventId, registrationId]);
      if (!row) throw new Error("reserve_seat returned no row");
      switch (row.outcome) {
        case "reserved":
        case "already_held":
        case "refused":
          return { kind: row.outcome, event: withEvent(row) };
        case "released_before":
        case "held_for_other_event":
        case "no_event":
          return { kind: row.outcome };
        default:
          throw new Error(`reserve_seat answered an unknown outcome ${row.outcome}`);
      }
    },

    async release(eventId: string, registrationId: string): Promise<ReleaseOutcome> {
      const row = await queryOne(db, release, [eventId, registrationId]);
      if (!row) throw new Error("release_seat returned no row");
      switch (row.outcome) {
        case "released":
        case "nothing_held":
          return { kind: row.outcome, seats: seatsOf(row) };
        case "held_for_other_event":
        case "no_event":
          return { kind: row.outcome };
        default:
          throw new Error(`release_seat answered an unknown outcome ${row.outcome}`);
      }
    },
  };
}
