import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";
import { eventSnapshotFields, exampleEventSnapshot } from "./event-snapshot";

const seatOfferedV1Data = z
  .looseObject({
    transfer_id: uuidSchema.describe("The offer's id; the envelope's `subject`."),
    registration_id: uuidSchema.describe("The sender's booking."),
    seat_id: uuidSchema.describe("The seat offered."),
    event_id: uuidSchema.describe("The event the seat is for."),
    from_user_id: uuidSchema.describe("Who made the offer (the attendee, organizer or admin)."),
    from_display_name: z
      .string()
      .nullable()
      .describe(
        "The sender's display name as the registration service knows it, or null. Typed by a " +
          "person: show it quoted, by the display-name rule.",
      ),
    email: z.email().describe("Where the offer goes (lower-cased); it may have no account."),
    offered_at: timestampSchema.describe("When the offer was made."),
    ...eventSnapshotFields,
    ticket_type_name: z
      .string()
      .max(100)
      .nullable()
      .describe("The seat's ticket type's name when the offer was made, or null."),
    attendee_name: z
      .string()
      .max(100)
      .nullable()
      .describe("The name the booking gave the seat, or null (the account holder)."),
  })
  .meta({ title: "SeatOfferedV1Data" });

/**
 * A seat was offered by email (docs/booking-model.md, "Per-seat self-service"), so the address
 * is told. Internal: it carries the address of someone who may have no account.
 */
export const seatOfferedV1 = defineEvent({
  type: "turnout.registration.seat-offered.v1",
  topic: TOPICS.seatTransferOffered,
  version: 1,
  title: "Seat offered by email (v1)",
  description:
    "`POST /api/v1/registrations/{id}/seats/{seat_id}/transfer` offered a seat of a confirmed " +
    "booking to an email address; written in the same unit of work as the offer. The " +
    "notification service mails the address (sign in, or sign up with it, to accept) and, " +
    "when the address belongs to a known account, adds an inbox entry. A sender can make only " +
    "a limited number of offers per hour, so only that many are published.",
  producer: "registration-service",
  consumers: ["notification-service"],
  subjectField: "transfer_id",
  internal: true,
  data: seatOfferedV1Data,
  example: {
    specversion: "1.0",
    id: "8d2f4a6c-0e1b-4c3d-9a5f-7b8c9d0e1f2a",
    source: "/turnout/registration-service",
    type: "turnout.registration.seat-offered.v1",
    time: "2025-09-05T12:00:00.000Z",
    subject: "4f6a8c0e-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
    datacontenttype: "application/json",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: {
      transfer_id: "4f6a8c0e-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
      registration_id: "7e1d3c5b-9a8f-4e2d-b6c4-0f1e2d3c4b5a",
      seat_id: "0b1c2d3e-4f5a-4b6c-9d8e-1f2a3b4c5d6e",
      event_id: "3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d",
      from_user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      from_display_name: "Ada Lovelace",
      email: "grace@example.com",
      offered_at: "2025-09-05T12:00:00.000Z",
      ...exampleEventSnapshot,
      ticket_type_name: "General admission",
      attendee_name: "Grace Hopper",
    },
  },
});
