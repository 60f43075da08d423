import type { BookableEvent } from "./booking-rules";
import type { EventFacts } from "./registration";

/** What a hold is for: `quantity` seats of one type (the ledger's defaults when absent). */
export interface HoldRequest {
  ticketTypeId?: string | null | undefined;
  quantity?: number | undefined;
  /** The hidden type's code, as the booking request sent it (never stored). */
  accessCode?: string | undefined;
  /** Instead of the code, later: the hash of the type's code, from the event read. */
  accessCodeSha256?: string | undefined;
  /**
   * Later (a promotion, a recovered attempt): when the booking was made. The ledger judges the
   * type's sales window at that time, so a booking made while the type was on sale keeps its
   * right to a seat freed after `sales_end`. Absent at the booking itself: now.
   */
  bookedAt?: Date | undefined;
}

/** The ledger's rules of a ticket type refused the hold (docs/booking-model.md, "Seat ledger"). */
export const TYPE_REFUSALS = [
  "ticket_type_not_found",
  "sales_not_started",
  "sales_ended",
  "quantity_exceeds_max",
] as const;
export type TypeRefusal = (typeof TYPE_REFUSALS)[number];

/** Free seats as the ledger counts them. */
export interface Availability {
  seatsTaken: number;
  seatsAvailable: number;
  ticketTypes: { id: string; seatsTaken: number; seatsAvailable: number }[];
}

/**
 * What the event service's seat ledger answered to a reservation. Every answer is final for
 * that registration id except `held` (until released): the ledger is idempotent per id, and a
 * released id is a tombstone that never holds again.
 */
export type ReserveOutcome =
  | { kind: "held"; event: EventFacts }
  | { kind: "full" }
  | { kind: "type_refused"; code: TypeRefusal }
  | { kind: "not_open" }
  | { kind: "not_found" }
  | { kind: "released" };

/** The event service's internal seat ledger (`/internal/events/:id/reservations`). */
export interface SeatLedger {
  /**
   * Holds the booking's seats (all or none) under `holdId`, the registration's id; idempotent.
   * Throws {@link PeerUnavailableError}.
   */
  reserve(eventId: string, holdId: string, hold?: HoldRequest): Promise<ReserveOutcome>;
  /** Frees every seat of the hold (or tombstones an id that never held one); idempotent. */
  release(eventId: string, holdId: string): Promise<void>;
  /** Frees one seat of the hold, once per seat id (again: a no-op); throws when unsure. */
  releaseSeat(eventId: string, holdId: string, seatId: string): Promise<void>;
  /** Free seats of the event and of each type; null when the event is unknown. */
  availability(eventId: string): Promise<Availability | null>;
}

/** The event service's read of one event (the internal one: hidden types and questions too). */
export interface EventDirectory {
  /** The event, or null when the event service does not know it. */
  getEvent(eventId: string): Promise<BookableEvent | null>;
}

/**
 * The event service could not be reached, timed out or failed (5xx, an unexpected reply): the
 * outcome of the call is unknown, so a reservation may or may not have been made.
 */
export class PeerUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PeerUnavailableError";
  }
}
