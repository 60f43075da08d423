import type { Sql } from "@turnout/kit";
import type { Registration, RegistrationStatus } from "../domain/registration";
import {
  REGISTRATION_COLUMNS,
  toNumber,
  toRegistration,
  WAITLIST_POSITION,
  type Keyset,
  type RegistrationRow,
} from "./registration-rows";

export async function findRegistration(sql: Sql, id: string): Promise<Registration | null> {
  const rows = await sql.$queryRawUnsafe<RegistrationRow[]>(
    `SELECT ${REGISTRATION_COLUMNS}, ${WAITLIST_POSITION} FROM registrations r WHERE r.id = $1::uuid`,
    id,
  );
  return rows[0] ? toRegistration(rows[0]) : null;
}

/**
 * Whether a newcomer must queue behind others: someone is waitlisted, or a waitlisted attendee
 * is being promoted right now (fairness: a freed seat goes to the waitlist first).
 */
const WAITLIST_AHEAD = `EXISTS (SELECT 1 FROM registrations w WHERE w.event_id = $1::uuid
  AND (w.status = 'waitlisted' OR (w.status = 'reserving' AND w.waitlist_seq IS NOT NULL)))`;

/**
 * A new attempt in `reserving`; null when the user already has an active registration for the
 * event (the partial unique index decides, so two concurrent sign-ups cannot both get in).
 * Also says whether the newcomer must queue behind others (`WAITLIST_AHEAD`).
 */
export async function insertAttempt(
  sql: Sql,
  attempt: { id: string; eventId: string; userId: string; now: Date },
): Promise<{ waitlistAhead: boolean } | null> {
  const rows = await sql.$queryRawUnsafe<{ waitlist_ahead: boolean }[]>(
    `INSERT INTO registrations (id, event_id, user_id, status, created_at, updated_at)
     VALUES ($2::uuid, $1::uuid, $3::uuid, 'reserving', $4::timestamptz, $4::timestamptz)
     ON CONFLICT DO NOTHING
     RETURNING ${WAITLIST_AHEAD} AS waitlist_ahead`,
    attempt.eventId,
    attempt.id,
    attempt.userId,
    attempt.now,
  );
  return rows[0] ? { waitlistAhead: rows[0].waitlist_ahead } : null;
}

export interface ListOptions {
  status?: RegistrationStatus | undefined;
  after?: Keyset | undefined;
  limit: number;
}

/** The user's registrations, newest first. */
export async function listForUser(
  sql: Sql,
  userId: string,
  options: ListOptions,
): Promise<Registration[]> {
  const rows = await sql.$queryRawUnsafe<RegistrationRow[]>(
    `SELECT ${REGISTRATION_COLUMNS}, ${WAITLIST_POSITION} FROM registrations r
     WHERE r.user_id = $1::uuid AND ($2::text IS NULL OR r.status = $2::text)
       AND ($3::timestamptz IS NULL OR (r.created_at, r.id) < ($3::timestamptz, $4::uuid))
     ORDER BY r.created_at DESC, r.id DESC LIMIT $5`,
    userId,
    options.status ?? null,
    options.after?.createdAt ?? null,
    options.after?.id ?? null,
    options.limit,
  );
  return rows.map(toRegistration);
}

/** An event's registrations in sign-up order; positions from one pass over its waitlist. */
export async function listForEvent(
  sql: Sql,
  eventId: string,
  options: ListOptions,
): Promise<Registration[]> {
  const rows = await sql.$queryRawUnsafe<RegistrationRow[]>(
    `SELECT ${REGISTRATION_COLUMNS}, w.position AS waitlist_position FROM registrations r
     LEFT JOIN (
       SELECT id, row_number() OVER (ORDER BY waitlist_seq) AS position FROM registrations
       WHERE event_id = $1::uuid AND status = 'waitlisted'
     ) w ON w.id = r.id
     WHERE r.event_id = $1::uuid AND ($2::text IS NULL OR r.status = $2::text)
       AND ($3::timestamptz IS NULL OR (r.created_at, r.id) > ($3::timestamptz, $4::uuid))
     ORDER BY r.created_at, r.id LIMIT $5`,
    eventId,
    options.status ?? null,
    options.after?.createdAt ?? null,
    options.after?.id ?? null,
    options.limit,
  );
  return rows.map(toRegistration);
}

/** A waitlisted attendee being promoted (its row is `reserving` and keeps its sequence number). */
export async function promotionInFlight(sql: Sql, eventId: string): Promise<boolean> {
  const rows = await sql.$queryRawUnsafe<{ busy: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = $1::uuid
       AND status = 'reserving' AND waitlist_seq IS NOT NULL) AS busy`,
    eventId,
  );
  return rows[0]?.busy === true;
}

export interface Attempt {
  id: string;
  eventId: string;
  userId: string;
  /** Set when the attempt is a promotion from the waitlist. */
  waitlistSeq: number | null;
}

/** The next in line (lowest sequence number); call under the per-event lock. */
export async function firstWaitlisted(sql: Sql, eventId: string): Promise<Attempt | null> {
  const rows = await sql.$queryRawUnsafe<
    { id: string; event_id: string; user_id: string; waitlist_seq: bigint }[]
  >(
    `SELECT id, event_id, user_id, waitlist_seq FROM registrations
     WHERE event_id = $1::uuid AND status = 'waitlisted' ORDER BY waitlist_seq LIMIT 1`,
    eventId,
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        eventId: row.event_id,
        userId: row.user_id,
        waitlistSeq: toNumber(row.waitlist_seq),
      }
    : null;
}

/**
 * Claims up to `limit` attempts left `reserving` for longer than `graceMs`. The claim renews
 * `updated_at` (a lease: no replica claims the row again within the grace period), and
 * SKIP LOCKED keeps two replicas' claims apart.
 */
export async function claimStaleAttempts(
  sql: Sql,
  graceMs: number,
  limit: number,
): Promise<Attempt[]> {
  const rows = await sql.$queryRawUnsafe<
    { id: string; event_id: string; user_id: string; waitlist_seq: bigint | null }[]
  >(
    `UPDATE registrations SET updated_at = now()
     WHERE id IN (
       SELECT id FROM registrations
       WHERE status = 'reserving' AND updated_at < now() - $1::int * interval '1 millisecond'
       ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ) AND status = 'reserving'
     RETURNING id, event_id, user_id, waitlist_seq`,
    graceMs,
    limit,
  );
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event_id,
    userId: row.user_id,
    waitlistSeq: toNumber(row.waitlist_seq),
  }));
}
