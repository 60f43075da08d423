import { pickLocale, pickTimeZone, type TimeStyle } from "../domain/event-times";
import type { Notice } from "../domain/notices";
import { activityChannels, greetingName, type Recipient } from "../domain/recipients";
import type { Repositories } from "../data/repositories";
import { renderMail } from "../mail/render";
import { noticeMail, type MailDocument, type MailKind } from "../mail/templates";

/** What every flow needs besides the event and its unit of work: how to address mail. */
export interface FlowContext {
  /** The web app's base URL, for links in mail. */
  publicUrl: string;
  /** The domain of the mails' Message-IDs. */
  messageIdDomain: string;
}

/** The attendee's own zone and locale when known, else the event's zone. */
export const timeStyleFor = (recipient: Recipient | undefined, eventZone?: string): TimeStyle => ({
  zone: pickTimeZone(recipient?.timezone, eventZone),
  locale: pickLocale(recipient?.locale),
});

/**
 * One notice to one user, in the consumer's unit of work: the inbox entry when the user takes
 * in-app notifications, the mail when they take email and an address is known. Both writes are
 * keyed by the source event, so applying the same event again adds nothing.
 */
export async function deliverNotice(
  tx: Repositories,
  ctx: FlowContext,
  input: {
    sourceEventId: string;
    userId: string;
    recipient: Recipient | undefined;
    notice: Notice;
    /** Attached to the mail as `invite.ics`. */
    calendarIcs?: string;
  },
): Promise<void> {
  const { notice, recipient } = input;
  const channels = activityChannels(recipient);
  if (channels.inApp) {
    await tx.notifications.insert({
      userId: input.userId,
      type: notice.type,
      title: notice.title,
      body: notice.body,
      data: notice.data,
      sourceEventId: input.sourceEventId,
    });
  }
  if (channels.email !== null && notice.type !== "welcome") {
    const { kind, ...doc } = noticeMail(
      notice,
      greetingName(recipient?.displayName),
      ctx.publicUrl,
    );
    await queueMail(tx, ctx, { ...input, kind, to: channels.email, doc });
  }
}

/** Renders and queues one mail. */
export async function queueMail(
  tx: Repositories,
  ctx: FlowContext,
  input: {
    sourceEventId: string;
    userId: string;
    kind: MailKind;
    to: string;
    doc: MailDocument;
    expiresAt?: string;
    calendarIcs?: string;
  },
): Promise<void> {
  await tx.outboundMail.enqueue({
    sourceEventId: input.sourceEventId,
    kind: input.kind,
    userId: input.userId,
    to: input.to,
    mail: renderMail(input.doc),
    messageIdDomain: ctx.messageIdDomain,
    ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
    ...(input.calendarIcs === undefined ? {} : { calendarIcs: input.calendarIcs }),
  });
}
