import {
  eventUpdatedV1,
  parseEvent,
  registrationCancelledV1,
  registrationConfirmedV1,
  registrationWaitlistedV1,
} from "@turnout/contracts";
import { onEvent, type EventHandler } from "@turnout/kit";
import {
  eventChangedNotice,
  registrationCancelledNotice,
  registrationConfirmedNotice,
  registrationWaitlistedNotice,
  timeOrPlaceChanged,
} from "../domain/notices";
import { activeAttendees, recordAttendance } from "../data/attendances";
import { findRecipient, findRecipients } from "../data/recipients";
import { deliverNotice, timeStyleFor, type FlowContext } from "./deliver";

/** `registration-confirmed`: "you're registered", or "a seat opened up" after the waitlist. */
export function registrationConfirmedHandler(ctx: FlowContext): EventHandler {
  return onEvent(
    registrationConfirmedV1.type,
    (raw) => parseEvent(registrationConfirmedV1, raw),
    async (event, tx) => {
      const data = event.data;
      const applied = await recordAttendance(tx, ctx.schema, {
        registrationId: data.registration_id,
        eventId: data.event_id,
        userId: data.user_id,
        status: "confirmed",
        statusAt: data.confirmed_at,
      });
      if (!applied) return; // stale: the registration has moved on (cancelled) meanwhile
      const recipient = await findRecipient(tx, ctx.schema, data.user_id);
      await deliverNotice(tx, ctx, {
        sourceEventId: event.id,
        userId: data.user_id,
        recipient,
        notice: registrationConfirmedNotice(data, timeStyleFor(recipient, data.timezone)),
      });
    },
  );
}

export function registrationWaitlistedHandler(ctx: FlowContext): EventHandler {
  return onEvent(
    registrationWaitlistedV1.type,
    (raw) => parseEvent(registrationWaitlistedV1, raw),
    async (event, tx) => {
      const data = event.data;
      const applied = await recordAttendance(tx, ctx.schema, {
        registrationId: data.registration_id,
        eventId: data.event_id,
        userId: data.user_id,
        status: "waitlisted",
        statusAt: data.waitlisted_at,
      });
      if (!applied) return;
      const recipient = await findRecipient(tx, ctx.schema, data.user_id);
      await deliverNotice(tx, ctx, {
        sourceEventId: event.id,
        userId: data.user_id,
        recipient,
        notice: registrationWaitlistedNotice(data, timeStyleFor(recipient, data.timezone)),
      });
    },
  );
}

/** `registration-cancelled`, whatever the reason; `event_cancelled` is how attendees hear. */
export function registrationCancelledHandler(ctx: FlowContext): EventHandler {
  return onEvent(
    registrationCancelledV1.type,
    (raw) => parseEvent(registrationCancelledV1, raw),
    async (event, tx) => {
      const data = event.data;
      const applied = await recordAttendance(tx, ctx.schema, {
        registrationId: data.registration_id,
        eventId: data.event_id,
        userId: data.user_id,
        status: "cancelled",
        statusAt: data.cancelled_at,
      });
      if (!applied) return;
      const recipient = await findRecipient(tx, ctx.schema, data.user_id);
      await deliverNotice(tx, ctx, {
        sourceEventId: event.id,
        userId: data.user_id,
        recipient,
        notice: registrationCancelledNotice(data, timeStyleFor(recipient, data.timezone)),
      });
    },
  );
}

/**
 * `event-updated`: only a new time or place is worth a message, to every attendee and waitlisted
 * user this service has seen registration messages for.
 */
export function eventUpdatedHandler(ctx: FlowContext): EventHandler {
  return onEvent(
    eventUpdatedV1.type,
    (raw) => parseEvent(eventUpdatedV1, raw),
    async (event, tx) => {
      const data = event.data;
      if (!timeOrPlaceChanged(data.changed)) return;
      const attendees = await activeAttendees(tx, ctx.schema, data.event_id);
      const userIds = [...new Set(attendees.map((a) => a.userId))];
      const recipients = await findRecipients(tx, ctx.schema, userIds);
      for (const userId of userIds) {
        const recipient = recipients.get(userId);
        await deliverNotice(tx, ctx, {
          sourceEventId: event.id,
          userId,
          recipient,
          notice: eventChangedNotice(data, timeStyleFor(recipient, data.timezone)),
        });
      }
    },
  );
}
