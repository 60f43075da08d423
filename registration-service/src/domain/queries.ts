import type { Keyset } from "../data/registration-rows";
import { managedEvent, visibleRegistration } from "./access";
import type { RegistrationDeps } from "./deps";
import type { Caller, Registration, RegistrationStatus } from "./registration";

export interface PageRequest {
  status?: RegistrationStatus | undefined;
  after?: Keyset | undefined;
  limit: number;
}

export async function getRegistration(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<Registration> {
  return (await visibleRegistration(deps, caller, id)).registration;
}

/** The caller's own registrations, newest first. */
export function listMyRegistrations(
  deps: RegistrationDeps,
  caller: Caller,
  page: PageRequest,
): Promise<Registration[]> {
  return deps.data.repos.registrations.listForUser(caller.id, page);
}

/** Checks the caller may list the event's attendees (organizer or admin). */
export async function authorizeAttendeeList(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
): Promise<void> {
  await managedEvent(deps, caller, eventId);
}

/** One page of an event's registrations in sign-up order; call {@link authorizeAttendeeList} first. */
export function attendeePage(
  deps: RegistrationDeps,
  eventId: string,
  page: PageRequest,
): Promise<Registration[]> {
  return deps.data.repos.registrations.listForEvent(eventId, page);
}
