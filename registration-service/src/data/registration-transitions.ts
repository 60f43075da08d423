import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";
import type { Registration, RegistrationStatus } from "../domain/registration";
import { REGISTRATION_COLUMNS, toRegistration, type RegistrationRow } from "./registration-rows";

// Every change of status is a compare-and-set on the status it expects: when two paths race
// (the request and the recovery saga, a cancel and a promotion), exactly one of them wins and
// the other sees `false` and re-reads. A change into or out of `waitlisted` is made under the
// event's snapshot lock (`snapshots.lock`): the waitlist counter trigger updates that row.

export interface EndedRegistration {
  id: string;
  userId: string;
  previousStatus: RegistrationStatus;
  waitlistSeq: number | null;
  ticketTypeId: string | null;
  quantity: number;
}

// Back to its old place in line (a promotion that found no seat); the position counts those
// ahead (the statement does not see its own change, hence the + 1). Rare: the common join is
// `seatPath.joinWaitlist`, which reads the counter instead.
const returnToWaitlist = statement<RegistrationRow>(
  "registrations_return_to_waitlist",
  `UPDATE registrations r SET status = 'waitlisted', waitlist_seq = $2::bigint,
     updated_at = $3::timestamptz
   WHERE r.id = $1::uuid AND r.status = 'reserving'
   RETURNING ${REGISTRATION_COLUMNS}, 1 + (
     SELECT count(*) FROM registrations w WHERE w.event_id = r.event_id
       AND w.status = 'waitlisted' AND w.waitlist_seq < r.waitlist_seq
   ) AS waitlist_position`,
);
const markPromoting = statement(
  "registrations_mark_promoting",
  `UPDATE registrations SET status = 'reserving', updated_at = $2::timestamptz
   WHERE id = $1::uuid AND status = 'waitlisted'`,
);
const deleteAttempt = statement(
  "registrations_delete_attempt",
  `DELETE FROM registrations WHERE id = $1::uuid AND status = 'reserving'`,
);
const end = statement(
  "registrations_end",
  `UPDATE registrations SET status = $3::text, cancel_reason = $4::text,
     cancelled_at = $5::timestamptz, updated_at = $5::timestamptz
   WHERE id = $1::uuid AND status = $2::text`,
);
const approve = statement(
  "registrations_approve",
  `UPDATE registrations SET status = 'confirmed', confirmed_via = 'approval',
     confirmed_at = $2::timestamptz, updated_at = $2::timestamptz
   WHERE id = $1::uuid AND status = 'pending'`,
);
const checkIn = statement(
  "registrations_check_in",
  `UPDATE registrations SET checked_in_at = $2::timestamptz, updated_at = $2::timestamptz
   WHERE id = $1::uuid AND status = 'confirmed' AND checked_in_at IS NULL`,
);
const cancelAllActive = statement<{
  id: string;
  user_id: string;
  previous: string;
  waitlist_seq: string | null;
  ticket_type_id: string | null;
  quantity: number;
}>(
  "registrations_cancel_all_active",
  `WITH ending AS (
     SELECT id, status AS previous FROM registrations
     WHERE event_id = $1::uuid AND status IN ('reserving', 'confirmed', 'pending', 'waitlisted')
     FOR UPDATE
   )
   UPDATE registrations r SET status = 'cancelled', cancel_reason = $2::text,
     cancelled_at = $3::timestamptz, updated_at = $3::timestamptz
   FROM ending WHERE r.id = ending.id
   RETURNING r.id, r.user_id, ending.previous, r.waitlist_seq, r.ticket_type_id, r.quantity`,
);

export function transitionsRepository(db: Db) {
  return {
    /** reserving → waitlisted at its old number; null when it was not `reserving`. */
    async returnToWaitlist(
      id: string,
      waitlistSeq: number,
      now: Date,
    ): Promise<Registration | null> {
      const row = await queryOne(db, returnToWaitlist, [id, waitlistSeq, now]);
      return row ? toRegistration(row) : null;
    },

    /** waitlisted → reserving: a promotion is about to ask the ledger for a seat. */
    async markPromoting(id: string, now: Date): Promise<boolean> {
      return (await execute(db, markPromoting, [id, now])) === 1;
    },

    /** Drops an attempt that never got anywhere (its idempotency key goes with it). */
    async deleteAttempt(id: string): Promise<boolean> {
      return (await execute(db, deleteAttempt, [id])) === 1;
    },

    /** `from` → cancelled or rejected. */
    async end(
      id: string,
      from: RegistrationStatus,
      to: "cancelled" | "rejected",
      reason: string,
      now: Date,
    ): Promise<boolean> {
      return (await execute(db, end, [id, from, to, reason, now])) === 1;
    },

    /** pending → confirmed by the organizer. */
    async markApproved(id: string, now: Date): Promise<boolean> {
      return (await execute(db, approve, [id, now])) === 1;
    },

    /** A confirmed attendee arrived; only once. */
    async markCheckedIn(id: string, now: Date): Promise<boolean> {
      return (await execute(db, checkIn, [id, now])) === 1;
    },

    /** Every active registration of a cancelled event → cancelled; what each one was. */
    async cancelAllActive(
      eventId: string,
      reason: string,
      now: Date,
    ): Promise<EndedRegistration[]> {
      const rows = await queryRows(db, cancelAllActive, [eventId, reason, now]);
      return rows.map((row) => ({
        id: row.id,
        userId: row.user_id,
        previousStatus: row.previous as RegistrationStatus,
        waitlistSeq: row.waitlist_seq === null ? null : Number(row.waitlist_seq),
        ticketTypeId: row.ticket_type_id,
        quantity: row.quantity,
      }));
    },
  };
}
