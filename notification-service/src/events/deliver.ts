import type { Sql } from "@turnout/kit";
import { pickLocale, pickTimeZone, type TimeStyle } from "../domain/event-times";
import type { Notice } from "../domain/notices";
import { activityChannels, greetingName, type Recipient } from "../domain/recipients";
import { insertNotification } from "../data/notifications";
import { enqueueMail } from "../data/outbound-mail";
import { renderMail } from "../mail/render";
import { noticeMail, type MailDocument, type MailKind } from "../mail/templates";

/** What every flow needs besides the event: where to write and how to address mail. */
export interface FlowContext {
  schema: string;
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
 * One notice to one user, in the consumer's transaction: the inbox entry when the user takes
 * in-app notifications, the mail when they take email and an address is known. Both writes are
 * keyed by the source event, so applying the same event again adds nothing.
 */
export async function deliverNotice(
  tx: Sql,
  ctx: FlowContext,
  input: {
    sourceEventId: string;
    userId: string;
    recipient: Recipient | undefined;
    notice: Notice;
  },
): Promise<void> {
  const { notice, recipient } = input;
  const channels = activityChannels(recipient);
  if (channels.inApp) {
    await insertNotification(tx, ctx.schema, {
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
  tx: Sql,
  ctx: FlowContext,
  input: {
    sourceEventId: string;
    userId: string;
    kind: MailKind;
    to: string;
    doc: MailDocument;
    expiresAt?: string;
  },
): Promise<void> {
  await enqueueMail(tx, ctx.schema, {
    sourceEventId: input.sourceEventId,
    kind: input.kind,
    userId: input.userId,
    to: input.to,
    mail: renderMail(input.doc),
    messageIdDomain: ctx.messageIdDomain,
    ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
  });
}
