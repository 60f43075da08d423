import { z } from "zod";
import { defineEvent } from "../event-definition";
import { roleSchema, timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";

const userRegisteredV1Data = z
  .looseObject({
    user_id: uuidSchema.describe("The new account's id; the envelope's `subject`."),
    email: z.email().describe("The address the account signed up with."),
    username: z
      .string()
      .min(1)
      .nullable()
      .describe("Unique handle chosen at sign-up, or null when none was given."),
    display_name: z
      .string()
      .nullable()
      .describe("Name shown to other people, or null when none was given."),
    roles: z
      .array(roleSchema)
      .min(1)
      .describe("Roles the account holds from the start; every account is an `attendee`."),
    email_verified: z
      .boolean()
      .describe("Whether the address was already verified when the account was created."),
    registered_at: timestampSchema.describe("When the account was created."),
  })
  .meta({ title: "UserRegisteredV1Data" });

export const userRegisteredV1 = defineEvent({
  type: "turnout.user.registered.v1",
  topic: TOPICS.userRegistered,
  version: 1,
  title: "User registered (v1)",
  description:
    "An account was created. The user service creates the profile from it; the notification " +
    "service sends the welcome mail. It never carries the email-verification token.",
  producer: "auth-service",
  consumers: ["user-service", "notification-service", "registration-service"],
  subjectField: "user_id",
  data: userRegisteredV1Data,
  example: {
    specversion: "1.0",
    id: "5f0c7a52-8a1e-4c8b-9a57-1d3f5c9e2b71",
    source: "/turnout/auth-service",
    type: "turnout.user.registered.v1",
    time: "2025-09-01T08:30:00.000Z",
    subject: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
    datacontenttype: "application/json",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: {
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      email: "ada@example.com",
      username: "ada",
      display_name: "Ada Lovelace",
      roles: ["attendee"],
      email_verified: false,
      registered_at: "2025-09-01T08:30:00.000Z",
    },
  },
});
