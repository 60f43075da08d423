import { queryOne, statement, type Db } from "@turnout/kit";
import type { PublicEvent } from "../domain/event";
import { PUBLIC_EVENT_COLUMNS, toPublicEvent, type PublicEventRow } from "./event-rows";

/** A type's seats as the ledger left them. */
export interface TypeSeats {
  id: string;
  quota: number;
  seatsTaken: number;
}

/** The hold of one registration id: `quantity` seats taken at once, `seats` still held. */
export interface Hold {
  quantity: number;
  seats: number;
}

/** What the ledger found; the domain turns each into a reply or a refusal. */
export type ReserveOutcome =
  | { kind: "reserved" | "already_held"; event: PublicEvent; type: TypeSeats; hold: Hold }
  /** No seat was taken: no room, or the event is cancelled or started (the domain says which). */
  | { kind: "refused"; event: PublicEvent; type: TypeSeats }
  | {
      kind: "sales_not_started" | "sales_ended" | "quantity_exceeds_max";
      event: PublicEvent;
      type: TypeSeats;
    }
  /** Unknown, of another event, or hidden and the code did not match. */
  | { kind: "type_not_found" }
  | { kind: "released_before" }
  | { kind: "held_for_other_event" }
  | { kind: "no_event" };

/** An event's seats (and the hold's type's) after a release. */
export interface Seats {
  capacity: number;
  seatsTaken: number;
  /** Null for a hold that never held a seat (a tombstone). */
  type: TypeSeats | null;
  /** Seats this call freed. */
  freed: number;
  /** Seats the hold still holds. */
  held: number;
}

export type ReleaseOutcome =
  | { kind: "released"; seats: Seats }
  /** Nothing freed: already released, the seat id released before, or a tombstone recorded. */
  | { kind: "nothing_held"; seats: Seats }
  | { kind: "held_for_other_event" }
  | { kind: "no_event" };

type Nullable<T> = { [K in keyof T]: T[K] | null };
type TypeColumns = {
  ticketTypeId: string | null;
  typeQuota: number | null;
  typeSeatsTaken: number | null;
};
type ReserveRow = { outcome: string } & Nullable<PublicEventRow> &
  TypeColumns & { holdQuantity: number | null; holdSeats: number | null };
type ReleaseRow = { outcome: string } & Nullable<{
  capacity: number;
  seatsTaken: number;
  freed: number;
  holdSeats: number;
}> &
  TypeColumns;

const TYPE_COLUMNS = `ticket_type_id AS "ticketTypeId", type_quota AS "typeQuota",
  type_seats_taken AS "typeSeatsTaken"`;

// Each is one call of a PL/pgSQL function (migrations `ticket_types_questions_multi_seat_ledger`,
// `reserve_seats_booked_at_type_lock`):
// the hold's row, the conditional counts of the type and of the event and the undo of a refused
// reserve are one statement, so a call is one round trip and holds no connection open between
// statements.
const reserve = statement<ReserveRow>(
  "event_seat_ledger_reserve_seats",
  `SELECT outcome, ${PUBLIC_EVENT_COLUMNS}, ${TYPE_COLUMNS}, hold_quantity AS "holdQuantity",
     hold_seats AS "holdSeats",
     (SELECT e.reminder_lead_minutes FROM events e WHERE e.id = $1::uuid) AS "reminderLeadMinutes"
   FROM reserve_seats($1::uuid, $2::uuid, $3::uuid, $4::integer, $5::text, $6::timestamptz)`,
);

const release = statement<ReleaseRow>(
  "event_seat_ledger_release_seats",
  `SELECT outcome, capacity, seats_taken AS "seatsTaken", ${TYPE_COLUMNS}, freed,
     hold_seats AS "holdSeats"
   FROM release_seats($1::uuid, $2::uuid, $3::uuid)`,
);

const missing = (what: string, outcome: string) =>
  new Error(`the seat ledger answered ${outcome} without ${what}`);

const eventOf = (row: ReserveRow): PublicEvent => {
  if (row.id === null) throw missing("the event", row.outcome);
  // Every column is NOT NULL but `category` and `seat_changes_until`: a row with an id is whole.
  // (The function does not return the reminder lead time; the statement reads it beside.)
  return toPublicEvent(row as unknown as PublicEventRow);
};

const typeOf = (row: TypeColumns, outcome: string): TypeSeats => {
  if (row.ticketTypeId === null || row.typeQuota === null || row.typeSeatsTaken === null)
    throw missing("the ticket type", outcome);
  return { id: row.ticketTypeId, quota: row.typeQuota, seatsTaken: row.typeSeatsTaken };
};

const seatsOf = (row: ReleaseRow): Seats => {
  if (row.capacity === null || row.seatsTaken === null || row.holdSeats === null)
    throw missing("the seats", row.outcome);
  return {
    capacity: row.capacity,
    seatsTaken: row.seatsTaken,
    type: row.ticketTypeId === null ? null : typeOf(row, row.outcome),
    freed: row.freed ?? 0,
    held: row.holdSeats,
  };
};

export interface ReserveRequest {
  eventId: string;
  registrationId: string;
  /** Null: the event's first type. */
  ticketTypeId: string | null;
  quantity: number;
  /** Hex SHA-256 of the access code sent, or null. */
  accessCodeSha256: string | null;
  /** When the booking was made: the sales window is judged then. Null: now. */
  bookedAt: Date | null;
}

/**
 * The seat ledger. `reserve` takes `quantity` seats of one type for a registration id, all or
 * nothing, atomically and idempotently (an id is counted once, a released id never holds
 * again, never more than the type's quota nor the event's capacity); `release` gives back one
 * seat (by seat id, once each) or every seat the hold still holds. Each runs on the pool as its
 * own transaction.
 */
export function seatLedgerRepository(db: Db) {
  return {
    async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
      const row = await queryOne(db, reserve, [
        request.eventId,
        request.registrationId,
        request.ticketTypeId,
        request.quantity,
        request.accessCodeSha256,
        request.bookedAt,
      ]);
      if (!row) throw new Error("reserve_seats returned no row");
      switch (row.outcome) {
        case "reserved":
        case "already_held":
          if (row.holdQuantity === null || row.holdSeats === null)
            throw missing("the hold", row.outcome);
          return {
            kind: row.outcome,
            event: eventOf(row),
            type: typeOf(row, row.outcome),
            hold: { quantity: row.holdQuantity, seats: row.holdSeats },
          };
        case "refused":
        case "sales_not_started":
        case "sales_ended":
        case "quantity_exceeds_max":
          return { kind: row.outcome, event: eventOf(row), type: typeOf(row, row.outcome) };
        case "type_not_found":
        case "released_before":
        case "held_for_other_event":
        case "no_event":
          return { kind: row.outcome };
        default:
          throw new Error(`reserve_seats answered an unknown outcome ${row.outcome}`);
      }
    },

    /** One seat (`seatId`) of the hold, or (null) every seat it still holds. */
    async release(
      eventId: string,
      registrationId: string,
      seatId: string | null,
    ): Promise<ReleaseOutcome> {
      const row = await queryOne(db, release, [eventId, registrationId, seatId]);
      if (!row) throw new Error("release_seats returned no row");
      switch (row.outcome) {
        case "released":
        case "nothing_held":
          return { kind: row.outcome, seats: seatsOf(row) };
        case "held_for_other_event":
        case "no_event":
          return { kind: row.outcome };
        default:
          throw new Error(`release_seats answered an unknown outcome ${row.outcome}`);
      }
    },
  };
}
