import { AppError, conflict, unprocessable } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import type { Hold, Seats, TypeSeats } from "../data/seat-ledger";
import { isOpenForReservations, seatsAvailable, type PublicEvent } from "./event";
import { eventNotFound } from "./events";
import { hashAccessCode, typeSeatsAvailable } from "./ticket-types";

export type { Hold, Seats, TypeSeats };

/** Seats held for one registration (a hold). */
export interface HeldSeats {
  registrationId: string;
  /** The event after the call; its `seatsTaken` is the count after this reservation. */
  event: PublicEvent;
  /** The hold's type after the call. */
  type: TypeSeats;
  hold: Hold;
  /** True when this call took the seats (201); false when they were already held (200). */
  created: boolean;
}

/** A registration's seats given back (or never held). */
export interface ReleasedSeats extends Seats {
  registrationId: string;
  eventId: string;
}

export interface SeatLedgerDeps {
  data: ServiceDatabase;
}

export interface ReserveInput {
  registrationId: string;
  /** Undefined: the event's first type. */
  ticketTypeId?: string | undefined;
  quantity: number;
  accessCode?: string | undefined;
  /** The code's hash instead of the code (a caller that checked the code earlier). */
  accessCodeSha256?: string | undefined;
  /**
   * When the booking was made (not after now): the type's sales window is judged then, so a
   * booking that waited keeps its right to a seat freed after `sales_end`. Undefined: now.
   */
  bookedAt?: Date | undefined;
}

/**
 * 409 `event_full`: not enough seats of the type or of the event; nothing was taken. The
 * problem body carries both counts (`seats_available`, `ticket_type_seats_available`).
 */
export class EventFullError extends AppError {
  constructor(
    readonly seatsAvailable: number,
    readonly ticketTypeSeatsAvailable: number,
  ) {
    super(409, "event_full", "Not enough seats of this ticket type or of the event are left.");
  }
}

const reservationConflict = () =>
  conflict("reservation_conflict", "This registration id holds (or held) seats for another event.");

/**
 * The registration service holds `quantity` seats of one type for one registration, all or
 * nothing. Idempotent per registration id: asking again answers the seats held (whatever the
 * type and quantity asked); an id that was released never holds a seat again. The type's rules
 * (its access code when hidden, its sales window, `max_per_order`) are checked by the ledger in
 * the same statement; the sales window at `bookedAt` when given.
 */
export async function reserve(
  deps: SeatLedgerDeps,
  eventId: string,
  input: ReserveInput,
  now = new Date(),
): Promise<HeldSeats> {
  const outcome = await deps.data.repos.seatLedger.reserve({
    eventId,
    registrationId: input.registrationId,
    ticketTypeId: input.ticketTypeId ?? null,
    quantity: input.quantity,
    accessCodeSha256:
      input.accessCode === undefined
        ? (input.accessCodeSha256 ?? null)
        : hashAccessCode(input.accessCode),
    bookedAt: input.bookedAt ?? null,
  });
  switch (outcome.kind) {
    case "reserved":
    case "already_held":
      return {
        registrationId: input.registrationId,
        event: outcome.event,
        type: outcome.type,
        hold: outcome.hold,
        created: outcome.kind === "reserved",
      };
    case "no_event":
      throw eventNotFound();
    case "held_for_other_event":
      throw reservationConflict();
    case "released_before":
      throw conflict(
        "reservation_released",
        "This registration id's seats were released; it cannot hold seats again.",
      );
    case "type_not_found":
      throw unprocessable("ticket_type_not_found", "This event has no such ticket type.");
    case "sales_not_started":
      throw unprocessable("sales_not_started", "This ticket type is not on sale yet.");
    case "sales_ended":
      throw unprocessable("sales_ended", "This ticket type is no longer on sale.");
    case "quantity_exceeds_max":
      throw unprocessable(
        "quantity_exceeds_max",
        "The quantity is above this ticket type's maximum per order.",
      );
    case "refused":
      if (!isOpenForReservations(outcome.event, now))
        throw unprocessable(
          "event_not_open",
          "The event is cancelled or has started; it takes no reservations.",
        );
      throw new EventFullError(
        seatsAvailable(outcome.event),
        typeSeatsAvailable(outcome.type, outcome.event),
      );
  }
}

/**
 * Frees one seat of a hold (`seatId`, once per seat id) or every seat it still holds (null).
 * Releasing what is not held is a no-op that succeeds; an id never seen gets a tombstone.
 */
export async function release(
  deps: SeatLedgerDeps,
  eventId: string,
  registrationId: string,
  seatId: string | null = null,
): Promise<ReleasedSeats> {
  const outcome = await deps.data.repos.seatLedger.release(eventId, registrationId, seatId);
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
