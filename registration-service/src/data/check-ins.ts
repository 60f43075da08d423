import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";

// Check-ins at the door (docs/tickets.md, "Scanning"): one row per seat, the first scan wins.
// A scan runs in one unit of work: lock the booking and the seat, insert, mark the booking,
// enqueue the message, NOTIFY the live view.

/** A seat as the door sees it, locked with its booking until the unit of work ends. */
export interface ScanTarget {
  seatId: string;
  seatStatus: "active" | "cancelled";
  /** The booking that holds the seat now (a transfer moves it). */
  registrationId: string;
  eventId: string;
  position: number;
  bookingStatus: string;
  userId: string;
  ticketTypeId: string | null;
  /** The seat's attendee name, else the account's display name. */
  holderName: string | null;
}

export interface CheckIn {
  seatId: string;
  eventId: string;
  registrationId: string;
  gate: string | null;
  checkedInAt: Date;
  /** The offline scanner's time; null for an online scan. */
  scannedAt: Date | null;
  checkedInBy: string;
}

interface TargetRow {
  id: string;
  status: "active" | "cancelled";
  registration_id: string;
  event_id: string;
  position: number;
  booking_status: string;
  user_id: string;
  ticket_type_id: string | null;
  holder_name: string | null;
}

// The booking, then the seat, as every change of a booking takes them (a seat cancel or a
// transfer updates the booking first): a scan and such a change wait for each other instead of
// deadlocking, so a seat is never checked in and cancelled at once. The booking holding the
// seat is locked first on its own; the target's statement then locks the seat (and the
// booking again, or the one a transfer moved the seat to meanwhile: the scan then refuses it).
const lockBookingOfSeat = statement(
  "registrations_check_in_lock_booking_of_seat",
  `SELECT r.id FROM registrations r JOIN seats s ON s.registration_id = r.id
   WHERE s.id = $1::uuid
   FOR UPDATE OF r`,
);
const lockBooking = statement(
  "registrations_check_in_lock_booking",
  `SELECT id FROM registrations WHERE id = $1::uuid FOR UPDATE`,
);
const lockTarget = statement<TargetRow>(
  "registrations_check_in_lock_target",
  `SELECT s.id, s.status, s.registration_id, s.event_id, s.position,
     r.status AS booking_status, r.user_id, r.ticket_type_id,
     coalesce(s.attendee_name, p.display_name) AS holder_name
   FROM seats s JOIN registrations r ON r.id = s.registration_id
   LEFT JOIN people p ON p.user_id = r.user_id
   WHERE s.id = $1::uuid
   FOR UPDATE OF s, r`,
);
const lockBookingSeats = statement<TargetRow>(
  "registrations_check_in_lock_booking_seats",
  `SELECT s.id, s.status, s.registration_id, s.event_id, s.position,
     r.status AS booking_status, r.user_id, r.ticket_type_id,
     coalesce(s.attendee_name, p.display_name) AS holder_name
   FROM seats s JOIN registrations r ON r.id = s.registration_id
   LEFT JOIN people p ON p.user_id = r.user_id
   WHERE s.registration_id = $1::uuid AND s.status = 'active'
   ORDER BY s.position
   FOR UPDATE OF s, r`,
);
const insert = statement(
  "registrations_check_in_insert",
  `INSERT INTO seat_check_ins (seat_id, event_id, registration_id, gate, checked_in_at,
     scanned_at, checked_in_by, created_at)
   VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::timestamptz, $6::timestamptz, $7::uuid,
     now())
   ON CONFLICT (seat_id) DO NOTHING`,
);
const find = statement<{ checked_in_at: Date; gate: string | null }>(
  "registrations_check_in_find",
  `SELECT checked_in_at, gate FROM seat_check_ins WHERE seat_id = $1::uuid`,
);
// Delivered to every listening replica when the unit of work commits (nothing if it rolls back).
const notify = statement(
  "registrations_check_in_notify",
  `SELECT pg_notify(current_schema() || '_check_ins', $1::text)`,
);

const toTarget = (row: TargetRow): ScanTarget => ({
  seatId: row.id,
  seatStatus: row.status,
  registrationId: row.registration_id,
  eventId: row.event_id,
  position: row.position,
  bookingStatus: row.booking_status,
  userId: row.user_id,
  ticketTypeId: row.ticket_type_id,
  holderName: row.holder_name,
});

export function checkInsRepository(db: Db) {
  return {
    /** The seat and its booking, locked; null for a seat that does not exist. */
    async lockTarget(seatId: string): Promise<ScanTarget | null> {
      await queryOne(db, lockBookingOfSeat, [seatId]);
      const row = await queryOne(db, lockTarget, [seatId]);
      return row ? toTarget(row) : null;
    },

    /** Every active seat of a booking, locked, by position. */
    async lockBookingSeats(registrationId: string): Promise<ScanTarget[]> {
      await queryOne(db, lockBooking, [registrationId]);
      return (await queryRows(db, lockBookingSeats, [registrationId])).map(toTarget);
    },

    /** False when the seat was checked in before (the first scan stays). */
    async insert(checkIn: CheckIn): Promise<boolean> {
      const inserted = await execute(db, insert, [
        checkIn.seatId,
        checkIn.eventId,
        checkIn.registrationId,
        checkIn.gate,
        checkIn.checkedInAt,
        checkIn.scannedAt,
        checkIn.checkedInBy,
      ]);
      return inserted === 1;
    },

    async find(seatId: string): Promise<{ checkedInAt: Date; gate: string | null } | null> {
      const row = await queryOne(db, find, [seatId]);
      return row ? { checkedInAt: new Date(row.checked_in_at), gate: row.gate } : null;
    },

    /** NOTIFY `<schema>_check_ins` with the live view's event (JSON, well under 8000 bytes). */
    async notify(payload: unknown): Promise<void> {
      await queryOne(db, notify, [JSON.stringify(payload)]);
    },
  };
}
