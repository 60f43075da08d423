import { bookingCalendarEntry, calendarFile, calendarFileName } from "@turnout/kit";
import { DEFAULT_PUBLIC_URL } from "../config";
import type { RegistrationDeps } from "./deps";
import { invalidState, registrationNotFound } from "./errors";
import type { Caller } from "./registration";

/** A booking's calendar file and the name to save it under. */
export interface CalendarDownload {
  fileName: string;
  body: string;
}

/**
 * The holder's calendar file for a confirmed booking (docs/tickets.md, "Calendar files"), from
 * the event's local copy. Anyone but the holder gets 404, as if it did not exist: organizers
 * read bookings, but the file is the attendee's.
 */
export async function registrationCalendar(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<CalendarDownload> {
  const registration = await deps.data.repos.registrations.find(id);
  const event = registration && (await deps.data.repos.snapshots.find(registration.eventId));
  if (!registration || !event || registration.userId !== caller.id) throw registrationNotFound();
  if (registration.status !== "confirmed") throw invalidState(registration.status);

  // A booking made before ticket types has the event's first (default) type.
  const types = event.ticketTypes ?? [];
  const type = types.find((t) => t.id === registration.ticketTypeId) ?? types[0];
  const confirmedAt = registration.confirmedAt ?? registration.updatedAt;
  return {
    fileName: calendarFileName(event.title),
    body: calendarFile(
      bookingCalendarEntry({
        registrationId: registration.id,
        event,
        ticketTypeName: type?.name ?? null,
        quantity: registration.quantity,
        publicUrl: deps.settings.publicUrl ?? DEFAULT_PUBLIC_URL,
        // A moved event gives a newer stamp, so a re-imported file reads as the newer one.
        stamp: new Date(Math.max(confirmedAt.getTime(), event.updatedAt.getTime())),
      }),
    ),
  };
}
