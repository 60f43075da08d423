import { conflict, notFound, unprocessable } from "@turnout/kit";
import { eventNotOpen } from "./errors";
import {
  canManage,
  type Caller,
  type EventFacts,
  type Registration,
  type Seat,
} from "./registration";

// What per-seat cancel and transfers share: their rules of time, their stable codes (listed in
// the service README) and the retry of a unit of work that found its rows moved.

export const seatNotFound = () => notFound("seat_not_found", "No such seat in this registration.");

export const seatAlreadyCancelled = () =>
  conflict("already_cancelled", "The seat is already cancelled.");

export const seatChangesClosed = () =>
  conflict(
    "seat_changes_closed",
    "Seats of this event can no longer be cancelled or transferred one by one; ask the organizer.",
  );

export const transferNotFound = () => notFound("transfer_not_found", "No such transfer.");

export const transferPending = () =>
  conflict("transfer_pending", "This seat is already offered to someone; withdraw that first.");

export const transferToSelf = () =>
  unprocessable("transfer_to_self", "The seat is already yours: offer it to someone else.");

export const transferClosed = (status: string) =>
  conflict("invalid_state", `This transfer is already ${status}.`);

/**
 * Seat changes are open until the event starts (422 `event_not_open` after, or once cancelled);
 * for attendees only until its `seat_changes_until` (409 `seat_changes_closed`), while its
 * organizer and admins may go on until the start.
 */
export function assertSeatChangesOpen(caller: Caller, event: EventFacts, now: Date): void {
  if (event.status !== "published" || event.startsAt.getTime() <= now.getTime()) {
    throw eventNotOpen();
  }
  const until = event.seatChangesUntil ?? null;
  if (until !== null && until.getTime() <= now.getTime() && !canManage(caller, event)) {
    throw seatChangesClosed();
  }
}

/** The seat of the registration, active (404 `seat_not_found`, 409 `already_cancelled`). */
export function activeSeat(registration: Registration, seatId: string): Seat {
  const seat = registration.seats.find((candidate) => candidate.id === seatId);
  if (!seat) throw seatNotFound();
  if (seat.status === "cancelled") throw seatAlreadyCancelled();
  return seat;
}

/** Thrown inside a unit of work whose compare-and-set found a row moved: roll back, re-read. */
export class RowsMoved extends Error {
  constructor() {
    super("a row changed since it was read");
    this.name = "RowsMoved";
  }
}

/** How often a use case re-reads after {@link RowsMoved} before giving up. */
export const MAX_TRIES = 5;

/** Runs `attempt` until it does not throw {@link RowsMoved}; `exhausted` after the last try. */
export async function retryMoved<T>(attempt: () => Promise<T>, exhausted: () => Error): Promise<T> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RowsMoved)) throw error;
    }
  }
  throw exhausted();
}
