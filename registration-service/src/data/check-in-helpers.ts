import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";

// The helpers an organizer names per event (docs/tickets.md, "Check-in helpers"), with their
// names and emails from the copy of accounts (`people`).

export interface Helper {
  userId: string;
  displayName: string | null;
  email: string | null;
  grantedAt: Date;
}

/** An event the user may scan for, from this service's copy of events. */
export interface ScanEvent {
  eventId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  location: string;
  role: "organizer" | "helper";
}

interface HelperRow {
  user_id: string;
  display_name: string | null;
  email: string;
  granted_at: Date;
}

interface ScanEventRow {
  event_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  location: string;
  role: "organizer" | "helper";
}

const list = statement<HelperRow>(
  "registrations_helpers_list",
  `SELECT h.user_id, p.display_name, coalesce(p.email, '') AS email, h.granted_at
   FROM check_in_helpers h LEFT JOIN people p ON p.user_id = h.user_id
   WHERE h.event_id = $1::uuid ORDER BY h.granted_at, h.user_id`,
);
// Under the event's lock (`snapshots.lock`), so two grants cannot both take the last place.
const grant = statement<{ granted: boolean; existed: boolean }>(
  "registrations_helpers_grant",
  `WITH existing AS (
     SELECT 1 FROM check_in_helpers WHERE event_id = $1::uuid AND user_id = $2::uuid
   ), added AS (
     INSERT INTO check_in_helpers (event_id, user_id, granted_by, granted_at)
     SELECT $1::uuid, $2::uuid, $3::uuid, $4::timestamptz
     WHERE NOT EXISTS (SELECT 1 FROM existing)
       AND (SELECT count(*) FROM check_in_helpers WHERE event_id = $1::uuid) < $5::int
     RETURNING 1
   )
   SELECT EXISTS (SELECT 1 FROM added) AS granted, EXISTS (SELECT 1 FROM existing) AS existed`,
);
const revoke = statement(
  "registrations_helpers_revoke",
  `DELETE FROM check_in_helpers WHERE event_id = $1::uuid AND user_id = $2::uuid`,
);
const isHelper = statement<{ found: boolean }>(
  "registrations_helpers_is_helper",
  `SELECT EXISTS (
     SELECT 1 FROM check_in_helpers WHERE event_id = $1::uuid AND user_id = $2::uuid
   ) AS found`,
);
// Accounts are found by email in the copy of accounts; a deleted one has no email.
const byEmail = statement<{ user_id: string }>(
  "registrations_helpers_person_by_email",
  `SELECT user_id FROM people WHERE lower(email) = lower($1) AND email <> ''
   ORDER BY source_updated_at DESC LIMIT 1`,
);
// Published events that have not ended more than a day ago, soonest first; the organizer's own
// (when the caller holds the role) and those the caller helps at.
const scanEvents = statement<ScanEventRow>(
  "registrations_helpers_scan_events",
  `SELECT e.event_id, e.title, e.starts_at, e.ends_at, e.timezone, e.location,
     CASE WHEN $2::boolean AND e.organizer_id = $1::uuid THEN 'organizer' ELSE 'helper' END AS role
   FROM event_snapshots e
   WHERE e.status = 'published' AND e.ends_at > $3::timestamptz - interval '1 day'
     AND (($2::boolean AND e.organizer_id = $1::uuid) OR EXISTS (
       SELECT 1 FROM check_in_helpers h WHERE h.event_id = e.event_id AND h.user_id = $1::uuid))
   ORDER BY e.starts_at, e.event_id
   LIMIT $4::int`,
);

export function checkInHelpersRepository(db: Db) {
  return {
    async list(eventId: string): Promise<Helper[]> {
      return (await queryRows(db, list, [eventId])).map((row) => ({
        userId: row.user_id,
        displayName: row.display_name,
        email: row.email === "" ? null : row.email,
        grantedAt: new Date(row.granted_at),
      }));
    },

    /** `full` when the event already has `max` helpers; `exists` when this one was named. */
    async grant(
      eventId: string,
      userId: string,
      grantedBy: string,
      now: Date,
      max: number,
    ): Promise<"granted" | "exists" | "full"> {
      const row = await queryOne(db, grant, [eventId, userId, grantedBy, now, max]);
      if (row?.existed) return "exists";
      return row?.granted ? "granted" : "full";
    },

    async revoke(eventId: string, userId: string): Promise<boolean> {
      return (await execute(db, revoke, [eventId, userId])) === 1;
    },

    async isHelper(eventId: string, userId: string): Promise<boolean> {
      return (await queryOne(db, isHelper, [eventId, userId]))?.found ?? false;
    },

    async accountByEmail(email: string): Promise<string | null> {
      return (await queryOne(db, byEmail, [email]))?.user_id ?? null;
    },

    async scanEvents(
      userId: string,
      organizer: boolean,
      now: Date,
      limit: number,
    ): Promise<ScanEvent[]> {
      return (await queryRows(db, scanEvents, [userId, organizer, now, limit])).map((row) => ({
        eventId: row.event_id,
        title: row.title,
        startsAt: new Date(row.starts_at),
        endsAt: new Date(row.ends_at),
        timezone: row.timezone,
        location: row.location,
        role: row.role,
      }));
    },
  };
}
