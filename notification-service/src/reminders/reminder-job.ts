import { bookingCalendarEntry, calendarFile } from "@turnout/kit";
import type { ConfirmedBooking } from "../data/attendances";
import type { ServiceDatabase } from "../data/database";
import type { EventSchedule } from "../data/event-schedules";
import type { EventSnapshot } from "../domain/notices";
import { eventReminderNotice, reminderKey } from "../domain/reminder-notices";
import type { FlowContext } from "../events/deliver";
import { BATCH_SIZE, deliverToBookings } from "../events/deliver-batch";
import { noticeMail } from "../mail/templates";

/** Events one pass reminds at most (the rest wait for the next pass). */
const EVENTS_PER_PASS = 20;

const REMINDER_FOOTER =
  "You get this reminder because you booked this event on Turnout. To stop reminders, turn " +
  "off event reminders in your settings.";

const snapshotOf = (s: EventSchedule): EventSnapshot => ({
  event_id: s.eventId,
  title: s.title,
  starts_at: s.startsAt.toISOString(),
  ends_at: s.endsAt.toISOString(),
  timezone: s.timezone,
  location: s.location,
});

/**
 * One pass of the reminder job (docs/tickets.md, "Reminders and messages"): for each event whose
 * reminder time has come, every confirmed booking whose holder takes reminders gets an inbox
 * entry and a mail with the booking's calendar file, by the holder's channel settings, a page of
 * bookings per unit of work. Every replica runs it; the key of each write (the event, its start,
 * the user) makes a second replica's or a restarted pass's writes no-ops. Only when every page
 * is written is the start marked reminded.
 */
export async function remindOnce(
  data: ServiceDatabase,
  ctx: FlowContext,
): Promise<{ events: number; bookings: number }> {
  const due = await data.repos.eventSchedules.dueForReminder(EVENTS_PER_PASS);
  let bookings = 0;
  for (const schedule of due) {
    const event = snapshotOf(schedule);
    const sourceEventId = reminderKey(schedule.eventId, schedule.startsAt);
    const calendarIcs = (booking: ConfirmedBooking) =>
      calendarFile(
        bookingCalendarEntry({
          registrationId: booking.registrationId,
          event: schedule,
          ticketTypeName: booking.ticketTypeName,
          quantity: booking.quantity,
          publicUrl: ctx.publicUrl,
          stamp: new Date(Math.max(booking.confirmedAt.getTime(), schedule.snapshotAt.getTime())),
        }),
      );
    let after: string | undefined;
    for (;;) {
      const page = await data.repos.attendances.confirmedPage(schedule.eventId, {
        ...(after === undefined ? {} : { after }),
        limit: BATCH_SIZE,
        remindersOnly: true,
      });
      if (page.length === 0) break;
      await data.transaction((tx) =>
        deliverToBookings(tx, ctx, {
          sourceEventId,
          kind: "event_reminder",
          eventZone: schedule.timezone,
          bookings: page,
          notice: (booking, style) => eventReminderNotice(event, booking.registrationId, style),
          mail: (notice, name) => ({
            ...noticeMail(notice, name, ctx.publicUrl),
            footer: REMINDER_FOOTER,
          }),
          calendarIcs,
          // Read under the recipient's lock: an opt-out since the page was read counts.
          skip: (recipient) => recipient?.eventReminders === false,
        }),
      );
      bookings += page.length;
      after = page[page.length - 1]?.registrationId;
      if (page.length < BATCH_SIZE) break;
    }
    await data.repos.eventSchedules.markReminded(schedule.eventId, schedule.startsAt);
  }
  return { events: due.length, bookings };
}
