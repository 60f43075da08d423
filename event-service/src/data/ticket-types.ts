import { execute, queryRows, statement, type Db } from "@turnout/kit";
import type { TicketType } from "../domain/ticket-types";

/** A stored type with its place in the organizer's order. */
export type PlacedTicketType = TicketType & { position: number };

const COLUMNS = `id, name, description, quota, seats_taken AS "seatsTaken",
  sales_start AS "salesStart", sales_end AS "salesEnd", max_per_order AS "maxPerOrder", hidden,
  access_code_sha256 AS "accessCodeSha256"`;

// `FOR UPDATE` on every type of the event, before the event row (the seat ledger's lock order:
// type, then event). It also keeps a reserve from inserting a hold on a type being removed.
const lockForEvent = statement<TicketType>(
  "event_ticket_types_lock_for_event",
  `SELECT ${COLUMNS} FROM (
     SELECT * FROM ticket_types WHERE event_id = $1::uuid ORDER BY id FOR UPDATE
   ) t ORDER BY position`,
);

const listForEvent = statement<TicketType>(
  "event_ticket_types_list_for_event",
  `SELECT ${COLUMNS} FROM ticket_types WHERE event_id = $1::uuid ORDER BY position`,
);

// The new list in one statement: rows are given as JSON (at most 20).
const upsert = statement(
  "event_ticket_types_upsert",
  `INSERT INTO ticket_types (id, event_id, position, name, description, quota, sales_start,
     sales_end, max_per_order, hidden, access_code_sha256, created_at, updated_at)
   SELECT t.id, $1::uuid, t.position, t.name, t.description, t.quota, t.sales_start, t.sales_end,
     t.max_per_order, t.hidden, t.access_code_sha256, $3, $3
   FROM jsonb_to_recordset($2::jsonb) AS t(id uuid, position integer, name text,
     description text, quota integer, sales_start timestamptz, sales_end timestamptz,
     max_per_order integer, hidden boolean, access_code_sha256 text)
   ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name,
     description = excluded.description, quota = excluded.quota,
     sales_start = excluded.sales_start, sales_end = excluded.sales_end,
     max_per_order = excluded.max_per_order, hidden = excluded.hidden,
     access_code_sha256 = excluded.access_code_sha256, updated_at = excluded.updated_at
   WHERE ticket_types.event_id = $1::uuid`,
);

// Only types with no seat taken (the domain checked; the condition stands behind it).
const removeOthers = statement(
  "event_ticket_types_remove_others",
  `DELETE FROM ticket_types
   WHERE event_id = $1::uuid AND NOT (id = ANY ($2::uuid[])) AND seats_taken = 0`,
);

const toJson = (types: readonly TicketType[]) =>
  JSON.stringify(
    types.map((type, position) => ({
      id: type.id,
      position,
      name: type.name,
      description: type.description,
      quota: type.quota,
      sales_start: type.salesStart?.toISOString() ?? null,
      sales_end: type.salesEnd?.toISOString() ?? null,
      max_per_order: type.maxPerOrder,
      hidden: type.hidden,
      access_code_sha256: type.accessCodeSha256,
    })),
  );

/** An event's ticket types, in the organizer's order. */
export function ticketTypesRepository(db: Db) {
  return {
    /** Locks every type of the event until the unit of work ends (before the event's row). */
    lockForEvent: (eventId: string) => queryRows(db, lockForEvent, [eventId]),

    listForEvent: (eventId: string) => queryRows(db, listForEvent, [eventId]),

    /**
     * Makes `types` (in this order) the event's list: updates kept ones, inserts new ones,
     * removes the others (none of which may hold a seat). `seatsTaken` is never written here.
     */
    async replaceAll(eventId: string, types: readonly TicketType[], now: Date): Promise<void> {
      await execute(db, removeOthers, [eventId, types.map((type) => type.id)]);
      const written = await execute(db, upsert, [eventId, toJson(types), now]);
      if (written !== types.length)
        throw new Error(`ticket types of event ${eventId}: wrote ${written} of ${types.length}`);
    },
  };
}
