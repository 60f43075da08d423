import { execute, queryRows, statement, type Db } from "@turnout/kit";

/** An event's times as the reminder job reads them. */
export interface EventSchedule {
  eventId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  location: string;
  reminderLeadMinutes: number;
  /** When the copy's facts were written (a reminder's calendar stamp). */
  snapshotAt: Date;
}

interface ScheduleRow {
  event_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  location: string;
  reminder_lead_minutes: number;
  snapshot_at: Date;
}

/** The event's facts as a message carries them. */
export interface ScheduleFacts {
  eventId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  location: string;
  /** Absent in messages written before lead times existed. */
  reminderLeadMinutes?: number | undefined;
}

const factValues = (facts: ScheduleFacts) => [
  facts.eventId,
  facts.title,
  facts.startsAt,
  facts.endsAt,
  facts.timezone,
  facts.location,
  facts.reminderLeadMinutes ?? null,
];

/**
 * From `event-updated`, which owns the copy: applied unless a newer update was (`$8` is the
 * event's `updated_at`). An absent lead time reads as the default, 1440 minutes.
 */
const saveFromEvent = statement(
  "notifications_event_schedules_save_event",
  `INSERT INTO event_schedules AS s (event_id, title, starts_at, ends_at, timezone, location,
     reminder_lead_minutes, status, source_updated_at, snapshot_at)
   VALUES ($1::uuid, $2, $3::timestamptz, $4::timestamptz, $5, $6, COALESCE($7::int, 1440), $9,
     $8::timestamptz, $8::timestamptz)
   ON CONFLICT (event_id) DO UPDATE
     SET title = excluded.title, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
         timezone = excluded.timezone, location = excluded.location,
         reminder_lead_minutes = excluded.reminder_lead_minutes, status = excluded.status,
         source_updated_at = excluded.source_updated_at, snapshot_at = excluded.snapshot_at,
         updated_at = now()
     WHERE s.source_updated_at IS NULL OR s.source_updated_at < excluded.source_updated_at`,
);

/**
 * From a registration message's event snapshot (`$8` is the message's own time): it fills in
 * events never updated, and never overrides a copy from `event-updated` (the registration
 * service's copy may lag behind it). A lead time the snapshot lacks is kept.
 */
const saveFromSnapshot = statement(
  "notifications_event_schedules_save_snapshot",
  `INSERT INTO event_schedules AS s (event_id, title, starts_at, ends_at, timezone, location,
     reminder_lead_minutes, snapshot_at)
   VALUES ($1::uuid, $2, $3::timestamptz, $4::timestamptz, $5, $6, COALESCE($7::int, 1440),
     $8::timestamptz)
   ON CONFLICT (event_id) DO UPDATE
     SET title = excluded.title, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
         timezone = excluded.timezone, location = excluded.location,
         reminder_lead_minutes = COALESCE($7::int, s.reminder_lead_minutes),
         snapshot_at = excluded.snapshot_at, updated_at = now()
     WHERE s.source_updated_at IS NULL AND s.snapshot_at < excluded.snapshot_at`,
);

/**
 * Events whose reminder time has come and that have not started, not yet reminded for their
 * current start (at most 14 days ahead: the longest lead; the partial index serves the scan).
 */
const dueForReminder = statement<ScheduleRow>(
  "notifications_event_schedules_due",
  `SELECT event_id, title, starts_at, ends_at, timezone, location, reminder_lead_minutes,
          snapshot_at
   FROM event_schedules
   WHERE reminder_lead_minutes > 0 AND status <> 'cancelled'
     AND reminded_starts_at IS DISTINCT FROM starts_at
     AND starts_at > now() AND starts_at <= now() + interval '20160 minutes'
     AND starts_at - make_interval(mins => reminder_lead_minutes) <= now()
   ORDER BY starts_at LIMIT $1::int`,
);

/** Every reminder for this start is queued; a start moved meanwhile is left to the next run. */
const markReminded = statement(
  "notifications_event_schedules_mark_reminded",
  `UPDATE event_schedules SET reminded_starts_at = starts_at
   WHERE event_id = $1::uuid AND starts_at = $2::timestamptz`,
);

export function eventSchedulesRepository(db: Db) {
  return {
    async saveFromEvent(
      facts: ScheduleFacts & { status: string; updatedAt: string },
    ): Promise<void> {
      await execute(db, saveFromEvent, [...factValues(facts), facts.updatedAt, facts.status]);
    },
    async saveFromSnapshot(facts: ScheduleFacts & { messageAt: string }): Promise<void> {
      await execute(db, saveFromSnapshot, [...factValues(facts), facts.messageAt]);
    },
    async dueForReminder(limit: number): Promise<EventSchedule[]> {
      const rows = await queryRows(db, dueForReminder, [limit]);
      return rows.map((row) => ({
        eventId: row.event_id,
        title: row.title,
        startsAt: new Date(row.starts_at),
        endsAt: new Date(row.ends_at),
        timezone: row.timezone,
        location: row.location,
        reminderLeadMinutes: row.reminder_lead_minutes,
        snapshotAt: new Date(row.snapshot_at),
      }));
    },
    async markReminded(eventId: string, startsAt: Date): Promise<void> {
      await execute(db, markReminded, [eventId, startsAt]);
    },
  };
}
