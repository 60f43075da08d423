import { queryOne, modelApi, statement, type Db } from "@turnout/kit";
import type { EventFields, EventRecord } from "../domain/event";
import type { PrismaClient } from "../generated/prisma/client";
import { EVENT_COLUMNS, EVENT_SELECT, toEventRecord, type EventRow } from "./event-rows";

export type NewEvent = EventFields & { id: string; organizerId: string; createdAt: Date };

// `FOR UPDATE`: seat reservations on this event wait until the change commits, so a capacity
// change and a reservation never interleave.
const lockById = statement<EventRow>(
  "event_events_lock_by_id",
  `SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1::uuid FOR UPDATE`,
);

const writeFields = statement<EventRow>(
  "event_events_write_fields",
  `UPDATE events SET title = $2, description = $3, starts_at = $4, ends_at = $5, timezone = $6,
     location = $7, capacity = $8, requires_approval = $9, category = $10, updated_at = $11
   WHERE id = $1::uuid
   RETURNING ${EVENT_COLUMNS}`,
);

const cancel = statement<EventRow>(
  "event_events_cancel",
  `UPDATE events SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3::uuid,
     updated_at = $2
   WHERE id = $1::uuid
   RETURNING ${EVENT_COLUMNS}`,
);

/**
 * Events. `insert` and `findById` stand alone (Prisma's model API, on the pool); the rest is
 * for a unit of work that locks the event, decides, and writes the change with its message.
 */
export function eventsRepository(db: Db, prisma?: PrismaClient) {
  const model = () => modelApi(prisma).event;
  return {
    async insert(event: NewEvent): Promise<EventRecord> {
      const row = await model().create({
        data: { ...event, updatedAt: event.createdAt },
        select: EVENT_SELECT,
      });
      return toEventRecord(row);
    },

    async findById(id: string): Promise<EventRecord | null> {
      const row = await model().findUnique({ where: { id }, select: EVENT_SELECT });
      return row && toEventRecord(row);
    },

    /** The event, locked until the unit of work ends; undefined when no event has this id. */
    async lockById(id: string): Promise<EventRecord | undefined> {
      const row = await queryOne(db, lockById, [id]);
      return row && toEventRecord(row);
    },

    /** Writes every field an organizer manages (unchanged ones keep their value). */
    async writeFields(id: string, fields: EventFields, updatedAt: Date): Promise<EventRecord> {
      const row = await queryOne(db, writeFields, [
        id,
        fields.title,
        fields.description,
        fields.startsAt,
        fields.endsAt,
        fields.timezone,
        fields.location,
        fields.capacity,
        fields.requiresApproval,
        fields.category,
        updatedAt,
      ]);
      if (!row) throw new Error(`event ${id} vanished while being changed`);
      return toEventRecord(row);
    },

    async cancel(id: string, cancelledAt: Date, cancelledBy: string): Promise<EventRecord> {
      const row = await queryOne(db, cancel, [id, cancelledAt, cancelledBy]);
      if (!row) throw new Error(`event ${id} vanished while being cancelled`);
      return toEventRecord(row);
    },
  };
}
