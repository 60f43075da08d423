import { execute, queryRows, statement, type Db } from "@turnout/kit";

/** A scheduled release: a whole hold's (`seatId` null) or one seat's of the hold. */
export interface SeatRelease {
  /** The schedule row. */
  id: string;
  /** The ledger hold: the id of the registration that reserved the seats. */
  holdId: string;
  seatId: string | null;
  eventId: string;
  attempts: number;
}

interface ReleaseRow {
  id: string;
  registration_id: string;
  seat_id: string | null;
  event_id: string;
  attempts: number;
}

const RETURNING = "RETURNING id, registration_id, seat_id, event_id, attempts";

const toRelease = (row: ReleaseRow): SeatRelease => ({
  id: row.id,
  holdId: row.registration_id,
  seatId: row.seat_id,
  eventId: row.event_id,
  attempts: row.attempts,
});

// What a registration's end gives back, in one statement. The whole hold (which leaves the
// ledger's tombstone: a reserve still on its way can never hold afterwards) when the
// registration has no seat rows (a dropped attempt: they went with it) or when every seat of its
// own hold is still its own. Once a seat of its hold was transferred out, the hold is shared:
// one release per active seat of the registration, each under the hold it is counted in. Seats
// it received by transfer (counted under another booking's hold) always go one by one. A split
// hold was held (only a confirmed booking transfers), so a seat's release never races a reserve.
const schedule = statement<ReleaseRow>(
  "registrations_release_schedule",
  `WITH mine AS (
     SELECT id, hold_id FROM seats WHERE registration_id = $1::uuid AND status = 'active'
   ), split AS (
     SELECT EXISTS (SELECT 1 FROM seats WHERE event_id = $2::uuid AND hold_id = $1::uuid
       AND registration_id <> $1::uuid) AS shared
   ), whole AS (
     SELECT NOT shared AND (EXISTS (SELECT 1 FROM mine WHERE hold_id = $1::uuid)
       OR NOT EXISTS (SELECT 1 FROM seats WHERE registration_id = $1::uuid)) AS yes
     FROM split
   )
   INSERT INTO seat_releases (registration_id, event_id, seat_id)
   SELECT $1::uuid, $2::uuid, NULL FROM whole WHERE yes
   UNION ALL
   SELECT mine.hold_id, $2::uuid, mine.id FROM mine, whole
   WHERE mine.hold_id <> $1::uuid OR NOT whole.yes
   ON CONFLICT DO NOTHING
   ${RETURNING}`,
);
// One seat cancelled on its own.
const scheduleSeat = statement<ReleaseRow>(
  "registrations_release_schedule_seat",
  `INSERT INTO seat_releases (registration_id, event_id, seat_id)
   VALUES ($1::uuid, $2::uuid, $3::uuid) ON CONFLICT DO NOTHING
   ${RETURNING}`,
);
const pendingForHold = statement<ReleaseRow>(
  "registrations_release_pending_for_hold",
  `SELECT id, registration_id, seat_id, event_id, attempts FROM seat_releases
   WHERE registration_id = $1::uuid AND seat_id IS NULL`,
);
const complete = statement(
  "registrations_release_complete",
  `DELETE FROM seat_releases WHERE id = $1::uuid`,
);
// Backs the next attempt off exponentially (1 s, 2 s, 4 s ... at most 5 minutes).
const fail = statement(
  "registrations_release_fail",
  `UPDATE seat_releases SET attempts = attempts + 1, last_error = left($2, 500),
     next_attempt_at = now() + least(300, power(2, least(attempts, 16))) * interval '1 second'
   WHERE id = $1::uuid`,
);
// The claim pushes `next_attempt_at` forward (a lease, so another replica does not retry the
// same release meanwhile); SKIP LOCKED keeps concurrent claims apart.
const claimDue = statement<ReleaseRow>(
  "registrations_release_claim_due",
  `UPDATE seat_releases SET next_attempt_at = now() + interval '30 seconds'
   WHERE id IN (
     SELECT id FROM seat_releases WHERE next_attempt_at <= now()
     ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
   )
   ${RETURNING}`,
);

/** Seats that must go back to the ledger, until the ledger confirms. */
export function seatReleasesRepository(db: Db) {
  return {
    /**
     * In the unit of work that ends a seat-holding registration: its seats must go back (see
     * the statement for which releases). Returns the releases scheduled now.
     */
    async schedule(registrationId: string, eventId: string): Promise<SeatRelease[]> {
      return (await queryRows(db, schedule, [registrationId, eventId])).map(toRelease);
    },

    /** In the unit of work that cancels one seat: that seat goes back to its hold. */
    async scheduleSeat(holdId: string, eventId: string, seatId: string): Promise<SeatRelease[]> {
      return (await queryRows(db, scheduleSeat, [holdId, eventId, seatId])).map(toRelease);
    },

    /** The whole-hold release of a hold still waiting, if any. */
    async pendingForHold(holdId: string): Promise<SeatRelease[]> {
      return (await queryRows(db, pendingForHold, [holdId])).map(toRelease);
    },

    /** The ledger confirmed the release. */
    async complete(id: string): Promise<boolean> {
      return (await execute(db, complete, [id])) === 1;
    },

    async recordFailure(id: string, error: string): Promise<void> {
      await execute(db, fail, [id, error]);
    },

    async claimDue(limit: number): Promise<SeatRelease[]> {
      return (await queryRows(db, claimDue, [limit])).map(toRelease);
    },
  };
}
