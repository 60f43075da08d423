import type { ConfirmationPath } from "@turnout/contracts";
import type { Sql } from "@turnout/kit";
import type { Registration, RegistrationStatus } from "../domain/registration";
import { REGISTRATION_COLUMNS, toRegistration, type RegistrationRow } from "./registration-rows";

// Every change of status is a compare-and-set on the status it expects: when two paths race
// (the request and the recovery saga, a cancel and a promotion), exactly one of them wins and
// the other sees `false` and re-reads.

/** reserving → confirmed or pending (a seat is held); null when it was not `reserving`. */
export async function markHeld(
  sql: Sql,
  id: string,
  status: "confirmed" | "pending",
  confirmedVia: ConfirmationPath | null,
  now: Date,
): Promise<Registration | null> {
  const rows = await sql.$queryRawUnsafe<RegistrationRow[]>(
    `UPDATE registrations r SET status = $2::text, confirmed_via = $3::text,
       confirmed_at = CASE WHEN $2::text = 'confirmed' THEN $4::timestamptz END,
       updated_at = $4::timestamptz
     WHERE r.id = $1::uuid AND r.status = 'reserving'
     RETURNING ${REGISTRATION_COLUMNS}, NULL AS waitlist_position`,
    id,
    status,
    confirmedVia,
    now,
  );
  return rows[0] ? toRegistration(rows[0]) : null;
}

/**
 * reserving → waitlisted with its place in line; the registration as it is now, or null when it
 * was not `reserving`. Call under the per-event lock: the position counts everyone waitlisted
 * ahead (the statement does not see its own change, hence the + 1).
 */
export async function markWaitlisted(
  sql: Sql,
  id: string,
  waitlistSeq: number,
  now: Date,
): Promise<Registration | null> {
  const rows = await sql.$queryRawUnsafe<RegistrationRow[]>(
    `UPDATE registrations r SET status = 'waitlisted', waitlist_seq = $2::bigint,
       updated_at = $3::timestamptz
     WHERE r.id = $1::uuid AND r.status = 'reserving'
     RETURNING ${REGISTRATION_COLUMNS}, 1 + (
       SELECT count(*) FROM registrations w WHERE w.event_id = r.event_id
         AND w.status = 'waitlisted' AND w.waitlist_seq < r.waitlist_seq
     ) AS waitlist_position`,
    id,
    waitlistSeq,
    now,
  );
  return rows[0] ? toRegistration(rows[0]) : null;
}

/** waitlisted → reserving: a promotion is about to ask the ledger for a seat. */
export async function markPromoting(sql: Sql, id: string, now: Date): Promise<boolean> {
  const changed = await sql.$executeRawUnsafe(
    `UPDATE registrations SET status = 'reserving', updated_at = $2::timestamptz
     WHERE id = $1::uuid AND status = 'waitlisted'`,
    id,
    now,
  );
  return changed === 1;
}

/** Drops an attempt that never got anywhere (its idempotency key goes with it). */
export async function deleteAttempt(sql: Sql, id: string): Promise<boolean> {
  const deleted = await sql.$executeRawUnsafe(
    `DELETE FROM registrations WHERE id = $1::uuid AND status = 'reserving'`,
    id,
  );
  return deleted === 1;
}

/** `from` → cancelled or rejected. */
export async function endRegistration(
  sql: Sql,
  id: string,
  from: RegistrationStatus,
  to: "cancelled" | "rejected",
  reason: string,
  now: Date,
): Promise<boolean> {
  const changed = await sql.$executeRawUnsafe(
    `UPDATE registrations SET status = $3::text, cancel_reason = $4::text,
       cancelled_at = $5::timestamptz, updated_at = $5::timestamptz
     WHERE id = $1::uuid AND status = $2::text`,
    id,
    from,
    to,
    reason,
    now,
  );
  return changed === 1;
}

/** pending → confirmed by the organizer. */
export async function markApproved(sql: Sql, id: string, now: Date): Promise<boolean> {
  const changed = await sql.$executeRawUnsafe(
    `UPDATE registrations SET status = 'confirmed', confirmed_via = 'approval',
       confirmed_at = $2::timestamptz, updated_at = $2::timestamptz
     WHERE id = $1::uuid AND status = 'pending'`,
    id,
    now,
  );
  return changed === 1;
}

/** A confirmed attendee arrived; only once. */
export async function markCheckedIn(sql: Sql, id: string, now: Date): Promise<boolean> {
  const changed = await sql.$executeRawUnsafe(
    `UPDATE registrations SET checked_in_at = $2::timestamptz, updated_at = $2::timestamptz
     WHERE id = $1::uuid AND status = 'confirmed' AND checked_in_at IS NULL`,
    id,
    now,
  );
  return changed === 1;
}

export interface EndedRegistration {
  id: string;
  userId: string;
  previousStatus: RegistrationStatus;
  waitlistSeq: number | null;
}

/** Every active registration of a cancelled event → cancelled; returns what each one was. */
export async function cancelAllActive(
  sql: Sql,
  eventId: string,
  reason: string,
  now: Date,
): Promise<EndedRegistration[]> {
  const rows = await sql.$queryRawUnsafe<
    { id: string; user_id: string; previous: string; waitlist_seq: bigint | null }[]
  >(
    `WITH ending AS (
       SELECT id, status AS previous FROM registrations
       WHERE event_id = $1::uuid AND status IN ('reserving', 'confirmed', 'pending', 'waitlisted')
       FOR UPDATE
     )
     UPDATE registrations r SET status = 'cancelled', cancel_reason = $2::text,
       cancelled_at = $3::timestamptz, updated_at = $3::timestamptz
     FROM ending WHERE r.id = ending.id
     RETURNING r.id, r.user_id, ending.previous, r.waitlist_seq`,
    eventId,
    reason,
    now,
  );
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    previousStatus: row.previous as RegistrationStatus,
    waitlistSeq: row.waitlist_seq === null ? null : Number(row.waitlist_seq),
  }));
}
