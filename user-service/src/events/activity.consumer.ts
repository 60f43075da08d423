import {
  parseEvent,
  registrationCancelledV1,
  registrationCheckedInV1,
  registrationConfirmedV1,
} from "@turnout/contracts";
import { onEvent, type EventHandler } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import { activityFrom } from "../domain/activity-rules";

/**
 * Registration events → the attendee's activity history, one entry per event id (the insert
 * skips an id it has seen, and users that were deleted); one `checked_in` entry per booking.
 */
export function activityHandlers(): EventHandler<Repositories>[] {
  return [
    onEvent(
      registrationConfirmedV1.type,
      (raw) => parseEvent(registrationConfirmedV1, raw),
      async (event, tx) => {
        const entry = activityFrom("registration_confirmed", event, event.data.confirmed_at);
        await tx.activity.insert(entry, new Date());
      },
    ),
    onEvent(
      registrationCancelledV1.type,
      (raw) => parseEvent(registrationCancelledV1, raw),
      async (event, tx) => {
        const entry = activityFrom("registration_cancelled", event, event.data.cancelled_at);
        await tx.activity.insert(entry, new Date());
      },
    ),
    onEvent(
      registrationCheckedInV1.type,
      (raw) => parseEvent(registrationCheckedInV1, raw),
      async (event, tx) => {
        const entry = activityFrom("checked_in", event, event.data.checked_in_at);
        // Since issue 20 a booking's seats are checked in one by one, a message each: the
        // history keeps one entry per booking, its first seat's (the key is the booking's).
        const perBooking =
          event.data.seat_id === undefined
            ? {}
            : { sourceEventId: `checked-in:${event.data.registration_id}` };
        await tx.activity.insert({ ...entry, ...perBooking }, new Date());
      },
    ),
  ];
}
