import { toEventStatus, type EventRecord } from "../domain/event";
import { Prisma } from "../generated/prisma/client";

/** The columns of an event under the domain's names, for raw SQL (`SELECT ${EVENT_COLUMNS}`). */
export const EVENT_COLUMNS = Prisma.raw(
  [
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
    `cancelled_at AS "cancelledAt"`,
    `cancelled_by AS "cancelledBy"`,
    `created_at AS "createdAt"`,
    `updated_at AS "updatedAt"`,
  ].join(", "),
);

/** The same columns for the Prisma client (everything but the generated `search`). */
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
  cancelledAt: true,
  cancelledBy: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type EventRow = Omit<EventRecord, "status"> & { status: string };

export const toEventRecord = (row: EventRow): EventRecord => ({
  ...row,
  status: toEventStatus(row.status),
});

/** Interactive transactions queue for a pooled connection; a burst must wait, not fail. */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;
