import { seatsChangedMessage } from "../events/registration-events";
import { visibleRegistration } from "./access";
import { endWithSeat } from "./cancellation";
import type { RegistrationDeps } from "./deps";
import { alreadyCancelled, invalidState, registrationNotFound } from "./errors";
import { promoteWaitlist } from "./promotion";
import {
  cancellationReason,
  type Caller,
  type EventFacts,
  type Registration,
  type RegistrationStatus,
  type Seat,
} from "./registration";
import { activeSeat, assertSeatChangesOpen, retryMoved, RowsMoved } from "./seat-changes";
import { releaseAndPromote } from "./seat-release";

/** A booking whose seats can be cancelled one by one (held, or waiting as one entry). */
const SHRINKABLE: readonly RegistrationStatus[] = ["confirmed", "pending", "waitlisted"];

/**
 * `DELETE /registrations/:id/seats/:seat_id`: the attendee, the event's organizer or an admin
 * (anyone else: 404). The last active seat cancels the booking (as `DELETE /registrations/:id`).
 * Otherwise one unit of work under the event's lock cancels the seat, lowers the booking's
 * `quantity`, voids the seat's open offer, schedules that seat's release and writes
 * `registration-seats-changed`; then the seat goes back to the ledger at once and the waitlist
 * is offered it. A waitlisted booking only gets smaller (no seat is held), which may let it fit:
 * a promotion pass runs.
 */
export async function cancelSeat(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
  seatId: string,
): Promise<Registration> {
  return retryMoved(async () => {
    const { registration, event } = await visibleRegistration(deps, caller, id);
    if (registration.status === "cancelled") throw alreadyCancelled();
    if (!SHRINKABLE.includes(registration.status)) throw invalidState(registration.status);
    // Attendance happened; there is nothing left to cancel.
    if (registration.checkedInAt !== null) throw invalidState("checked in");
    assertSeatChangesOpen(caller, event, new Date());
    const seat = activeSeat(registration, seatId);
    const reason = cancellationReason(caller, registration, event);
    if (registration.quantity <= 1) {
      if (!(await endWithSeat(deps, registration, event, "cancelled", reason))) {
        throw new RowsMoved();
      }
    } else {
      await cancelOneSeat(deps, { registration, event, seat, reason });
    }
    return (await deps.data.repos.registrations.find(id)) ?? registration;
  }, registrationNotFound);
}

interface SeatCancel {
  registration: Registration;
  event: EventFacts;
  seat: Seat;
  reason: string;
}

async function cancelOneSeat(
  deps: RegistrationDeps,
  { registration, event, seat, reason }: SeatCancel,
): Promise<void> {
  const now = new Date();
  const held = registration.status !== "waitlisted";
  const { eventId } = registration;
  const releases = await deps.data.transaction(async (tx) => {
    const facts = (await tx.snapshots.lock(eventId)) ?? event;
    const seats = tx.seats;
    // The booking first (its row lock orders this against a whole cancel), then the seat.
    if ((await seats.shrinkBooking(registration.id, registration.status, now)) === null) {
      throw new RowsMoved();
    }
    if (!(await seats.cancel(seat.id, registration.id, now))) throw new RowsMoved();
    await tx.seatTransfers.voidForSeat(seat.id, now);
    // The booking as it is now: its remaining seats and quantity.
    const after = await tx.registrations.find(registration.id);
    if (!after) throw new Error(`the booking ${registration.id} vanished`);
    const change = { change: "seat_cancelled" as const, seatId: seat.id, reason };
    const message = seatsChangedMessage(after, facts, change, now);
    await tx.outbox.enqueue(message.topic, message.event);
    if (!held) {
      await tx.snapshots.bumpSeatsFreed(eventId);
      return [];
    }
    // Under the seat's own hold: after a transfer the hold may count seats of two bookings.
    return tx.seatReleases.scheduleSeat(seat.holdId, eventId, seat.id);
  });
  if (releases.length > 0) await releaseAndPromote(deps, releases);
  else if (!held) await promoteWaitlist(deps, eventId);
}
