import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";
import { eventSnapshotFields, exampleEventSnapshot } from "./event-snapshot";

export const SEAT_CHANGES = ["seat_cancelled", "seat_transferred"] as const;
export type SeatChange = (typeof SEAT_CHANGES)[number];

const registrationSeatsChangedV1Data = z
  .looseObject({
    registration_id: uuidSchema.describe("The booking's id; the envelope's `subject`."),
    event_id: uuidSchema.describe("The event booked."),
    user_id: uuidSchema.describe("The booking's owner."),
    // Strings rather than enums: a value added later must not dead-letter the message.
    status: z
      .string()
      .min(1)
      .max(32)
      .describe("The booking's status, unchanged: `confirmed`, `pending` or `waitlisted`."),
    ticket_type_id: uuidSchema
      .nullable()
      .describe("The booking's ticket type; null for a booking made before ticket types."),
    ticket_type_name: z
      .string()
      .max(100)
      .nullable()
      .describe("The ticket type's name when the message was written."),
    quantity: z
      .number()
      .int()
      .min(1)
      .max(50)
      .describe("The booking's active seats after the change."),
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
      .min(1)
      .max(50)
      .describe("The booking's active seats after the change, in order."),
    change: z
      .string()
      .min(1)
      .max(32)
      .describe(
        "`seat_cancelled` (one seat was cancelled) or `seat_transferred` (one seat was given " +
          "to someone else, whose new booking `registration-confirmed` announces).",
      ),
    seat_id: uuidSchema.describe("The seat that left the booking."),
    reason: z
      .string()
      .min(1)
      .max(64)
      .describe(
        "Who cancelled the seat, as `registration-cancelled` says it: `attendee_cancelled`, " +
          "`organizer_cancelled` or `admin_cancelled`; `seat_transferred` for a transfer.",
      ),
    changed_at: timestampSchema.describe("When the seat left the booking."),
    ...eventSnapshotFields,
  })
  .meta({ title: "RegistrationSeatsChangedV1Data" });

/**
 * A booking that keeps other seats lost one (docs/booking-model.md, "Messages"): a seat was
 * cancelled, or given away by transfer. A booking that loses its last seat ends instead
 * (`registration-cancelled`).
 */
export const registrationSeatsChangedV1 = defineEvent({
  type: "turnout.registration.seats-changed.v1",
  topic: TOPICS.registrationSeatsChanged,
  version: 1,
  title: "Booking's seats changed (v1)",
  description:
    "One seat left a booking that keeps others: it was cancelled " +
    "(`DELETE /api/v1/registrations/{id}/seats/{seat_id}`; a held seat went back to the event " +
    "at once) or given to someone else by an accepted transfer. Carries the booking's seats " +
    "and `quantity` after the change; written in the same unit of work as the change and keyed " +
    "by the booking like its other messages. A booking that loses its last seat is announced " +
    "by `registration-cancelled` instead.",
  producer: "registration-service",
  consumers: ["notification-service"],
  subjectField: "registration_id",
  data: registrationSeatsChangedV1Data,
  example: {
    specversion: "1.0",
    id: "5a7c9e1b-3d5f-4a7b-9c1d-3e5f7a9b1c26",
    source: "/turnout/registration-service",
    type: "turnout.registration.seats-changed.v1",
    time: "2025-09-06T10:00:00.000Z",
    subject: "7e1d3c5b-9a8f-4e2d-b6c4-0f1e2d3c4b5a",
    datacontenttype: "application/json",
    data: {
      registration_id: "7e1d3c5b-9a8f-4e2d-b6c4-0f1e2d3c4b5a",
      event_id: "3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d",
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      status: "confirmed",
      ticket_type_id: "6c8e0a2c-4e6f-4a8b-9c0d-1e2f3a4b5c6d",
      ticket_type_name: "General admission",
      quantity: 1,
      seats: [{ id: "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", attendee_name: null }],
      change: "seat_cancelled",
      seat_id: "0b1c2d3e-4f5a-4b6c-9d8e-1f2a3b4c5d6e",
      reason: "attendee_cancelled",
      changed_at: "2025-09-06T10:00:00.000Z",
      ...exampleEventSnapshot,
    },
  },
});
