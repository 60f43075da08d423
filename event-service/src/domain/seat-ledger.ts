import { conflict, unprocessable } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import { isOpenForReservations, type PublicEvent } from "./event";
import { eventNotFound } from "./events";

/** A seat held for one registration. */
export interface HeldSeat {
  registrationId: string;
  /** The event after the call; its `seatsTaken` is the count after this reservation. */
  event: PublicEvent;
  /** True when this call took the seat (201); false when it was already held (200). */
  created: boolean;
}

/** A registration's seat given back (or never held). */
export interface ReleasedSeat {
  registrationId: string;
  eventId: string;
  /** The event's seats after the call. */
  capacity: number;
  seatsTaken: number;
}

export interface SeatLedgerDeps {
  data: ServiceDatabase;
}

const reservationConflict = () =>
  conflict(
    "reservation_conflict",
    "This registration id holds (or held) a seat for another event.",
  );

/**
 * The registration service holds a seat for one registration. Idempotent per registration id:
 * asking again answers the same held seat; an id that was released never holds a seat again.
 */
export async function reserve(
  deps: SeatLedgerDeps,
  eventId: string,
  registrationId: string,
  now = new Date(),
): Promise<HeldSeat> {
  const outcome = await deps.data.repos.seatLedger.reserve(eventId, registrationId);
  switch (outcome.kind) {
    case "reserved":
    case "already_held":
      return { registrationId, event: outcome.event, created: outcome.kind === "reserved" };
    case "no_event":
      throw eventNotFound();
    case "held_for_other_event":
      throw reservationConflict();
    case "released_before":
      throw conflict(
        "reservation_released",
        "This registration id's seat was released; it cannot hold a seat again.",
      );
    case "refused":
      if (!isOpenForReservations(outcome.event, now))
        throw unprocessable(
          "event_not_open",
          "The event is cancelled or has started; it takes no reservations.",
        );
      throw conflict("event_full", "Every seat of this event is taken.");
  }
}

/** Frees the seat of one registration; releasing what is not held is a no-op that succeeds. */
export async function release(
  deps: SeatLedgerDeps,
  eventId: string,
  registrationId: string,
): Promise<ReleasedSeat> {
  const outcome = await deps.data.repos.seatLedger.release(eventId, registrationId);
  switch (outcome.kind) {
    case "released":
    case "nothing_held":
      return { registrationId, eventId, ...outcome.seats };
    case "no_event":
      throw eventNotFound();
    case "held_for_other_event":
      throw reservationConflict();
  }
}
