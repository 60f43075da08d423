import { attendeesMessagedV1, createEvent, TOPICS } from "@turnout/contracts";
import type { EventMessage } from "../data/event-messages";
import type { Outgoing } from "../data/seat-path";
import type { EventFacts } from "../domain/registration";
import { envelope, eventFields } from "./registration-events";

/**
 * `attendees-messaged` (internal: organizer-written text for the attendees only), written in the
 * unit of work that records the message; the notification service sends it once per id.
 */
export function attendeesMessagedMessage(message: EventMessage, event: EventFacts): Outgoing {
  const outgoing = createEvent(attendeesMessagedV1, {
    ...envelope(message.postedAt),
    data: {
      message_id: message.id,
      event_id: message.eventId,
      sender_id: message.senderId,
      subject: message.subject,
      body: message.body,
      posted_at: message.postedAt.toISOString(),
      ...eventFields(event),
    },
  });
  return { topic: TOPICS.attendeesMessaged, event: outgoing };
}
