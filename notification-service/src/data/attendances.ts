import { execute, queryRows, statement, type Db } from "@turnout/kit";

export type AttendanceStatus = "confirmed" | "waitlisted" | "cancelled";

/**
 * Registration messages travel on three topics, so they can arrive out of order: a status
 * older than the one stored is ignored, and a cancelled registration never comes back.
 */
const recordAttendance = statement<{ registration_id: string }>(
  "notifications_attendances_record",
  `INSERT INTO attendances AS a
     (registration_id, event_id, user_id, status, status_at, ticket_type_name, quantity)
   VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::timestamptz, $6, $7::int)
   ON CONFLICT (registration_id) DO UPDATE
     SET status = excluded.status, status_at = excluded.status_at, updated_at = now(),
         ticket_type_name = COALESCE(excluded.ticket_type_name, a.ticket_type_name),
         quantity = excluded.quantity
     WHERE a.status <> 'cancelled'
       AND (excluded.status = 'cancelled' OR a.status_at <= excluded.status_at)
   RETURNING registration_id`,
);

const activeAttendees = statement<{ user_id: string; registration_id: string }>(
  "notifications_attendances_active",
  `SELECT user_id, registration_id FROM attendances
   WHERE event_id = $1::uuid AND status <> 'cancelled' ORDER BY status_at`,
);

/** A booking that kept other seats: its number of seats now (a seat left). */
const setQuantity = statement(
  "notifications_attendances_set_quantity",
  `UPDATE attendances SET quantity = $2::int, updated_at = now()
   WHERE registration_id = $1::uuid AND status <> 'cancelled'`,
);

interface ConfirmedRow {
  registration_id: string;
  user_id: string;
  ticket_type_name: string | null;
  quantity: number;
  status_at: Date;
}

/**
 * One page of an event's confirmed bookings, by registration id (keyset). With `$4`, only those
 * whose holder takes reminders (a holder not heard of yet does: the default).
 */
const confirmedPage = statement<ConfirmedRow>(
  "notifications_attendances_confirmed_page",
  `SELECT a.registration_id, a.user_id, a.ticket_type_name, a.quantity, a.status_at
   FROM attendances a LEFT JOIN recipients r ON r.user_id = a.user_id
   WHERE a.event_id = $1::uuid AND a.status = 'confirmed' AND a.registration_id > $2::uuid
     AND (NOT $4::boolean OR COALESCE(r.event_reminders, true))
   ORDER BY a.registration_id LIMIT $3::int`,
);

/** A confirmed booking, as reminders and messages to attendees need it. */
export interface ConfirmedBooking {
  registrationId: string;
  userId: string;
  ticketTypeName: string | null;
  quantity: number;
  confirmedAt: Date;
}

const FIRST_UUID = "00000000-0000-0000-0000-000000000000";

const cancelledAttendance = statement<{ registration_id: string }>(
  "notifications_attendances_cancelled",
  `SELECT registration_id FROM attendances
   WHERE registration_id = $1::uuid AND status = 'cancelled'`,
);

export function attendancesRepository(db: Db) {
  return {
    /**
     * Records a registration's new status and says whether it applied. A message that did not
     * apply is stale, and the caller tells nobody about it.
     */
    async record(input: {
      registrationId: string;
      eventId: string;
      userId: string;
      status: AttendanceStatus;
      statusAt: string;
      /** The booking's type and seats when the message carries them. */
      ticketTypeName?: string | null | undefined;
      quantity?: number | undefined;
    }): Promise<boolean> {
      const rows = await queryRows(db, recordAttendance, [
        input.registrationId,
        input.eventId,
        input.userId,
        input.status,
        input.statusAt,
        input.ticketTypeName ?? null,
        input.quantity ?? 1,
      ]);
      return rows.length === 1;
    },

    async setQuantity(registrationId: string, quantity: number): Promise<void> {
      await execute(db, setQuantity, [registrationId, quantity]);
    },
    /**
     * Up to `limit` confirmed bookings of the event after `after` (a registration id; none for
     * the first page), in id order; `remindersOnly` leaves out holders who turned reminders off.
     */
    async confirmedPage(
      eventId: string,
      page: { after?: string; limit: number; remindersOnly: boolean },
    ): Promise<ConfirmedBooking[]> {
      const rows = await queryRows(db, confirmedPage, [
        eventId,
        page.after ?? FIRST_UUID,
        page.limit,
        page.remindersOnly,
      ]);
      return rows.map((row) => ({
        registrationId: row.registration_id,
        userId: row.user_id,
        ticketTypeName: row.ticket_type_name,
        quantity: row.quantity,
        confirmedAt: new Date(row.status_at),
      }));
    },
    /** Whether the registration is known to have ended (a cancellation is final). */
    async ended(registrationId: string): Promise<boolean> {
      return (await queryRows(db, cancelledAttendance, [registrationId])).length === 1;
    },

    /** Everyone holding a seat at, or waiting for, the event. */
    async active(eventId: string): Promise<{ userId: string; registrationId: string }[]> {
      const rows = await queryRows(db, activeAttendees, [eventId]);
      return rows.map((row) => ({ userId: row.user_id, registrationId: row.registration_id }));
    },
  };
}
