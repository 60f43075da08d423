import { EVENT_STATUSES, type EventStatus } from "@turnout/contracts";
import type { Question } from "./questions";
import type { TicketType } from "./ticket-types";

export { EVENT_STATUSES, type EventStatus };

/** An event as stored; `seatsTaken` is maintained by the seat ledger only. */
export interface EventRecord {
  id: string;
  organizerId: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  location: string;
  capacity: number;
  seatsTaken: number;
  requiresApproval: boolean;
  category: string | null;
  status: EventStatus;
  /** After it, attendees may no longer cancel or transfer single seats; null = until the start. */
  seatChangesUntil: Date | null;
  /** Minutes before the start attendees are reminded; 0 = no reminder. */
  reminderLeadMinutes: number;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An event with its ticket types and questions, each in the organizer's order. */
export interface EventDetail extends EventRecord {
  ticketTypes: TicketType[];
  questions: Question[];
}

/** An event as the API shows it: everything but who cancelled it and when. */
export type PublicEvent = Omit<EventRecord, "cancelledAt" | "cancelledBy">;

/** What an organizer writes (create) or changes (update). */
export type EventFields = Pick<
  EventRecord,
  | "title"
  | "description"
  | "startsAt"
  | "endsAt"
  | "timezone"
  | "location"
  | "capacity"
  | "requiresApproval"
  | "category"
  | "seatChangesUntil"
  | "reminderLeadMinutes"
>;

export type EventPatch = Partial<EventFields>;

/** The API's name of each field, as `changed` in `event-updated` lists them. */
export const API_FIELD_NAMES: Readonly<Record<keyof EventFields, string>> = {
  title: "title",
  description: "description",
  startsAt: "starts_at",
  endsAt: "ends_at",
  timezone: "timezone",
  location: "location",
  capacity: "capacity",
  requiresApproval: "requires_approval",
  category: "category",
  seatChangesUntil: "seat_changes_until",
  reminderLeadMinutes: "reminder_lead_minutes",
};

export const seatsAvailable = (event: Pick<EventRecord, "capacity" | "seatsTaken">): number =>
  event.capacity - event.seatsTaken;

/** Whether the ledger may hand out seats: published and not started yet. */
export const isOpenForReservations = (
  event: Pick<EventRecord, "status" | "startsAt">,
  now: Date,
): boolean => event.status === "published" && event.startsAt.getTime() > now.getTime();

export function toEventStatus(value: string): EventStatus {
  const status = EVENT_STATUSES.find((candidate) => candidate === value);
  // The column has a CHECK constraint; anything else is a broken database, not bad input.
  if (!status) throw new Error(`unknown event status ${value}`);
  return status;
}
