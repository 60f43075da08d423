import { queryRows, statement, type Db } from "@turnout/kit";
import type { Answers } from "../domain/booking-rules";
import type { Seat } from "../domain/registration";

/** A `seats` row as raw SQL (or `row_to_json`) returns it. */
export interface SeatRow {
  id: string;
  registration_id: string;
  hold_id: string;
  position: number;
  attendee_name: string | null;
  answers: Answers | null;
  status: string;
  cancelled_at: Date | string | null;
  /** The seat's open offer (`seatsJsonOf` only). */
  transfer?: { id: string; email: string; created_at: string } | null;
}

export const SEAT_COLUMNS = `s.id, s.registration_id, s.hold_id, s.position, s.attendee_name,
  s.answers, s.status, s.cancelled_at`;

/**
 * The seats of the registration aliased `<alias>`, by position, as one JSON array: every read of
 * a registration carries its seats, each with its open transfer offer, in the same statement (no
 * second round trip; the offer is one probe of the one-open-offer-per-seat index).
 */
export const seatsJsonOf = (alias: string): string => `(
  SELECT coalesce(json_agg(json_build_object('id', s.id, 'registration_id', s.registration_id,
    'hold_id', s.hold_id, 'position', s.position, 'attendee_name', s.attendee_name,
    'answers', s.answers, 'status', s.status, 'cancelled_at', s.cancelled_at,
    'transfer', (SELECT json_build_object('id', t.id, 'email', t.email, 'created_at', t.created_at)
                 FROM seat_transfers t WHERE t.seat_id = s.id AND t.status = 'offered'))
    ORDER BY s.position), '[]'::json)
  FROM seats s WHERE s.registration_id = ${alias}.id) AS seats`;

export const toSeat = (row: SeatRow): Seat => ({
  id: row.id,
  registrationId: row.registration_id,
  holdId: row.hold_id,
  position: row.position,
  attendeeName: row.attendee_name,
  answers: row.answers ?? {},
  status: row.status === "cancelled" ? "cancelled" : "active",
  cancelledAt: row.cancelled_at === null ? null : new Date(row.cancelled_at),
  openTransfer: row.transfer
    ? {
        id: row.transfer.id,
        email: row.transfer.email,
        createdAt: new Date(row.transfer.created_at),
      }
    : null,
});

/** The seats a `seatsJsonOf` column returned (absent: none read). */
export const toSeats = (value: SeatRow[] | string | null | undefined): Seat[] => {
  if (value === null || value === undefined) return [];
  const rows = typeof value === "string" ? (JSON.parse(value) as SeatRow[]) : value;
  return rows.map(toSeat);
};

const ofRegistrations = statement<SeatRow>(
  "registrations_seats_of",
  `SELECT ${SEAT_COLUMNS} FROM seats s WHERE s.registration_id = ANY($1::uuid[])
   ORDER BY s.registration_id, s.position`,
);

/** Reads of seats (writes are part of the statements that change their bookings). */
export function seatRowsRepository(db: Db) {
  return {
    /** The seats of every registration in `ids`, by position, in one query. */
    async ofRegistrations(ids: readonly string[]): Promise<Map<string, Seat[]>> {
      const seats = new Map<string, Seat[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return seats;
      for (const row of await queryRows(db, ofRegistrations, [ids])) {
        seats.get(row.registration_id)?.push(toSeat(row));
      }
      return seats;
    },
  };
}
