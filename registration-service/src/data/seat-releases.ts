import type { Sql } from "@turnout/kit";

export interface SeatRelease {
  registrationId: string;
  eventId: string;
  attempts: number;
}

/** Records, in the transaction that ends a seat-holding registration, that its seat must go back. */
export async function scheduleRelease(
  sql: Sql,
  registrationId: string,
  eventId: string,
): Promise<void> {
  await sql.$executeRawUnsafe(
    `INSERT INTO seat_releases (registration_id, event_id) VALUES ($1::uuid, $2::uuid)
     ON CONFLICT DO NOTHING`,
    registrationId,
    eventId,
  );
}

/** The ledger confirmed the release. */
export async function completeRelease(sql: Sql, registrationId: string): Promise<boolean> {
  const deleted = await sql.$executeRawUnsafe(
    `DELETE FROM seat_releases WHERE registration_id = $1::uuid`,
    registrationId,
  );
  return deleted === 1;
}

/** Backs the next attempt off exponentially (1 s, 2 s, 4 s ... at most 5 minutes). */
export async function recordReleaseFailure(
  sql: Sql,
  registrationId: string,
  error: string,
): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE seat_releases SET attempts = attempts + 1, last_error = left($2, 500),
       next_attempt_at = now() + least(300, power(2, least(attempts, 16))) * interval '1 second'
     WHERE registration_id = $1::uuid`,
    registrationId,
    error,
  );
}

/**
 * Claims releases that are due. The claim pushes `next_attempt_at` forward (a lease, so another
 * replica does not retry the same release meanwhile); SKIP LOCKED keeps concurrent claims apart.
 */
export async function claimDueReleases(sql: Sql, limit: number): Promise<SeatRelease[]> {
  const rows = await sql.$queryRawUnsafe<
    { registration_id: string; event_id: string; attempts: number }[]
  >(
    `UPDATE seat_releases SET next_attempt_at = now() + interval '30 seconds'
     WHERE registration_id IN (
       SELECT registration_id FROM seat_releases WHERE next_attempt_at <= now()
       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     RETURNING registration_id, event_id, attempts`,
    limit,
  );
  return rows.map((row) => ({
    registrationId: row.registration_id,
    eventId: row.event_id,
    attempts: row.attempts,
  }));
}
