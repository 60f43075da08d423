import { queryRows, statement, type Db } from "@turnout/kit";

export type AttendanceStatus = "confirmed" | "waitlisted" | "cancelled";

/**
 * Registration messages travel on three topics, so they can arrive out of order: a status
 * older than the one stored is ignored, and a cancelled registration never comes back.
 */
const recordAttendance = statement<{ registration_id: string }>(
  "notifications_attendances_record",
  `INSERT INTO attendances AS a (registration_id, event_id, user_id, status, status_at)
   VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::timestamptz)
   ON CONFLICT (registration_id) DO UPDATE
     SET status = excluded.status, status_at = excluded.status_at, updated_at = now()
     WHERE a.status <> 'cancelled'
       AND (excluded.status = 'cancelled' OR a.status_at <= excluded.status_at)
   RETURNING registration_id`,
);

const activeAttendees = statement<{ user_id: string; registration_id: string }>(
  "notifications_attendances_active",
  `SELECT user_id, registration_id FROM attendances
   WHERE event_id = $1::uuid AND status <> 'cancelled' ORDER BY status_at`,
);

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
    }): Promise<boolean> {
      const rows = await queryRows(db, recordAttendance, [
        input.registrationId,
        input.eventId,
        input.userId,
        input.status,
        input.statusAt,
      ]);
      return rows.length === 1;
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
