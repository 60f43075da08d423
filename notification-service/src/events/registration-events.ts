import {
  eventUpdatedV1,
  parseEvent,
  registrationCancelledV1,
  registrationConfirmedV1,
  registrationSeatsChangedV1,
  registrationWaitlistedV1,
} from "@turnout/contracts";
import { bookingCalendarEntry, calendarFile, onEvent, type EventHandler } from "@turnout/kit";
import {
  eventChangedNotice,
  registrationCancelledNotice,
  registrationConfirmedNotice,
  registrationWaitlistedNotice,
  timeOrPlaceChanged,
  type Notice,
} from "../domain/notices";
import { withBooking, type BookingFacts } from "../domain/booking-notice";
import { seatsChangedNotice } from "../domain/seats-changed-notice";
import type { TimeStyle } from "../domain/event-times";
import type { AttendanceStatus } from "../data/attendances";
import type { Repositories } from "../data/repositories";
import { deliverNotice, timeStyleFor, type FlowContext } from "./deliver";

interface RegistrationData extends BookingFacts {
  registration_id: string;
  event_id: string;
  user_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  timezone: string;
  location: string;
  reminder_lead_minutes?: number | undefined;
}

/** The event's times from a message's snapshot (reminders: `data/event-schedules.ts`). */
const snapshotFacts = (data: RegistrationData) => ({
  eventId: data.event_id,
  title: data.title,
  startsAt: data.starts_at,
  endsAt: data.ends_at,
  timezone: data.timezone,
  location: data.location,
  reminderLeadMinutes: data.reminder_lead_minutes,
});

/** The confirmed booking's calendar file, the one its ticket page offers. */
const bookingCalendar = (ctx: FlowContext, data: RegistrationData, stamp: string): string =>
  calendarFile(
    bookingCalendarEntry({
      registrationId: data.registration_id,
      event: {
        title: data.title,
        startsAt: data.starts_at,
        endsAt: data.ends_at,
        location: data.location,
      },
      ticketTypeName: data.ticket_type_name ?? null,
      quantity: data.quantity ?? data.seats?.length ?? 1,
      publicUrl: ctx.publicUrl,
      stamp,
    }),
  );

/**
 * A registration message: its status is recorded (stale ones, overtaken by a later status, are
 * dropped), the event's times are kept for reminders, and the attendee is told, in their own
 * time zone when known, naming the booking's ticket type and seats when the message carries
 * them. A confirmation links to the ticket page and attaches the booking's calendar file.
 */
function registrationHandler<D extends RegistrationData>(
  ctx: FlowContext,
  definition: { type: string },
  parse: (raw: unknown) => { id: string; data: D },
  status: AttendanceStatus,
  statusAt: (data: D) => string,
  notice: (data: D, style: TimeStyle) => Notice,
): EventHandler<Repositories> {
  return onEvent(definition.type, parse, async (event, tx) => {
    const { data } = event;
    await tx.eventSchedules.saveFromSnapshot({ ...snapshotFacts(data), messageAt: statusAt(data) });
    const applied = await tx.attendances.record({
      registrationId: data.registration_id,
      eventId: data.event_id,
      userId: data.user_id,
      status,
      statusAt: statusAt(data),
      ticketTypeName: data.ticket_type_name,
      quantity: data.quantity ?? data.seats?.length,
    });
    if (!applied) return; // stale: the registration has moved on meanwhile
    const recipient = await tx.recipients.find(data.user_id);
    const told = withBooking(notice(data, timeStyleFor(recipient, data.timezone)), data);
    const confirmed = status === "confirmed";
    await deliverNotice(tx, ctx, {
      sourceEventId: event.id,
      userId: data.user_id,
      recipient,
      notice: confirmed ? { ...told, ticketFor: data.registration_id } : told,
      ...(confirmed ? { calendarIcs: bookingCalendar(ctx, data, statusAt(data)) } : {}),
    });
  });
}

/** `registration-confirmed`: "you're registered", or "a seat opened up" after the waitlist. */
export const registrationConfirmedHandler = (ctx: FlowContext): EventHandler<Repositories> =>
  registrationHandler(
    ctx,
    registrationConfirmedV1,
    (raw: unknown) => parseEvent(registrationConfirmedV1, raw),
    "confirmed",
    (data) => data.confirmed_at,
    registrationConfirmedNotice,
  );

export const registrationWaitlistedHandler = (ctx: FlowContext): EventHandler<Repositories> =>
  registrationHandler(
    ctx,
    registrationWaitlistedV1,
    (raw: unknown) => parseEvent(registrationWaitlistedV1, raw),
    "waitlisted",
    (data) => data.waitlisted_at,
    registrationWaitlistedNotice,
  );

/** `registration-cancelled`, whatever the reason; `event_cancelled` is how attendees hear. */
export const registrationCancelledHandler = (ctx: FlowContext): EventHandler<Repositories> =>
  registrationHandler(
    ctx,
    registrationCancelledV1,
    (raw: unknown) => parseEvent(registrationCancelledV1, raw),
    "cancelled",
    (data) => data.cancelled_at,
    registrationCancelledNotice,
  );

/**
 * `registration-seats-changed`: one seat left a booking that keeps others; its owner is told what
 * is left. The booking's status does not change, so nothing is recorded; a booking already known
 * to have ended tells nobody (its cancellation said what it had).
 */
export function registrationSeatsChangedHandler(ctx: FlowContext): EventHandler<Repositories> {
  return onEvent(
    registrationSeatsChangedV1.type,
    (raw) => parseEvent(registrationSeatsChangedV1, raw),
    async (event, tx) => {
      const data = event.data;
      await tx.eventSchedules.saveFromSnapshot({
        ...snapshotFacts(data),
        messageAt: data.changed_at,
      });
      if (await tx.attendances.ended(data.registration_id)) return;
      await tx.attendances.setQuantity(data.registration_id, data.quantity);
      const recipient = await tx.recipients.find(data.user_id);
      await deliverNotice(tx, ctx, {
        sourceEventId: event.id,
        userId: data.user_id,
        recipient,
        notice: seatsChangedNotice(data, timeStyleFor(recipient, data.timezone)),
      });
    },
  );
}

/**
 * `event-updated`: only a new time or place is worth a message, to every attendee and waitlisted
 * user this service has seen registration messages for.
 */
export function eventUpdatedHandler(ctx: FlowContext): EventHandler<Repositories> {
  return onEvent(
    eventUpdatedV1.type,
    (raw) => parseEvent(eventUpdatedV1, raw),
    async (event, tx) => {
      const data = event.data;
      await tx.eventSchedules.saveFromEvent({
        eventId: data.event_id,
        title: data.title,
        startsAt: data.starts_at,
        endsAt: data.ends_at,
        timezone: data.timezone,
        location: data.location,
        reminderLeadMinutes: data.reminder_lead_minutes,
        status: data.status,
        updatedAt: data.updated_at,
      });
      if (!timeOrPlaceChanged(data.changed)) return;
      const attendees = await tx.attendances.active(data.event_id);
      const userIds = [...new Set(attendees.map((a) => a.userId))];
      const recipients = await tx.recipients.findMany(userIds);
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
