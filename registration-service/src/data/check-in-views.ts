import { queryRows, statement, type Db } from "@turnout/kit";

// What the scanner downloads and the live view counts (docs/tickets.md, "State for offline
// scanning", "Live view"). Each is one statement over the event's seats (`seats_by_event`) or
// its check-ins (`seat_check_ins_by_event`).

export interface RecordedCheckIn {
  seatId: string;
  checkedInAt: Date;
  gate: string | null;
}

/** A seat given away by transfer: only a code naming the booking that holds it now scans. */
export interface MovedSeat {
  seatId: string;
  registrationId: string;
}

export interface TypeCount {
  /** The booking's type; null for a booking made before types (the event's first type). */
  ticketTypeId: string | null;
  confirmed: number;
  checkedIn: number;
}

export interface ArrivalBucket {
  from: Date;
  count: number;
}

// Seats whose tickets are refused: cancelled on their own, or of a booking that is not
// confirmed. A transferred seat is not void (its id is on the new holder's ticket too).
const voidSeats = statement<{ id: string }>(
  "registrations_check_in_void_seats",
  `SELECT s.id FROM seats s JOIN registrations r ON r.id = s.registration_id
   WHERE s.event_id = $1::uuid AND (s.status = 'cancelled' OR r.status <> 'confirmed')
   ORDER BY s.id`,
);
const movedSeats = statement<{ id: string; registration_id: string }>(
  "registrations_check_in_moved_seats",
  `SELECT s.id, s.registration_id FROM seats s
   WHERE s.event_id = $1::uuid AND s.status = 'active'
     AND EXISTS (SELECT 1 FROM seat_transfers t WHERE t.seat_id = s.id AND t.status = 'accepted')
   ORDER BY s.id`,
);
const checkIns = statement<{ seat_id: string; checked_in_at: Date; gate: string | null }>(
  "registrations_check_in_list",
  `SELECT seat_id, checked_in_at, gate FROM seat_check_ins WHERE event_id = $1::uuid
   ORDER BY checked_in_at, seat_id`,
);
// Active seats of confirmed bookings by type, and how many of them are checked in.
const byType = statement<{ ticket_type_id: string | null; confirmed: string; checked_in: string }>(
  "registrations_check_in_by_type",
  `SELECT r.ticket_type_id, count(*) AS confirmed, count(c.seat_id) AS checked_in
   FROM seats s JOIN registrations r ON r.id = s.registration_id
   LEFT JOIN seat_check_ins c ON c.seat_id = s.id
   WHERE s.event_id = $1::uuid AND s.status = 'active' AND r.status = 'confirmed'
   GROUP BY r.ticket_type_id`,
);
// Ten-minute buckets on the clock (:00, :10, …), every one from the first to the last check-in,
// empty ones included.
const arrivals = statement<{ bucket: Date; count: string }>(
  "registrations_check_in_arrivals",
  `WITH counts AS (
     SELECT date_bin('10 minutes', checked_in_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
       count(*) AS n
     FROM seat_check_ins WHERE event_id = $1::uuid GROUP BY 1
   ), span AS (SELECT min(bucket) AS first, max(bucket) AS last FROM counts)
   SELECT g.bucket, coalesce(c.n, 0) AS count
   FROM span CROSS JOIN generate_series(span.first, span.last, interval '10 minutes') AS g(bucket)
   LEFT JOIN counts c ON c.bucket = g.bucket
   ORDER BY g.bucket`,
);

export function checkInViewsRepository(db: Db) {
  return {
    async voidSeatIds(eventId: string): Promise<string[]> {
      return (await queryRows(db, voidSeats, [eventId])).map((row) => row.id);
    },

    async movedSeats(eventId: string): Promise<MovedSeat[]> {
      return (await queryRows(db, movedSeats, [eventId])).map((row) => ({
        seatId: row.id,
        registrationId: row.registration_id,
      }));
    },

    async checkIns(eventId: string): Promise<RecordedCheckIn[]> {
      return (await queryRows(db, checkIns, [eventId])).map((row) => ({
        seatId: row.seat_id,
        checkedInAt: new Date(row.checked_in_at),
        gate: row.gate,
      }));
    },

    async countsByType(eventId: string): Promise<TypeCount[]> {
      return (await queryRows(db, byType, [eventId])).map((row) => ({
        ticketTypeId: row.ticket_type_id,
        confirmed: Number(row.confirmed),
        checkedIn: Number(row.checked_in),
      }));
    },

    async arrivals(eventId: string): Promise<ArrivalBucket[]> {
      return (await queryRows(db, arrivals, [eventId])).map((row) => ({
        from: new Date(row.bucket),
        count: Number(row.count),
      }));
    },
  };
}
