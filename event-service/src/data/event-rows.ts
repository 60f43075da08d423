import { toEventStatus, type EventRecord, type PublicEvent } from "../domain/event";

/**
 * The columns of an event the API shows, under the domain's names (`SELECT ${...}`), but the
 * reminder lead time, which the seat ledger's functions do not return.
 */
const PUBLIC_EVENT_COLUMN_LIST = [
  "id",
  `organizer_id AS "organizerId"`,
  "title",
  "description",
  `starts_at AS "startsAt"`,
  `ends_at AS "endsAt"`,
  "timezone",
  "location",
  "capacity",
  `seats_taken AS "seatsTaken"`,
  `requires_approval AS "requiresApproval"`,
  "category",
  "status",
  `seat_changes_until AS "seatChangesUntil"`,
  `created_at AS "createdAt"`,
  `updated_at AS "updatedAt"`,
];

/**
 * The same columns as the seat ledger's `reserve_seat` returns them: its OUT parameters carry
 * the events table's column names, so one list serves the table and the function.
 */
export const PUBLIC_EVENT_COLUMNS = PUBLIC_EVENT_COLUMN_LIST.join(", ");

/** Every column of an event but the generated `search`, under the domain's names. */
export const EVENT_COLUMNS = [
  ...PUBLIC_EVENT_COLUMN_LIST,
  `reminder_lead_minutes AS "reminderLeadMinutes"`,
  `cancelled_at AS "cancelledAt"`,
  `cancelled_by AS "cancelledBy"`,
].join(", ");

/** The same columns for Prisma's model API. */
export const EVENT_SELECT = {
  id: true,
  organizerId: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  timezone: true,
  location: true,
  capacity: true,
  seatsTaken: true,
  requiresApproval: true,
  category: true,
  status: true,
  seatChangesUntil: true,
  reminderLeadMinutes: true,
  cancelledAt: true,
  cancelledBy: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type EventRow = Omit<EventRecord, "status"> & { status: string };
export type PublicEventRow = Omit<PublicEvent, "status"> & { status: string };

export const toEventRecord = (row: EventRow): EventRecord => ({
  ...row,
  status: toEventStatus(row.status),
});

export const toPublicEvent = (row: PublicEventRow): PublicEvent => ({
  ...row,
  status: toEventStatus(row.status),
});
