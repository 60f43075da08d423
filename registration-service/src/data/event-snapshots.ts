import type { Sql } from "@turnout/kit";
import type { EventFacts } from "../domain/registration";

export interface EventCounters {
  /** Version bumped whenever a seat may have come free. */
  seatsFreed: number;
}

/** The local copy of an event plus this service's per-event counters. */
export interface EventSnapshot extends EventFacts, EventCounters {
  /** The version the last finished promotion pass handled. */
  seatsFreedHandled: number;
}

interface SnapshotRow {
  event_id: string;
  organizer_id: string;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string;
  timezone: string;
  location: string;
  requires_approval: boolean;
  status: string;
  source_updated_at: Date | string;
  seats_freed: bigint | number;
  seats_freed_handled: bigint | number;
}

const COLUMNS = `event_id, organizer_id, title, starts_at, ends_at, timezone, location,
  requires_approval, status, source_updated_at, seats_freed, seats_freed_handled`;

const toSnapshot = (row: SnapshotRow): EventSnapshot => ({
  eventId: row.event_id,
  organizerId: row.organizer_id,
  title: row.title,
  startsAt: new Date(row.starts_at),
  endsAt: new Date(row.ends_at),
  timezone: row.timezone,
  location: row.location,
  requiresApproval: row.requires_approval,
  status: row.status,
  updatedAt: new Date(row.source_updated_at),
  seatsFreed: Number(row.seats_freed),
  seatsFreedHandled: Number(row.seats_freed_handled),
});

export async function findSnapshot(sql: Sql, eventId: string): Promise<EventSnapshot | null> {
  const rows = await sql.$queryRawUnsafe<SnapshotRow[]>(
    `SELECT ${COLUMNS} FROM event_snapshots WHERE event_id = $1::uuid`,
    eventId,
  );
  return rows[0] ? toSnapshot(rows[0]) : null;
}

/** The per-event lock: waitlist sequence numbers and promotions are taken under it. */
export async function lockSnapshot(sql: Sql, eventId: string): Promise<EventSnapshot | null> {
  const rows = await sql.$queryRawUnsafe<SnapshotRow[]>(
    `SELECT ${COLUMNS} FROM event_snapshots WHERE event_id = $1::uuid FOR UPDATE`,
    eventId,
  );
  return rows[0] ? toSnapshot(rows[0]) : null;
}

const isNewer = (facts: EventFacts, current: EventSnapshot | null): boolean =>
  current === null ||
  facts.updatedAt.getTime() > current.updatedAt.getTime() ||
  (facts.status === "cancelled" && current.status !== "cancelled");

/**
 * Stores a copy of the event unless the stored one (`known`, when the caller has just read it) is
 * as new: a burst of sign-ups for one event then reads the row instead of queueing on its lock.
 * An older copy never overwrites a newer one, and a cancellation is final.
 */
export async function refreshSnapshot(
  sql: Sql,
  facts: EventFacts,
  known?: EventSnapshot | null,
): Promise<EventCounters> {
  const current = known === undefined ? await findSnapshot(sql, facts.eventId) : known;
  const counters = { seatsFreed: current?.seatsFreed ?? 0 };
  if (!isNewer(facts, current)) return counters;
  await sql.$executeRawUnsafe(
    `INSERT INTO event_snapshots (event_id, organizer_id, title, starts_at, ends_at, timezone,
       location, requires_approval, status, source_updated_at)
     VALUES ($1::uuid, $2::uuid, $3, $4::timestamptz, $5::timestamptz, $6, $7, $8, $9,
       $10::timestamptz)
     ON CONFLICT (event_id) DO UPDATE SET
       organizer_id = EXCLUDED.organizer_id, title = EXCLUDED.title,
       starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
       timezone = EXCLUDED.timezone, location = EXCLUDED.location,
       requires_approval = EXCLUDED.requires_approval,
       status = CASE WHEN event_snapshots.status = 'cancelled' THEN 'cancelled'
                     ELSE EXCLUDED.status END,
       source_updated_at = GREATEST(event_snapshots.source_updated_at, EXCLUDED.source_updated_at),
       refreshed_at = now()
     WHERE EXCLUDED.source_updated_at > event_snapshots.source_updated_at
        OR (EXCLUDED.status = 'cancelled' AND event_snapshots.status <> 'cancelled')`,
    facts.eventId,
    facts.organizerId,
    facts.title,
    facts.startsAt,
    facts.endsAt,
    facts.timezone,
    facts.location,
    facts.requiresApproval,
    facts.status,
    facts.updatedAt,
  );
  return counters;
}

/**
 * Takes the per-event lock (until the transaction ends) and the next place in the event's line,
 * in one statement: the lock is what serializes the waitlist, so it is held as briefly as can be.
 */
export async function lockWithNextWaitlistSeq(
  sql: Sql,
  eventId: string,
): Promise<{ snapshot: EventSnapshot; waitlistSeq: number } | null> {
  const rows = await sql.$queryRawUnsafe<(SnapshotRow & { waitlist_seq: bigint })[]>(
    `UPDATE event_snapshots SET waitlist_seq = waitlist_seq + 1 WHERE event_id = $1::uuid
     RETURNING ${COLUMNS}, waitlist_seq`,
    eventId,
  );
  const row = rows[0];
  return row ? { snapshot: toSnapshot(row), waitlistSeq: Number(row.waitlist_seq) } : null;
}

/** A seat of the event may have come free: a promotion pass is due. */
export async function bumpSeatsFreed(sql: Sql, eventId: string): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE event_snapshots SET seats_freed = seats_freed + 1 WHERE event_id = $1::uuid`,
    eventId,
  );
}

export async function markPromotionHandled(
  sql: Sql,
  eventId: string,
  version: number,
): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE event_snapshots SET seats_freed_handled = GREATEST(seats_freed_handled, $2::bigint)
     WHERE event_id = $1::uuid`,
    eventId,
    version,
  );
}

/** Events with a freed seat that no finished promotion pass has seen yet. */
export async function eventsDueForPromotion(sql: Sql, limit: number): Promise<string[]> {
  const rows = await sql.$queryRawUnsafe<{ event_id: string }[]>(
    `SELECT event_id FROM event_snapshots WHERE seats_freed > seats_freed_handled LIMIT $1`,
    limit,
  );
  return rows.map((row) => row.event_id);
}

/** The event was cancelled; a snapshot that does not exist has no registrations to end. */
export async function markSnapshotCancelled(
  sql: Sql,
  eventId: string,
  cancelledAt: Date,
): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE event_snapshots SET status = 'cancelled',
       source_updated_at = GREATEST(source_updated_at, $2::timestamptz), refreshed_at = now()
     WHERE event_id = $1::uuid`,
    eventId,
    cancelledAt,
  );
}
