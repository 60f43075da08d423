import type { AttendeeEntry, AttendeeListOptions } from "../data/attendee-list";
import { managedEvent } from "./access";
import type { RegistrationDeps } from "./deps";
import { eventServiceUnavailable } from "./errors";
import type { Caller } from "./registration";
import { PeerUnavailableError } from "./seat-ledger";

// The organizer's attendee list, its CSV and the check-in view (docs/booking-model.md,
// "Attendee lists that name people"): names from the service's own copy of accounts, never a
// call per row.

export type { AttendeeEntry, AttendeeListOptions };

/** What the CSV needs of a question: its column header and whether it is asked per seat. */
export interface QuestionColumn {
  id: string;
  label: string;
  per: "booking" | "seat";
}

const list = (deps: RegistrationDeps) => deps.data.repos.attendeeList;

/** Checks the caller may read the event's list: its organizer or an admin (403 otherwise). */
export async function authorizeAttendees(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
): Promise<void> {
  await managedEvent(deps, caller, eventId);
}

/** One page in sign-up order; call {@link authorizeAttendees} first. */
export function attendeeEntries(
  deps: RegistrationDeps,
  eventId: string,
  options: AttendeeListOptions,
): Promise<AttendeeEntry[]> {
  return list(deps).page(eventId, options);
}

/**
 * The event's questions in the organizer's order, read once per export from the event service
 * (the cached read); none when the read carries none.
 */
export async function exportQuestions(
  deps: RegistrationDeps,
  eventId: string,
): Promise<QuestionColumn[]> {
  try {
    const event = await deps.events.getEvent(eventId);
    return (event?.questions ?? []).map(({ id, label, per }) => ({ id, label, per }));
  } catch (error) {
    if (error instanceof PeerUnavailableError) throw eventServiceUnavailable(error);
    throw error;
  }
}
