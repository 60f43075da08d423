import { execute, queryOne, statement, type Db } from "@turnout/kit";

// Every change below is a compare-and-set, made in a unit of work under the event's lock: the
// seat on its registration and state, the booking on the status it was read in. Either failing
// rolls the unit of work back (the use case re-reads and tries again).

const cancel = statement(
  "registrations_seat_cancel",
  `UPDATE seats SET status = 'cancelled', cancelled_at = $3::timestamptz
   WHERE id = $1::uuid AND registration_id = $2::uuid AND status = 'active'`,
);
// The booking gives up one seat; its `quantity` keeps counting its active seats (never 0: the
// last seat ends the booking instead).
const shrink = statement<{ quantity: number }>(
  "registrations_seat_shrink_booking",
  `UPDATE registrations SET quantity = quantity - 1, updated_at = $3::timestamptz
   WHERE id = $1::uuid AND status = $2::text AND checked_in_at IS NULL AND quantity > 1
   RETURNING quantity`,
);
// Into the recipient's new booking; it keeps its hold (the ledger goes on counting it).
const move = statement(
  "registrations_seat_move",
  `UPDATE seats SET registration_id = $3::uuid, position = 1
   WHERE id = $1::uuid AND registration_id = $2::uuid AND status = 'active'`,
);
// A booking received by transfer: confirmed at once (`direct`), one seat of the sender's type.
// The partial unique index of active registrations refuses a second one for the recipient.
const createReceived = statement<{ id: string }>(
  "registrations_seat_create_received",
  `INSERT INTO registrations (id, event_id, user_id, status, confirmed_via, confirmed_at,
     created_at, updated_at, ticket_type_id, quantity, transferred_from)
   SELECT $1::uuid, r.event_id, $3::uuid, 'confirmed', 'direct', $4::timestamptz,
     $4::timestamptz, $4::timestamptz, r.ticket_type_id, 1, r.id
   FROM registrations r WHERE r.id = $2::uuid
   ON CONFLICT DO NOTHING RETURNING id`,
);
// The sender's last seat went to the recipient: the booking ends, and holds nothing to release.
const endTransferred = statement(
  "registrations_seat_end_transferred",
  `UPDATE registrations SET status = 'cancelled', cancel_reason = 'seat_transferred',
     cancelled_at = $2::timestamptz, updated_at = $2::timestamptz
   WHERE id = $1::uuid AND status = 'confirmed' AND checked_in_at IS NULL AND quantity = 1`,
);

/** One seat's own changes: cancelled on its own, moved to another booking. */
export function seatsRepository(db: Db) {
  return {
    /** active → cancelled; false if the seat is not an active seat of the registration. */
    async cancel(seatId: string, registrationId: string, now: Date): Promise<boolean> {
      return (await execute(db, cancel, [seatId, registrationId, now])) === 1;
    },

    /** One seat fewer; null if the booking left `status`, was checked in or has one seat. */
    async shrinkBooking(registrationId: string, status: string, now: Date): Promise<number | null> {
      return (await queryOne(db, shrink, [registrationId, status, now]))?.quantity ?? null;
    },

    /** The active seat moves from one booking to another; false if it is not there. */
    async move(seatId: string, from: string, to: string): Promise<boolean> {
      return (await execute(db, move, [seatId, from, to])) === 1;
    },

    /** The recipient's confirmed booking of one seat; false if they already have one. */
    async createReceived(
      id: string,
      fromRegistrationId: string,
      userId: string,
      now: Date,
    ): Promise<boolean> {
      return (
        (await queryOne(db, createReceived, [id, fromRegistrationId, userId, now])) !== undefined
      );
    },

    /** confirmed → cancelled (`seat_transferred`) for a booking whose one seat was given away. */
    async endTransferred(registrationId: string, now: Date): Promise<boolean> {
      return (await execute(db, endTransferred, [registrationId, now])) === 1;
    },
  };
}
