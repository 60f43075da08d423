import { checkedInMessage, confirmedMessage } from "../events/registration-events";
import { managedRegistration } from "./access";
import { endWithSeat } from "./cancellation";
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

/** confirmed → `checked_in_at` set (`registration-checked-in`); once only. */
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
    if (!(await tx.transitions.markCheckedIn(id, now))) return false;
    const message = checkedInMessage(registration, event, now);
    await tx.outbox.enqueue(message.topic, message.event);
    return true;
  });
  const after = await reread(deps, id);
  if (!checkedIn)
    throw after.checkedInAt === null ? invalidState(after.status) : alreadyCheckedIn();
  return after;
}
