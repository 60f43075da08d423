import { queryRows, statement, type Db } from "@turnout/kit";
import type { Registration, RegistrationStatus } from "../domain/registration";
import {
  REGISTRATION_COLUMNS,
  toRegistration,
  type Keyset,
  type RegistrationRow,
} from "./registration-rows";

/** One page of an event's list: the registrations in sign-up order, after a keyset. */
export interface AttendeeListOptions {
  status?: RegistrationStatus | undefined;
  /** Case-insensitive substring of the display name, the email or any seat's name. */
  q?: string | undefined;
  after?: Keyset | undefined;
  limit: number;
}

/** A registration on the organizer's list, with the person and the ticket type named. */
export interface AttendeeEntry {
  registration: Registration;
  /** From the copy of accounts (`people`); null when unknown or deleted. */
  attendee: { displayName: string | null; email: string | null };
  /** The booking's type (the event's first for a booking made before types); name from the copy. */
  ticketType: { id: string | null; name: string | null };
}

interface AttendeeRow extends RegistrationRow {
  attendee_display_name: string | null;
  attendee_email: string | null;
  type_id: string | null;
  type_name: string | null;
}

// One statement per page: positions from one pass over the event's waitlist, the person by
// primary key, the type from the event copy's `ticket_types`, the seats (REGISTRATION_COLUMNS).
// The search is a scan of the event's registrations (no trigram index: `pg_trgm` is an
// extension the service's role may not create), on `seats_by_registration` for seat names.
const page = statement<AttendeeRow>(
  "registrations_attendee_list",
  `SELECT ${REGISTRATION_COLUMNS}, w.position AS waitlist_position,
     p.display_name AS attendee_display_name, NULLIF(p.email, '') AS attendee_email,
     coalesce(tt.id::text, r.ticket_type_id::text) AS type_id, tt.name AS type_name
   FROM registrations r
   LEFT JOIN (
     SELECT id, row_number() OVER (ORDER BY waitlist_seq) AS position FROM registrations
     WHERE event_id = $1::uuid AND status = 'waitlisted'
   ) w ON w.id = r.id
   LEFT JOIN people p ON p.user_id = r.user_id
   LEFT JOIN event_snapshots e ON e.event_id = r.event_id
   LEFT JOIN LATERAL (
     SELECT t->>'id' AS id, t->>'name' AS name
     FROM jsonb_array_elements(e.ticket_types) WITH ORDINALITY AS types (t, n)
     WHERE r.ticket_type_id IS NULL OR t->>'id' = r.ticket_type_id::text
     ORDER BY n LIMIT 1
   ) tt ON true
   WHERE r.event_id = $1::uuid AND ($2::text IS NULL OR r.status = $2::text)
     AND ($3::timestamptz IS NULL OR (r.created_at, r.id) > ($3::timestamptz, $4::uuid))
     AND ($6::text IS NULL OR p.display_name ILIKE $6 OR p.email ILIKE $6
       OR EXISTS (SELECT 1 FROM seats s
                  WHERE s.registration_id = r.id AND s.attendee_name ILIKE $6))
   ORDER BY r.created_at, r.id LIMIT $5`,
);

/** `%q%` for ILIKE, with the pattern characters of `q` taken literally (`\` is the escape). */
export const containsPattern = (q: string): string =>
  `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

const toEntry = (row: AttendeeRow): AttendeeEntry => ({
  registration: toRegistration(row),
  attendee: { displayName: row.attendee_display_name, email: row.attendee_email },
  ticketType: { id: row.type_id, name: row.type_name },
});

/** The organizer's attendee list (docs/booking-model.md, "Attendee lists that name people"). */
export function attendeeListRepository(db: Db) {
  return {
    async page(eventId: string, options: AttendeeListOptions): Promise<AttendeeEntry[]> {
      const rows = await queryRows(db, page, [
        eventId,
        options.status ?? null,
        options.after?.createdAt ?? null,
        options.after?.id ?? null,
        options.limit,
        options.q === undefined ? null : containsPattern(options.q),
      ]);
      return rows.map(toEntry);
    },
  };
}
