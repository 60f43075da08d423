import { queryOne, modelApi, statement, type Db } from "@turnout/kit";
import type { EventDetail, EventFields, EventRecord } from "../domain/event";
import type { Question } from "../domain/questions";
import type { TicketType } from "../domain/ticket-types";
import type { PrismaClient } from "../generated/prisma/client";
import { EVENT_COLUMNS, EVENT_SELECT, toEventRecord, type EventRow } from "./event-rows";
import { toQuestion } from "./questions";

export type NewEvent = EventFields & {
  id: string;
  organizerId: string;
  createdAt: Date;
  ticketTypes: TicketType[];
  questions: Question[];
};

// `FOR NO KEY UPDATE`: seat reservations on this event wait until the change commits, so a
// capacity change and a reservation never interleave; a reserve's foreign-key check (KEY
// SHARE) does not, so it never waits here while holding a type row this change wants.
const lockById = statement<EventRow>(
  "event_events_lock_by_id",
  `SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1::uuid FOR NO KEY UPDATE`,
);

const writeFields = statement<EventRow>(
  "event_events_write_fields",
  `UPDATE events SET title = $2, description = $3, starts_at = $4, ends_at = $5, timezone = $6,
     location = $7, capacity = $8, requires_approval = $9, category = $10, updated_at = $11,
     seat_changes_until = $12, reminder_lead_minutes = $13
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

const DETAIL_SELECT = {
  ...EVENT_SELECT,
  ticketTypes: {
    orderBy: { position: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      quota: true,
      seatsTaken: true,
      salesStart: true,
      salesEnd: true,
      maxPerOrder: true,
      hidden: true,
      accessCodeSha256: true,
    },
  },
  questions: {
    orderBy: { position: "asc" },
    select: { id: true, label: true, kind: true, options: true, required: true, per: true },
  },
} as const;

type DetailRow = EventRow & {
  ticketTypes: TicketType[];
  questions: Parameters<typeof toQuestion>[0][];
};

const toEventDetail = (row: DetailRow): EventDetail => ({
  ...toEventRecord(row),
  ticketTypes: row.ticketTypes,
  questions: row.questions.map(toQuestion),
});

/**
 * Events. `insert` and `findById` stand alone (Prisma's model API, on the pool); the rest is
 * for a unit of work that locks the event, decides, and writes the change with its message.
 */
export function eventsRepository(db: Db, prisma?: PrismaClient) {
  const model = () => modelApi(prisma).event;
  return {
    /** The event with its ticket types and questions, in one transaction (a nested create). */
    async insert(event: NewEvent): Promise<EventDetail> {
      const { ticketTypes, questions, ...fields } = event;
      const row = await model().create({
        data: {
          ...fields,
          updatedAt: event.createdAt,
          ticketTypes: {
            create: ticketTypes.map(({ seatsTaken: _taken, ...type }, position) => ({
              ...type,
              position,
              createdAt: event.createdAt,
              updatedAt: event.createdAt,
            })),
          },
          questions: {
            create: questions.map((question, position) => ({ ...question, position })),
          },
        },
        select: DETAIL_SELECT,
      });
      return toEventDetail(row);
    },

    /** The event with its ticket types and questions; null when no event has this id. */
    async findById(id: string): Promise<EventDetail | null> {
      const row = await model().findUnique({ where: { id }, select: DETAIL_SELECT });
      return row && toEventDetail(row);
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
        fields.seatChangesUntil,
        fields.reminderLeadMinutes,
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
