import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";
import { eventSnapshotFields, exampleEventSnapshot } from "./event-snapshot";

const attendeesMessagedV1Data = z
  .looseObject({
    message_id: uuidSchema.describe("The message's id; the key a consumer sends it once by."),
    event_id: uuidSchema.describe("The event whose attendees it is for; the envelope's `subject`."),
    sender_id: uuidSchema.describe("The organizer or admin who wrote it."),
    subject: z.string().min(1).max(150).describe("The subject line, trimmed. Typed by a person."),
    body: z.string().min(1).max(5000).describe("The plain-text body, trimmed. Typed by a person."),
    posted_at: timestampSchema.describe("When the message was posted."),
    ...eventSnapshotFields,
  })
  .meta({ title: "AttendeesMessagedV1Data" });

/**
 * An organizer wrote to every confirmed attendee of an event (docs/tickets.md, "Reminders and
 * messages"). Internal: organizer-written text meant for attendees only, not for outside readers.
 */
export const attendeesMessagedV1 = defineEvent({
  type: "turnout.event.attendees-messaged.v1",
  topic: TOPICS.attendeesMessaged,
  version: 1,
  title: "Message to attendees (v1)",
  description:
    "`POST /api/v1/registrations/events/{event_id}/messages` recorded a message from the " +
    "event's organizer (or an admin) to its attendees; written in the same unit of work as the " +
    "message. The notification service sends it to every confirmed attendee it knows for the " +
    "event, by mail and inbox as each attendee's channel settings allow, once per " +
    "`message_id`. At most 10 messages per event per 24 hours are accepted, so only that many " +
    "are published.",
  producer: "registration-service",
  consumers: ["notification-service"],
  subjectField: "event_id",
  internal: true,
  data: attendeesMessagedV1Data,
  example: {
    specversion: "1.0",
    id: "2b4d6f8a-0c1e-4a3b-9d5f-7a9c1e3b5d71",
    source: "/turnout/registration-service",
    type: "turnout.event.attendees-messaged.v1",
    time: "2025-10-14T09:00:00.000Z",
    subject: "3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d",
    datacontenttype: "application/json",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: {
      message_id: "9c1e3a5c-7e9b-4d1f-8a3c-5e7a9c1e3b52",
      event_id: "3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d",
      sender_id: "5d7f9b1c-3e5a-4c7e-9a1b-3c5e7a9b1d2f",
      subject: "Doors open at 17:30",
      body: "We start a little later than planned. Pizza arrives at 18:00.",
      posted_at: "2025-10-14T09:00:00.000Z",
      ...exampleEventSnapshot,
    },
  },
});
