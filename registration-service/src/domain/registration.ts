import type { ConfirmationPath } from "@turnout/contracts";
import type { Answers, TicketTypeFacts } from "./booking-rules";

/**
 * `reserving` is internal and short-lived (the ledger call is in flight, or a crash left the row
 * for the recovery saga); the others are what clients see (README.md).
 */
export const REGISTRATION_STATUSES = [
  "reserving",
  "confirmed",
  "pending",
  "waitlisted",
  "cancelled",
  "rejected",
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Statuses that count as "registered" (at most one per user and event). */
export const ACTIVE_STATUSES: readonly RegistrationStatus[] = [
  "reserving",
  "confirmed",
  "pending",
  "waitlisted",
];

/** Statuses whose registration holds (or, for `reserving`, may hold) a seat in the ledger. */
export const SEAT_STATUSES: readonly RegistrationStatus[] = ["reserving", "confirmed", "pending"];

export type CancellationReason =
  | "attendee_cancelled"
  | "organizer_cancelled"
  | "admin_cancelled"
  | "rejected"
  | "event_cancelled"
  | "event_not_open"
  | "seat_released";

export interface Registration {
  id: string;
  eventId: string;
  userId: string;
  status: RegistrationStatus;
  /** Place in line, set once when the registration joined the waitlist. */
  waitlistSeq: number | null;
  /** 1 = next to get a freed seat; computed when read, only while `waitlisted`. */
  waitlistPosition: number | null;
  confirmedVia: ConfirmationPath | null;
  confirmedAt: Date | null;
  checkedInAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The booking's ticket type; null for one made before ticket types (the default type). */
  ticketTypeId: string | null;
  /** Active seats of the booking (1–50). */
  quantity: number;
  /** Answers to the event's `per: booking` questions, by question id. */
  answers: Answers;
  /** The booking a seat was transferred from, for a booking received by transfer. */
  transferredFrom: string | null;
  /** Every seat of the booking (cancelled ones too), by position. */
  seats: Seat[];
}

/**
 * A seat of a booking. `holdId` is the ledger hold it is counted under (the booking that
 * reserved it; it stays when the seat is transferred). `status` is `cancelled` once the seat
 * was cancelled on its own; otherwise the seat's state is its booking's.
 */
export interface Seat {
  id: string;
  registrationId: string;
  holdId: string;
  position: number;
  attendeeName: string | null;
  /** Answers to the event's `per: seat` questions, by question id. */
  answers: Answers;
  status: "active" | "cancelled";
  cancelledAt: Date | null;
  /** The seat's open transfer offer, when one is out (absent where not read). */
  openTransfer?: { id: string; email: string; createdAt: Date } | null;
}

/** What this service keeps of an event (the event service owns it). */
export interface EventFacts {
  eventId: string;
  organizerId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  location: string;
  requiresApproval: boolean;
  /** `published` or `cancelled`. */
  status: string;
  /** The event's own `updated_at`: an older copy never overwrites a newer one. */
  updatedAt: Date;
  /** `[{id, name}]` of its ticket types (absent when the read did not carry them). */
  ticketTypes?: TicketTypeFacts[];
  /** After it, attendees can no longer cancel or transfer single seats (null: until the start). */
  seatChangesUntil?: Date | null;
  /** Minutes before the start attendees are reminded (0: none); absent or null when unknown. */
  reminderLeadMinutes?: number | null;
}

/** The authenticated caller. */
export interface Caller {
  id: string;
  roles: readonly string[];
}

export const isAdmin = (caller: Caller): boolean => caller.roles.includes("admin");

/** Sign-ups are open while the event is published and has not started. */
export const isOpenForRegistration = (event: EventFacts, now: Date): boolean =>
  event.status === "published" && event.startsAt.getTime() > now.getTime();

export const isOrganizer = (caller: Caller): boolean => caller.roles.includes("organizer");

/**
 * The event's organizer and admins manage its registrations. The organizer must still hold the
 * `organizer` role, as the event service requires: someone whose role was removed keeps their
 * events' ids but no longer controls who attends them.
 */
export const canManage = (caller: Caller, event: Pick<EventFacts, "organizerId">): boolean =>
  isAdmin(caller) || (isOrganizer(caller) && event.organizerId === caller.id);

/** Owner, the event's organizer, or an admin; anyone else is told it does not exist. */
export const canView = (
  caller: Caller,
  registration: Pick<Registration, "userId">,
  event: Pick<EventFacts, "organizerId">,
): boolean => registration.userId === caller.id || canManage(caller, event);

/** Who cancelled, as `registration-cancelled` reports it; the owner's own cancel comes first. */
export function cancellationReason(
  caller: Caller,
  registration: Pick<Registration, "userId">,
  event: Pick<EventFacts, "organizerId">,
): CancellationReason {
  if (registration.userId === caller.id) return "attendee_cancelled";
  if (event.organizerId === caller.id) return "organizer_cancelled";
  return "admin_cancelled";
}

/** Whether the registration was ever announced on Kafka (so its end must be announced too). */
export const wasAnnounced = (registration: Pick<Registration, "status" | "waitlistSeq">): boolean =>
  registration.status !== "reserving" || registration.waitlistSeq !== null;
