import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";
import { eventSnapshotFields, exampleEventSnapshot } from "./event-snapshot";
import { registrationBookingFields, exampleRegistrationBooking } from "./registration-confirmed";

const EXAMPLE = {
  registration_id: "7e1d3c5b-9a8f-4e2d-b6c4-0f1e2d3c4b5a",
  event_id: "3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d",
  user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
} as const;

const ids = {
  registration_id: uuidSchema.describe("The registration's id; the envelope's `subject`."),
  event_id: uuidSchema.describe("The event registered for."),
  user_id: uuidSchema.describe("The attendee."),
};

const registrationWaitlistedV1Data = z
  .looseObject({
    ...ids,
    waitlist_position: z
      .number()
      .int()
      .positive()
      .describe("1 is the next attendee to get a freed seat."),
    waitlisted_at: timestampSchema.describe("When the attendee joined the waitlist."),
    ...eventSnapshotFields,
    ...registrationBookingFields,
  })
  .meta({ title: "RegistrationWaitlistedV1Data" });

export const registrationWaitlistedV1 = defineEvent({
  type: "turnout.registration.waitlisted.v1",
  topic: TOPICS.registrationWaitlisted,
  version: 1,
  title: "Registration waitlisted (v1)",
  description:
    "The event was full: the attendee is on its waitlist at `waitlist_position`. When a seat " +
    "frees up, the first waitlisted attendee gets it and `registration-confirmed` follows with " +
    "`confirmed_via: waitlist`.",
  producer: "registration-service",
  consumers: ["notification-service"],
  subjectField: "registration_id",
  data: registrationWaitlistedV1Data,
  example: {
    specversion: "1.0",
    id: "2d4f6b8d-0f2a-4c4e-9b6d-8f0a2c4e6d83",
    source: "/turnout/registration-service",
    type: "turnout.registration.waitlisted.v1",
    time: "2025-09-02T12:00:00.000Z",
    subject: EXAMPLE.registration_id,
    datacontenttype: "application/json",
    data: {
      ...EXAMPLE,
      waitlist_position: 3,
      waitlisted_at: "2025-09-02T12:00:00.000Z",
      ...exampleEventSnapshot,
      ...exampleRegistrationBooking,
    },
  },
});

const registrationCancelledV1Data = z
  .looseObject({
    ...ids,
    // Strings rather than enums: a value added later must not dead-letter the cancellation.
    previous_status: z
      .string()
      .min(1)
      .max(32)
      .describe("What the registration was before: `confirmed`, `pending` or `waitlisted`."),
    reason: z
      .string()
      .min(1)
      .max(64)
      .describe(
        "`attendee_cancelled`, `organizer_cancelled`, `admin_cancelled`, `rejected` (the " +
          "organizer refused a pending registration), `event_cancelled`, or `seat_transferred` " +
          "(the booking's last seat was given to someone else by transfer).",
      ),
    cancelled_at: timestampSchema.describe("When the registration ended."),
    ...eventSnapshotFields,
    ...registrationBookingFields,
  })
  .meta({ title: "RegistrationCancelledV1Data" });

export const registrationCancelledV1 = defineEvent({
  type: "turnout.registration.cancelled.v1",
  topic: TOPICS.registrationCancelled,
  version: 1,
  title: "Registration cancelled (v1)",
  description:
    "A registration ended without the attendee attending: cancelled by the attendee, the " +
    "organizer or an admin, rejected by the organizer, or because the event was cancelled. " +
    "A held seat was freed and, when someone was waiting, went to the first waitlisted attendee.",
  producer: "registration-service",
  consumers: ["notification-service", "user-service"],
  subjectField: "registration_id",
  data: registrationCancelledV1Data,
  example: {
    specversion: "1.0",
    id: "3e5a7c9e-1a3b-4d5f-8c7e-9a1b3d5f7a94",
    source: "/turnout/registration-service",
    type: "turnout.registration.cancelled.v1",
    time: "2025-09-04T09:00:00.000Z",
    subject: EXAMPLE.registration_id,
    datacontenttype: "application/json",
    data: {
      ...EXAMPLE,
      previous_status: "confirmed",
      reason: "attendee_cancelled",
      cancelled_at: "2025-09-04T09:00:00.000Z",
      ...exampleEventSnapshot,
      ...exampleRegistrationBooking,
    },
  },
});

const registrationCheckedInV1Data = z
  .looseObject({
    ...ids,
    checked_in_at: timestampSchema.describe(
      "When the attendee (or, with `seat_id`, that seat) was checked in: an offline scanner's " +
        "time of the scan, else the server's.",
    ),
    ...eventSnapshotFields,
    seat_id: uuidSchema
      .optional()
      .describe(
        "The seat checked in (since issue 20). A booking of several seats writes one message " +
          "per seat, all with the booking as subject and key. Absent in older messages.",
      ),
    gate: z
      .string()
      .max(40)
      .nullable()
      .optional()
      .describe("The gate the scanner named (`North door`); null when none was named."),
    ticket_type_id: uuidSchema
      .nullable()
      .optional()
      .describe("The booking's ticket type; null for a booking made before ticket types."),
    checked_in_by: uuidSchema
      .optional()
      .describe("Who checked the seat in: the organizer, an admin or a check-in helper."),
  })
  .meta({ title: "RegistrationCheckedInV1Data" });

export const registrationCheckedInV1 = defineEvent({
  type: "turnout.registration.checked-in.v1",
  topic: TOPICS.registrationCheckedIn,
  version: 1,
  title: "Attendee checked in (v1)",
  description:
    "A confirmed attendee was checked in at the event: the attendee came. Since issue 20 each " +
    "seat is checked in on its own (a ticket scanned at a gate), one message per seat with " +
    "`seat_id` and `gate`. The user service records the booking's first in the attendee's " +
    "activity history.",
  producer: "registration-service",
  consumers: ["user-service"],
  subjectField: "registration_id",
  data: registrationCheckedInV1Data,
  example: {
    specversion: "1.0",
    id: "4f6b8d0f-2b4c-4e6a-9d8f-0b2c4e6a8b05",
    source: "/turnout/registration-service",
    type: "turnout.registration.checked-in.v1",
    time: "2025-10-15T15:55:00.000Z",
    subject: EXAMPLE.registration_id,
    datacontenttype: "application/json",
    data: {
      ...EXAMPLE,
      checked_in_at: "2025-10-15T15:55:00.000Z",
      ...exampleEventSnapshot,
      seat_id: "5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d2f",
      gate: "North door",
      ticket_type_id: "6c8e0a2b-4d6f-4b8c-8e0a-4b6d8f0a2c3e",
      checked_in_by: "8e0a2c4d-6f8a-4c0e-9a2c-6d8f0a2c4e5a",
    },
  },
});
