import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";
import { eventSnapshotFields } from "./event-snapshot";

export const CONFIRMATION_PATHS = ["direct", "approval", "waitlist"] as const;
export type ConfirmationPath = (typeof CONFIRMATION_PATHS)[number];

/**
 * What a booking adds to the registration messages (docs/booking-model.md, "Messages"): optional,
 * since messages written before bookings lack them (one seat of the event's default type).
 */
export const registrationBookingFields = {
  ticket_type_id: uuidSchema
    .nullable()
    .optional()
    .describe("The booking's ticket type; null for a booking made before ticket types."),
  ticket_type_name: z
    .string()
    .max(100)
    .nullable()
    .optional()
    .describe("The ticket type's name when the message was written."),
  quantity: z
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .describe("Seats of the booking (its active seats). Absent: 1."),
  seats: z
    .array(
      z.object({
        id: uuidSchema.describe("The seat's id."),
        attendee_name: z
          .string()
          .max(100)
          .nullable()
          .describe("The name given for the seat, or null (the account holder)."),
      }),
    )
    .max(50)
    .optional()
    .describe("The booking's active seats, in order."),
};

export const exampleRegistrationBooking = {
  ticket_type_id: "6c8e0a2c-4e6f-4a8b-9c0d-1e2f3a4b5c6d",
  ticket_type_name: "General admission",
  quantity: 2,
  seats: [
    { id: "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", attendee_name: null },
    { id: "0b1c2d3e-4f5a-4b6c-9d8e-1f2a3b4c5d6e", attendee_name: "Ada Lovelace" },
  ],
};

const registrationConfirmedV1Data = z
  .looseObject({
    registration_id: uuidSchema.describe("The registration's id; the envelope's `subject`."),
    event_id: uuidSchema.describe("The event the seat is for."),
    user_id: uuidSchema.describe("The attendee holding the seat."),
    confirmed_at: timestampSchema.describe("When the seat became the attendee's."),
    // The notification service renders the confirmation from these without calling back.
    ...eventSnapshotFields,
    confirmed_via: z
      .enum(CONFIRMATION_PATHS)
      .default("direct")
      .describe(
        "How the seat was obtained: `direct` at sign-up, `approval` by the organizer, or " +
          "`waitlist` when a freed seat went to the first waitlisted attendee. " +
          "Producers may omit it for `direct`; parsed events always carry it. A booking " +
          "received by transfer is `direct` and carries `transferred_from`.",
      ),
    ...registrationBookingFields,
    transferred_from: uuidSchema
      .optional()
      .describe("For a booking received by transfer: the booking the seat came from."),
  })
  .meta({ title: "RegistrationConfirmedV1Data" });

export const registrationConfirmedV1 = defineEvent({
  type: "turnout.registration.confirmed.v1",
  topic: TOPICS.registrationConfirmed,
  version: 1,
  title: "Registration confirmed (v1)",
  description:
    "An attendee holds a seat at an event: at sign-up, on the organizer's approval, or on " +
    "promotion from the waitlist. Carries what a confirmation needs about the event, so a " +
    "consumer needs no call back to the event service.",
  producer: "registration-service",
  consumers: ["notification-service", "user-service"],
  subjectField: "registration_id",
  data: registrationConfirmedV1Data,
  example: {
    specversion: "1.0",
    id: "c2a4e6f8-1b3d-4f5a-8c7e-9d0b2a4c6e81",
    source: "/turnout/registration-service",
    type: "turnout.registration.confirmed.v1",
    time: "2025-09-02T12:00:00.000Z",
    subject: "7e1d3c5b-9a8f-4e2d-b6c4-0f1e2d3c4b5a",
    datacontenttype: "application/json",
    traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    data: {
      registration_id: "7e1d3c5b-9a8f-4e2d-b6c4-0f1e2d3c4b5a",
      event_id: "3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d",
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      confirmed_at: "2025-09-02T12:00:00.000Z",
      title: "TypeScript Meetup Berlin",
      starts_at: "2025-10-15T16:00:00.000Z",
      ends_at: "2025-10-15T19:00:00.000Z",
      timezone: "Europe/Berlin",
      location: "Alexanderplatz 1, 10178 Berlin",
      confirmed_via: "direct",
      ...exampleRegistrationBooking,
    },
  },
});
