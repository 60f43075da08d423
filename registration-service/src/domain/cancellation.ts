import { cancelledMessage } from "../events/registration-events";
import { visibleRegistration } from "./access";
import type { RegistrationDeps } from "./deps";
import { alreadyCancelled, invalidState, registrationNotFound } from "./errors";
import {
  cancellationReason,
  SEAT_STATUSES,
  wasAnnounced,
  type Caller,
  type EventFacts,
  type Registration,
} from "./registration";
import { releaseAndPromote } from "./seat-release";

/** Concurrent changes (a promotion, the recovery saga) can move a row between read and write. */
const MAX_TRIES = 5;

/**
 * `DELETE /registrations/:id`: owner, event organizer or admin. One transaction ends the
 * registration, schedules the release of a held seat and writes `registration-cancelled`; then
 * the seat goes back to the ledger and on to the first waitlisted attendee. Cancelling twice is
 * 409 `already_cancelled`.
 */
export async function cancelRegistration(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<Registration> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const { registration, event } = await visibleRegistration(deps, caller, id);
    if (registration.status === "cancelled") throw alreadyCancelled();
    if (registration.status === "rejected") throw invalidState(registration.status);
    // Attendance happened; there is nothing left to cancel.
    if (registration.checkedInAt !== null) throw invalidState("checked in");
    const reason = cancellationReason(caller, registration, event);
    if (await endWithSeat(deps, registration, event, "cancelled", reason)) {
      return (await deps.data.repos.registrations.find(id)) ?? registration;
    }
  }
  throw registrationNotFound();
}

/**
 * Ends a registration in the state it was read in (false if it moved meanwhile), voids the open
 * offers of its seats, then releases its seats and promotes the waitlist. Shared by cancel,
 * reject and the cancel of a booking's last seat.
 */
export async function endWithSeat(
  deps: RegistrationDeps,
  registration: Registration,
  event: EventFacts,
  to: "cancelled" | "rejected",
  reason: string,
): Promise<boolean> {
  const heldSeat = SEAT_STATUSES.includes(registration.status);
  const now = new Date();
  const ended = await deps.data.transaction(async (tx) => {
    // Leaving the line changes the event's waitlist counter: the event's lock comes first.
    if (registration.status === "waitlisted") await tx.snapshots.lock(registration.eventId);
    const changed = await tx.transitions.end(registration.id, registration.status, to, reason, now);
    if (!changed) return null;
    const releases = heldSeat
      ? await tx.seatReleases.schedule(registration.id, registration.eventId)
      : [];
    await tx.seatTransfers.voidForRegistration(registration.id, now);
    if (wasAnnounced(registration)) {
      const message = cancelledMessage(
        registration,
        event,
        {
          previousStatus: registration.status === "reserving" ? "waitlisted" : registration.status,
          reason,
        },
        now,
      );
      await tx.outbox.enqueue(message.topic, message.event);
    }
    return releases;
  });
  if (ended && ended.length > 0) await releaseAndPromote(deps, ended);
  return ended !== null;
}
