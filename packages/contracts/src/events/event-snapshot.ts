import { z } from "zod";
import { ianaTimeZoneSchema, timestampSchema, uuidSchema } from "../primitives";

/**
 * What a consumer needs to tell a person about an event without calling the event service:
 * the fields of `registration-confirmed`, shared by every registration and event message.
 */
export const eventSnapshotFields = {
  title: z.string().min(1).describe("The event's title when the message was written."),
  starts_at: timestampSchema.describe("When the event starts."),
  ends_at: timestampSchema.describe("When the event ends."),
  timezone: ianaTimeZoneSchema.describe(
    "IANA zone the event takes place in, to show `starts_at`/`ends_at` in local time.",
  ),
  location: z.string().describe("Where the event takes place, as the organizer wrote it."),
  reminder_lead_minutes: z
    .number()
    .int()
    .min(0)
    .max(20160)
    .optional()
    .describe(
      "How long before `starts_at` attendees are reminded, in minutes; 0 = no reminder. " +
        "Absent in messages written before it existed (read it as 1440).",
    ),
  organizer_id: uuidSchema
    .optional()
    .describe(
      "The organizer who owns the event (webhooks deliver an event's messages to them). " +
        "Absent in messages written before it existed.",
    ),
};

/** The example event every catalogue example refers to. */
export const exampleEventSnapshot = {
  title: "TypeScript Meetup Berlin",
  starts_at: "2025-10-15T16:00:00.000Z",
  ends_at: "2025-10-15T19:00:00.000Z",
  timezone: "Europe/Berlin",
  location: "Alexanderplatz 1, 10178 Berlin",
  reminder_lead_minutes: 1440,
  organizer_id: "5d7f9b1c-3e5a-4c7e-9a1b-3c5e7a9b1d2f",
} as const;
