import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";
import type { TicketTypeFacts } from "../domain/booking-rules";
import type { EventFacts } from "../domain/registration";

/** The local copy of an event plus this service's per-event counters. */
export interface EventSnapshot extends EventFacts {
  /** Version bumped whenever a seat may have come free. */
  seatsFreed: number;
  /** The version the last finished promotion pass handled. */
  seatsFreedHandled: number;
}

interface SnapshotRow {
  event_id: string;
  organizer_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  location: string;
  requires_approval: boolean;
  status: string;
  source_updated_at: Date;
  seats_freed: string;
  seats_freed_handled: string;
  ticket_types: TicketTypeFacts[] | null;
  seat_changes_until: Date | null;
  reminder_lead_minutes: number | null;
}

const COLUMNS = `event_id, organizer_id, title, starts_at, ends_at, timezone, location,
  requires_approval, status, source_updated_at, seats_freed, seats_freed_handled, ticket_types,
  seat_changes_until, reminder_lead_minutes`;

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
  ticketTypes: (row.ticket_types ?? []).map((type) => ({ id: type.id, name: type.name })),
  seatChangesUntil: row.seat_changes_until === null ? null : new Date(row.seat_changes_until),
  reminderLeadMinutes: row.reminder_lead_minutes,
});

/** Per process: the newest `updated_at` of each event's copy this process knows is stored. */
export type SnapshotMemo = Map<string, number>;
export const snapshotMemo = (): SnapshotMemo => new Map();

const find = statement<SnapshotRow>(
  "registrations_snapshot_find",
  `SELECT ${COLUMNS} FROM event_snapshots WHERE event_id = $1::uuid`,
);
const lock = statement<SnapshotRow>(
  "registrations_snapshot_lock",
  `SELECT ${COLUMNS} FROM event_snapshots WHERE event_id = $1::uuid FOR UPDATE`,
);
// An older copy never overwrites a newer one, and a cancellation is final. Ticket types and the
// seat-change deadline are kept when the copy's source did not carry them ($11 null, $13 false),
// and so is the reminder lead time ($14 null).
const upsert = statement(
  "registrations_snapshot_upsert",
  `INSERT INTO event_snapshots (event_id, organizer_id, title, starts_at, ends_at, timezone,
     location, requires_approval, status, source_updated_at, ticket_types, seat_changes_until,
     reminder_lead_minutes)
   VALUES ($1::uuid, $2::uuid, $3, $4::timestamptz, $5::timestamptz, $6, $7, $8, $9,
     $10::timestamptz, coalesce($11::jsonb, '[]'::jsonb), $12::timestamptz, $14::integer)
   ON CONFLICT (event_id) DO UPDATE SET
     organizer_id = EXCLUDED.organizer_id, title = EXCLUDED.title,
     starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
     timezone = EXCLUDED.timezone, location = EXCLUDED.location,
     requires_approval = EXCLUDED.requires_approval,
     ticket_types = coalesce($11::jsonb, event_snapshots.ticket_types),
     seat_changes_until = CASE WHEN $13::boolean THEN EXCLUDED.seat_changes_until
                               ELSE event_snapshots.seat_changes_until END,
     reminder_lead_minutes = coalesce($14::integer, event_snapshots.reminder_lead_minutes),
     status = CASE WHEN event_snapshots.status = 'cancelled' THEN 'cancelled'
                   ELSE EXCLUDED.status END,
     source_updated_at = GREATEST(event_snapshots.source_updated_at, EXCLUDED.source_updated_at),
     refreshed_at = now()
   WHERE EXCLUDED.source_updated_at > event_snapshots.source_updated_at
      OR (EXCLUDED.status = 'cancelled' AND event_snapshots.status <> 'cancelled')`,
);
const bumpFreed = statement(
  "registrations_snapshot_bump_freed",
  `UPDATE event_snapshots SET seats_freed = seats_freed + 1 WHERE event_id = $1::uuid`,
);
const markHandled = statement(
  "registrations_snapshot_mark_handled",
  `UPDATE event_snapshots SET seats_freed_handled = GREATEST(seats_freed_handled, $2::bigint)
   WHERE event_id = $1::uuid`,
);
const dueForPromotion = statement<{ event_id: string }>(
  "registrations_snapshot_due",
  `SELECT event_id FROM event_snapshots WHERE seats_freed > seats_freed_handled LIMIT $1`,
);
const markCancelled = statement(
  "registrations_snapshot_cancel",
  `UPDATE event_snapshots SET status = 'cancelled',
     source_updated_at = GREATEST(source_updated_at, $2::timestamptz), refreshed_at = now()
   WHERE event_id = $1::uuid`,
);

const factValues = (facts: EventFacts) => [
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
  facts.ticketTypes === undefined
    ? null
    : JSON.stringify(facts.ticketTypes.map((type) => ({ id: type.id, name: type.name }))),
  facts.seatChangesUntil ?? null,
  facts.seatChangesUntil !== undefined,
  facts.reminderLeadMinutes ?? null,
];

export function snapshotsRepository(db: Db, memo: SnapshotMemo) {
  return {
    async find(eventId: string): Promise<EventSnapshot | null> {
      const row = await queryOne(db, find, [eventId]);
      return row ? toSnapshot(row) : null;
    },

    /** The per-event lock (until the unit of work ends): promotions and waitlist moves take it. */
    async lock(eventId: string): Promise<EventSnapshot | null> {
      const row = await queryOne(db, lock, [eventId]);
      return row ? toSnapshot(row) : null;
    },

    /** Stores a copy of the event unless a copy at least as new is stored. */
    async refresh(facts: EventFacts): Promise<void> {
      await execute(db, upsert, factValues(facts));
    },

    /**
     * {@link refresh} for a sign-up, on the pool: a burst of sign-ups for one event writes the
     * copy once per process, since the memo skips the statement when this process already
     * stored a copy this new (a newer copy from the consumer only makes it newer).
     */
    async ensure(facts: EventFacts): Promise<void> {
      const known = memo.get(facts.eventId);
      if (known !== undefined && known >= facts.updatedAt.getTime()) return;
      await execute(db, upsert, factValues(facts));
      memo.set(facts.eventId, Math.max(known ?? 0, facts.updatedAt.getTime()));
    },

    /** A seat of the event may have come free: a promotion pass is due. */
    async bumpSeatsFreed(eventId: string): Promise<void> {
      await execute(db, bumpFreed, [eventId]);
    },

    async markPromotionHandled(eventId: string, version: number): Promise<void> {
      await execute(db, markHandled, [eventId, version]);
    },

    /** Events with a freed seat that no finished promotion pass has seen yet. */
    async dueForPromotion(limit: number): Promise<string[]> {
      return (await queryRows(db, dueForPromotion, [limit])).map((row) => row.event_id);
    },

    /** The event was cancelled; a snapshot that does not exist has no registrations to end. */
    async markCancelled(eventId: string, cancelledAt: Date): Promise<void> {
      await execute(db, markCancelled, [eventId, cancelledAt]);
    },
  };
}
