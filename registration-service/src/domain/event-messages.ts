import { randomUUID } from "node:crypto";
import { tooManyRequests } from "@turnout/kit";
import type { EventMessage, MessageKeyset } from "../data/event-messages";
import { attendeesMessagedMessage } from "../events/event-messages";
import { managedEvent } from "./access";
import type { RegistrationDeps } from "./deps";
import { eventNotFound } from "./errors";
import type { Caller } from "./registration";

// Messages from an event's organizer to its confirmed attendees (docs/tickets.md, "Reminders
// and messages"). This service records them and publishes `attendees-messaged`; the
// notification service delivers them.

export type { EventMessage, MessageKeyset };

/** Messages one event may get in any 24 hours: each is a mail to every attendee. */
export const MESSAGES_PER_DAY = 10;
const DAY_MS = 86_400_000;

export interface MessageContent {
  subject: string;
  body: string;
}

/**
 * `POST /events/:event_id/messages`: the event's organizer or an admin (403 otherwise) writes to
 * its confirmed attendees. The message, its `attendees-messaged` message and the count it is
 * checked against are one unit of work under the event's message lock, so two posts at once
 * cannot make an eleventh in a day (429 `too_many_messages`, with `Retry-After`).
 */
export async function postEventMessage(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
  content: MessageContent,
): Promise<EventMessage> {
  // Also stores the event's copy when no one registered yet (the message's foreign key).
  await managedEvent(deps, caller, eventId);
  return deps.data.transaction(async (tx) => {
    await tx.eventMessages.lockEvent(eventId);
    const now = new Date();
    const { recent, oldest } = await tx.eventMessages.countSince(
      eventId,
      new Date(now.getTime() - DAY_MS),
    );
    if (recent >= MESSAGES_PER_DAY) {
      const freesAt = (oldest ?? now).getTime() + DAY_MS;
      throw tooManyRequests(
        (freesAt - now.getTime()) / 1000,
        "too_many_messages",
        `This event got ${recent} messages in the last 24 hours, the most it may get; retry ` +
          "later.",
      );
    }
    const event = await tx.snapshots.find(eventId);
    if (!event) throw eventNotFound();
    const message: EventMessage = {
      id: randomUUID(),
      eventId,
      senderId: caller.id,
      subject: content.subject,
      body: content.body,
      recipients: await tx.eventMessages.confirmedBookings(eventId),
      postedAt: now,
    };
    await tx.eventMessages.insert(message);
    const outgoing = attendeesMessagedMessage(message, event);
    await tx.outbox.enqueue(outgoing.topic, outgoing.event);
    return message;
  });
}

/** `GET /events/:event_id/messages`: one page, newest first (organizer or admin). */
export async function listEventMessages(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
  limit: number,
  after?: MessageKeyset,
): Promise<EventMessage[]> {
  await managedEvent(deps, caller, eventId);
  return deps.data.repos.eventMessages.page(eventId, limit, after);
}
