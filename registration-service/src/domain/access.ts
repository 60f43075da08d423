import type { EventSnapshot } from "../data/event-snapshots";
import type { RegistrationDeps } from "./deps";
import { eventNotFound, eventServiceUnavailable, notAllowed, registrationNotFound } from "./errors";
import {
  canManage,
  canView,
  type Caller,
  type EventFacts,
  type Registration,
} from "./registration";
import { PeerUnavailableError } from "./seat-ledger";

export interface Visible {
  registration: Registration;
  event: EventSnapshot;
}

/** The registration if the caller may see it; a 404 otherwise, so ids cannot be probed. */
export async function visibleRegistration(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<Visible> {
  const registration = await deps.data.repos.registrations.find(id);
  const event = registration && (await deps.data.repos.snapshots.find(registration.eventId));
  if (!registration || !event || !canView(caller, registration, event)) {
    throw registrationNotFound();
  }
  return { registration, event };
}

/** For organizer actions: 404 for people who cannot see it, 403 for its attendee. */
export async function managedRegistration(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<Visible> {
  const visible = await visibleRegistration(deps, caller, id);
  if (!canManage(caller, visible.event)) throw notAllowed();
  return visible;
}

/**
 * The event, if the caller organizes it or is an admin (403 otherwise: events are public, so
 * saying it exists reveals nothing). An event with no registrations yet may have no local copy:
 * it is read from the event service then.
 */
export async function managedEvent(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
): Promise<EventFacts> {
  let event: EventFacts | null = await deps.data.repos.snapshots.find(eventId);
  if (!event) {
    try {
      event = await deps.events.getEvent(eventId);
    } catch (error) {
      if (error instanceof PeerUnavailableError) throw eventServiceUnavailable(error);
      throw error;
    }
    if (!event) throw eventNotFound();
    await deps.data.repos.snapshots.refresh(event);
  }
  if (!canManage(caller, event)) throw notAllowed();
  return event;
}
