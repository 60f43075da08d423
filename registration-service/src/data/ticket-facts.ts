import { queryRows, statement, type Db } from "@turnout/kit";

/** What a booking's tickets state besides the seat: docs/tickets.md, "Ticket codes". */
export interface TicketFacts {
  registrationId: string;
  confirmedAt: Date | null;
  /** The event's end, from the service's copy; null when there is no copy. */
  eventEndsAt: Date | null;
  /** The booking's type, or the event's default (first) type for a booking made before types. */
  ticketTypeId: string | null;
  ticketTypeName: string | null;
  /** The account's display name from `people`; null when unknown or deleted. */
  displayName: string | null;
}

interface FactsRow {
  id: string;
  confirmed_at: Date | null;
  ends_at: Date | null;
  type_id: string | null;
  type_name: string | null;
  display_name: string | null;
}

// One statement per reply, however many bookings and seats it shows: the type from the event
// copy's `ticket_types` as the attendee list reads it, the person by primary key.
const facts = statement<FactsRow>(
  "registrations_ticket_facts",
  `SELECT r.id, r.confirmed_at, e.ends_at, p.display_name,
     coalesce(tt.id, r.ticket_type_id::text) AS type_id, tt.name AS type_name
   FROM registrations r
   LEFT JOIN event_snapshots e ON e.event_id = r.event_id
   LEFT JOIN people p ON p.user_id = r.user_id
   LEFT JOIN LATERAL (
     SELECT t->>'id' AS id, t->>'name' AS name
     FROM jsonb_array_elements(e.ticket_types) WITH ORDINALITY AS types (t, n)
     WHERE r.ticket_type_id IS NULL OR t->>'id' = r.ticket_type_id::text
     ORDER BY n LIMIT 1
   ) tt ON true
   WHERE r.id = ANY($1::uuid[])`,
);

const date = (value: Date | null): Date | null => (value === null ? null : new Date(value));

export function ticketFactsRepository(db: Db) {
  return {
    /** The facts of the given bookings, by id (a booking that does not exist is absent). */
    async of(registrationIds: readonly string[]): Promise<Map<string, TicketFacts>> {
      const rows = await queryRows(db, facts, [registrationIds]);
      return new Map(
        rows.map((row) => [
          row.id,
          {
            registrationId: row.id,
            confirmedAt: date(row.confirmed_at),
            eventEndsAt: date(row.ends_at),
            ticketTypeId: row.type_id,
            ticketTypeName: row.type_name,
            displayName: row.display_name,
          },
        ]),
      );
    },
  };
}

export type TicketFactsRepository = ReturnType<typeof ticketFactsRepository>;
