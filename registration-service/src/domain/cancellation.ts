import { inTransaction } from "../data/database";
import { endRegistration } from "../data/registration-transitions";
import { findRegistration } from "../data/registrations";
import { scheduleRelease } from "../data/seat-releases";
import { publishCancelled } from "../events/registration-events";
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
      return (await findRegistration(deps.db, id)) ?? registration;
    }
  }
  throw registrationNotFound();
}

/**
 * Ends a registration in the state it was read in (false if it moved meanwhile), then releases
 * its seat and promotes the waitlist. Shared by cancel and reject.
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
  const ended = await inTransaction(deps.db, async (tx) => {
    const changed = await endRegistration(
      tx,
      registration.id,
      registration.status,
      to,
      reason,
      now,
    );
    if (!changed) return false;
    if (heldSeat) await scheduleRelease(tx, registration.id, registration.eventId);
    if (wasAnnounced(registration)) {
      await publishCancelled(
        tx,
        deps.settings.schema,
        registration,
        event,
        {
          previousStatus: registration.status === "reserving" ? "waitlisted" : registration.status,
          reason,
        },
        now,
      );
    }
    return true;
  });
  if (ended && heldSeat) {
    await releaseAndPromote(deps, {
      registrationId: registration.id,
      eventId: registration.eventId,
    });
  }
  return ended;
}
