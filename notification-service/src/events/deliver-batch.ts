import type { ConfirmedBooking } from "../data/attendances";
import type { Repositories } from "../data/repositories";
import type { Notice } from "../domain/notices";
import { activityChannels, greetingName, type Recipient } from "../domain/recipients";
import { renderMail } from "../mail/render";
import type { MailDocument, MailKind } from "../mail/templates";
import { timeStyleFor, type FlowContext } from "./deliver";
import type { TimeStyle } from "../domain/event-times";

/** Bookings read, and written for, per statement pair (reminders, messages to attendees). */
export const BATCH_SIZE = 500;

/**
 * Tells the holders of one page of confirmed bookings one thing each, in two statements: one
 * insert of inbox entries, one of mail (each keyed by the source, the user and the kind, so a
 * second pass adds nothing). Recipients are share-locked like every delivery (`recipients.ts`);
 * `skip` leaves out a holder (a reminder to someone who has since turned reminders off).
 */
export async function deliverToBookings(
  tx: Repositories,
  ctx: FlowContext,
  input: {
    sourceEventId: string;
    kind: MailKind & Notice["type"];
    eventZone: string;
    bookings: readonly ConfirmedBooking[];
    notice: (booking: ConfirmedBooking, style: TimeStyle) => Notice;
    mail: (notice: Notice, name: string | null) => MailDocument;
    calendarIcs?: (booking: ConfirmedBooking) => string;
    skip?: (recipient: Recipient | undefined) => boolean;
  },
): Promise<void> {
  // One booking per user and event is active; a repeated user is told once all the same.
  const byUser = new Map(input.bookings.map((booking) => [booking.userId, booking]));
  const recipients = await tx.recipients.findMany([...byUser.keys()]);
  const entries = [];
  const mails = [];
  for (const [userId, booking] of byUser) {
    const recipient = recipients.get(userId);
    if (input.skip?.(recipient)) continue;
    const channels = activityChannels(recipient);
    const notice = input.notice(booking, timeStyleFor(recipient, input.eventZone));
    if (channels.inApp) {
      entries.push({ userId, sourceEventId: input.sourceEventId, ...notice });
    }
    if (channels.email !== null) {
      mails.push({
        sourceEventId: input.sourceEventId,
        userId,
        to: channels.email,
        mail: renderMail(input.mail(notice, greetingName(recipient?.displayName))),
        calendarIcs: input.calendarIcs?.(booking) ?? null,
      });
    }
  }
  await tx.notifications.insertMany(input.kind, entries);
  await tx.outboundMail.enqueueMany(input.kind, mails, ctx.messageIdDomain);
}
