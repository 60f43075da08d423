import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";

/** A message an organizer sent to an event's confirmed attendees (docs/tickets.md). */
export interface EventMessage {
  id: string;
  eventId: string;
  senderId: string;
  subject: string;
  body: string;
  /** Confirmed bookings when it was posted. */
  recipients: number;
  postedAt: Date;
}

/** Where a page of an event's messages continues (the last row's keyset, newest first). */
export interface MessageKeyset {
  postedAt: Date;
  id: string;
}

interface MessageRow {
  id: string;
  event_id: string;
  sender_id: string;
  subject: string;
  body: string;
  recipients: number;
  posted_at: Date;
}

const COLUMNS = "id, event_id, sender_id, subject, body, recipients, posted_at";

const toMessage = (row: MessageRow): EventMessage => ({
  id: row.id,
  eventId: row.event_id,
  senderId: row.sender_id,
  subject: row.subject,
  body: row.body,
  recipients: row.recipients,
  postedAt: new Date(row.posted_at),
});

// Posts to one event are made one at a time (until the unit of work ends), so two at once
// cannot both pass the daily limit.
const lockEvent = statement(
  "registrations_event_messages_lock_event",
  `SELECT pg_advisory_xact_lock(hashtextextended('event_messages:' || $1::text, 0))`,
);
// The event's posts since `$2`, and the oldest of them (when the window frees a place).
const countSince = statement<{ recent: number; oldest: Date | null }>(
  "registrations_event_messages_count_since",
  `SELECT count(*)::int AS recent, min(posted_at) AS oldest
   FROM event_messages WHERE event_id = $1::uuid AND posted_at > $2::timestamptz`,
);
const confirmedBookings = statement<{ count: number }>(
  "registrations_event_messages_confirmed",
  `SELECT count(*)::int AS count FROM registrations
   WHERE event_id = $1::uuid AND status = 'confirmed'`,
);
const insert = statement(
  "registrations_event_messages_insert",
  `INSERT INTO event_messages (${COLUMNS})
   VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::timestamptz)`,
);
const page = statement<MessageRow>(
  "registrations_event_messages_page",
  `SELECT ${COLUMNS} FROM event_messages
   WHERE event_id = $1::uuid
     AND ($3::timestamptz IS NULL OR (posted_at, id) < ($3::timestamptz, $4::uuid))
   ORDER BY posted_at DESC, id DESC
   LIMIT $2`,
);

export function eventMessagesRepository(db: Db) {
  return {
    /** Takes the event's message lock until the unit of work ends (call inside one). */
    async lockEvent(eventId: string): Promise<void> {
      await execute(db, lockEvent, [eventId]);
    },

    /** How many messages the event got after `since`, and when the oldest of them was posted. */
    async countSince(
      eventId: string,
      since: Date,
    ): Promise<{ recent: number; oldest: Date | null }> {
      const row = await queryOne(db, countSince, [eventId, since]);
      return { recent: row?.recent ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
    },

    /** The event's confirmed bookings now: a message's recipients. */
    async confirmedBookings(eventId: string): Promise<number> {
      return (await queryOne(db, confirmedBookings, [eventId]))?.count ?? 0;
    },

    async insert(message: EventMessage): Promise<void> {
      await execute(db, insert, [
        message.id,
        message.eventId,
        message.senderId,
        message.subject,
        message.body,
        message.recipients,
        message.postedAt,
      ]);
    },

    /** Up to `limit` of the event's messages, newest first, after `after` when given. */
    async page(eventId: string, limit: number, after?: MessageKeyset): Promise<EventMessage[]> {
      const rows = await queryRows(db, page, [
        eventId,
        limit,
        after?.postedAt ?? null,
        after?.id ?? null,
      ]);
      return rows.map(toMessage);
    },
  };
}
