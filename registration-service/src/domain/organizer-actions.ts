import { confirmedMessage } from "../events/registration-events";
import { managedRegistration } from "./access";
import { endWithSeat } from "./cancellation";
import { recordSeatCheckIn } from "./check-ins";
import type { RegistrationDeps } from "./deps";
import { alreadyCheckedIn, invalidState, registrationNotFound } from "./errors";
import type { Caller, Registration } from "./registration";

// Organizer actions: the event's organizer or an admin; the attendee gets 403, anyone who cannot
// see the registration 404. Each is a compare-and-set on the status it expects, so a concurrent
// change answers 409 `invalid_state` instead of doing the action twice.

const reread = async (deps: RegistrationDeps, id: string): Promise<Registration> => {
  const registration = await deps.data.repos.registrations.find(id);
  if (!registration) throw registrationNotFound();
  return registration;
};

/** pending → confirmed (`registration-confirmed`, `confirmed_via: "approval"`). */
export async function approveRegistration(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<Registration> {
  const { registration, event } = await managedRegistration(deps, caller, id);
  if (registration.status !== "pending") throw invalidState(registration.status);
  const now = new Date();
  const approved = await deps.data.transaction(async (tx) => {
    if (!(await tx.transitions.markApproved(id, now))) return false;
    const message = confirmedMessage(registration, event, "approval", now);
    await tx.outbox.enqueue(message.topic, message.event);
    return true;
  });
  const after = await reread(deps, id);
  if (!approved) throw invalidState(after.status);
  return after;
}

/** pending → rejected: the seat is released and offered to the waitlist. */
export async function rejectRegistration(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<Registration> {
  const { registration, event } = await managedRegistration(deps, caller, id);
  if (registration.status !== "pending") throw invalidState(registration.status);
  const rejected = await endWithSeat(deps, registration, event, "rejected", "rejected");
  const after = await reread(deps, id);
  if (!rejected) throw invalidState(after.status);
  return after;
}

/**
 * confirmed → every active seat checked in, no gate (`registration-checked-in` per seat) and
 * `checked_in_at` set; once only. A booking with a seat scanned at the door is checked in.
 */
export async function checkInRegistration(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<Registration> {
  const { registration, event } = await managedRegistration(deps, caller, id);
  if (registration.checkedInAt !== null) throw alreadyCheckedIn();
  if (registration.status !== "confirmed") throw invalidState(registration.status);
  const now = new Date();
  const checkedIn = await deps.data.transaction(async (tx) => {
    // Seats then booking, as a scan locks them.
    const seats = await tx.checkIns.lockBookingSeats(id);
    const booking = seats[0];
    if (booking?.bookingStatus !== "confirmed") return false;
    const by = { callerId: caller.id, gate: null, checkedInAt: now, scannedAt: null };
    let any = false;
    for (const seat of seats) any = (await recordSeatCheckIn(tx, event, seat, by)) !== null || any;
    return any;
  });
  const after = await reread(deps, id);
  if (!checkedIn)
    throw after.checkedInAt === null ? invalidState(after.status) : alreadyCheckedIn();
  return after;
}
