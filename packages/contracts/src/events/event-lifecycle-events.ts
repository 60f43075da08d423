import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";
import { eventSnapshotFields, exampleEventSnapshot } from "./event-snapshot";

export const EVENT_STATUSES = ["published", "cancelled"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

const EXAMPLE_EVENT_ID = "3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d";
const EXAMPLE_ORGANIZER_ID = "5d7f9b1c-3e5a-4c7e-9a1b-3c5e7a9b1d2f";

const eventUpdatedV1Data = z
  .looseObject({
    event_id: uuidSchema.describe("The event's id; the envelope's `subject`."),
    ...eventSnapshotFields,
    // After the snapshot, whose `organizer_id` is optional: here it is always sent.
    organizer_id: uuidSchema.describe("The organizer who owns the event."),
    description: z.string().describe("The event's description after the change."),
    capacity: z.number().int().positive().describe("Seats in total after the change."),
    requires_approval: z
      .boolean()
      .describe("Whether the organizer approves each registration before it holds a seat."),
    category: z.string().nullable().describe("The event's category, or null."),
    // A string rather than an enum: a status added later must not dead-letter the update.
    status: z.string().min(1).max(32).describe("`published` (or a later status)."),
    ticket_types: z
      .array(
        z.looseObject({
          id: uuidSchema.describe("The ticket type's id."),
          name: z.string().min(1).max(100).describe("The type's name."),
          quota: z.number().int().positive().describe("Seats of this type."),
        }),
      )
      .optional()
      .describe(
        "Every ticket type of the event after the change (hidden ones included), in the " +
          "organizer's order. Absent in messages written before ticket types existed.",
      ),
    seat_changes_until: timestampSchema
      .nullable()
      .optional()
      .describe(
        "After it, attendees can no longer cancel or transfer single seats; null = until the " +
          "event starts. Absent in messages written before it existed.",
      ),
    reminder_lead_minutes: eventSnapshotFields.reminder_lead_minutes.describe(
      "How long before `starts_at` attendees are reminded after the change, in minutes (0 = " +
        "no reminder). The event service always sends it; absent in messages written before " +
        "it existed (read it as 1440).",
    ),
    changed: z
      .array(z.string().min(1))
      .min(1)
      .describe("API field names whose value this update changed (`starts_at`, `capacity`, ...)."),
    updated_at: timestampSchema.describe("When the change was made."),
  })
  .meta({ title: "EventUpdatedV1Data" });

export const eventUpdatedV1 = defineEvent({
  type: "turnout.event.updated.v1",
  topic: TOPICS.eventUpdated,
  version: 1,
  title: "Event updated (v1)",
  description:
    "An organizer (or an admin) changed a published event. Carries the whole event after the " +
    "change and the names of the fields that changed, so registrations can refresh their copy " +
    "and notifications can tell attendees about a new time or place.",
  producer: "event-service",
  consumers: ["registration-service", "notification-service"],
  subjectField: "event_id",
  data: eventUpdatedV1Data,
  example: {
    specversion: "1.0",
    id: "8e2a4c6e-0b1d-4f3a-9c5e-7b9d1f3a5c70",
    source: "/turnout/event-service",
    type: "turnout.event.updated.v1",
    time: "2025-09-05T10:00:00.000Z",
    subject: EXAMPLE_EVENT_ID,
    datacontenttype: "application/json",
    data: {
      event_id: EXAMPLE_EVENT_ID,
      ...exampleEventSnapshot,
      organizer_id: EXAMPLE_ORGANIZER_ID,
      description: "Talks and pizza.",
      capacity: 120,
      requires_approval: false,
      category: "meetup",
      status: "published",
      ticket_types: [
        { id: "6b8d0f2a-4c6e-4a8b-9d1f-3a5c7e9b1d30", name: "General admission", quota: 120 },
      ],
      seat_changes_until: null,
      changed: ["capacity"],
      updated_at: "2025-09-05T10:00:00.000Z",
    },
  },
});

const eventCancelledV1Data = z
  .looseObject({
    event_id: uuidSchema.describe("The event's id; the envelope's `subject`."),
    ...eventSnapshotFields,
    // After the snapshot, whose `organizer_id` is optional: here it is always sent.
    organizer_id: uuidSchema.describe("The organizer who owns the event."),
    cancelled_at: timestampSchema.describe("When the event was cancelled."),
    cancelled_by: uuidSchema.describe("The organizer or admin who cancelled it."),
  })
  .meta({ title: "EventCancelledV1Data" });

export const eventCancelledV1 = defineEvent({
  type: "turnout.event.cancelled.v1",
  topic: TOPICS.eventCancelled,
  version: 1,
  title: "Event cancelled (v1)",
  description:
    "An event was cancelled; it takes no more registrations. The registration service cancels " +
    "every registration of it, each announced on `registration-cancelled` (reason " +
    "`event_cancelled`), which is how the notification service tells the attendees.",
  producer: "event-service",
  consumers: ["registration-service"],
  subjectField: "event_id",
  data: eventCancelledV1Data,
  example: {
    specversion: "1.0",
    id: "1c3e5a7c-9e1b-4d3f-8a5c-7e9a1c3e5b72",
    source: "/turnout/event-service",
    type: "turnout.event.cancelled.v1",
    time: "2025-09-06T08:00:00.000Z",
    subject: EXAMPLE_EVENT_ID,
    datacontenttype: "application/json",
    data: {
      event_id: EXAMPLE_EVENT_ID,
      ...exampleEventSnapshot,
      organizer_id: EXAMPLE_ORGANIZER_ID,
      cancelled_at: "2025-09-06T08:00:00.000Z",
      cancelled_by: EXAMPLE_ORGANIZER_ID,
    },
  },
});
