import { execute, queryRows, statement, type Db } from "@turnout/kit";

export interface SeatRelease {
  registrationId: string;
  eventId: string;
  attempts: number;
}

const schedule = statement(
  "registrations_release_schedule",
  `INSERT INTO seat_releases (registration_id, event_id) VALUES ($1::uuid, $2::uuid)
   ON CONFLICT DO NOTHING`,
);
const complete = statement(
  "registrations_release_complete",
  `DELETE FROM seat_releases WHERE registration_id = $1::uuid`,
);
// Backs the next attempt off exponentially (1 s, 2 s, 4 s ... at most 5 minutes).
const fail = statement(
  "registrations_release_fail",
  `UPDATE seat_releases SET attempts = attempts + 1, last_error = left($2, 500),
     next_attempt_at = now() + least(300, power(2, least(attempts, 16))) * interval '1 second'
   WHERE registration_id = $1::uuid`,
);
// The claim pushes `next_attempt_at` forward (a lease, so another replica does not retry the
// same release meanwhile); SKIP LOCKED keeps concurrent claims apart.
const claimDue = statement<{ registration_id: string; event_id: string; attempts: number }>(
  "registrations_release_claim_due",
  `UPDATE seat_releases SET next_attempt_at = now() + interval '30 seconds'
   WHERE registration_id IN (
     SELECT registration_id FROM seat_releases WHERE next_attempt_at <= now()
     ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
   )
   RETURNING registration_id, event_id, attempts`,
);

/** Seats that must go back to the ledger, until the ledger confirms. */
export function seatReleasesRepository(db: Db) {
  return {
    /** In the unit of work that ends a seat-holding registration: its seat must go back. */
    async schedule(registrationId: string, eventId: string): Promise<void> {
      await execute(db, schedule, [registrationId, eventId]);
    },

    /** The ledger confirmed the release. */
    async complete(registrationId: string): Promise<boolean> {
      return (await execute(db, complete, [registrationId])) === 1;
    },

    async recordFailure(registrationId: string, error: string): Promise<void> {
      await execute(db, fail, [registrationId, error]);
    },

    async claimDue(limit: number): Promise<SeatRelease[]> {
      return (await queryRows(db, claimDue, [limit])).map((row) => ({
        registrationId: row.registration_id,
        eventId: row.event_id,
        attempts: row.attempts,
      }));
    },
  };
}
