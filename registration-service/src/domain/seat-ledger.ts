import type { EventFacts } from "./registration";

/**
 * What the event service's seat ledger answered to a reservation. Every answer is final for
 * that registration id except `held` (until released): the ledger is idempotent per id, and a
 * released id is a tombstone that never holds again.
 */
export type ReserveOutcome =
  | { kind: "held"; event: EventFacts }
  | { kind: "full" }
  | { kind: "not_open" }
  | { kind: "not_found" }
  | { kind: "released" };

/** The event service's internal seat ledger (`/internal/events/:id/reservations`). */
export interface SeatLedger {
  /** Holds a seat for `registrationId`; idempotent. Throws {@link PeerUnavailableError}. */
  reserve(eventId: string, registrationId: string): Promise<ReserveOutcome>;
  /** Frees the seat (or tombstones an id that never held one); idempotent. Throws when unsure. */
  release(eventId: string, registrationId: string): Promise<void>;
}

/** The event service's public read of one event. */
export interface EventDirectory {
  /** The event, or null when the event service does not know it. */
  getEvent(eventId: string): Promise<EventFacts | null>;
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
