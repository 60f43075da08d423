import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";

/**
 * The two mails that carry a single-use secret to the notification service. Internal topics:
 * documented only in the internal catalogue, and their payloads (the token) are never logged.
 */
const oneTimeTokenData = (title: string, tokenUse: string) =>
  z
    .looseObject({
      user_id: uuidSchema.describe("The account; the envelope's `subject`."),
      email: z.email().describe("Where the mail goes."),
      display_name: z
        .string()
        .nullable()
        .describe("Name for the greeting, or null when the account has none."),
      token: z
        .string()
        .min(32)
        .max(200)
        .describe(`The single-use secret (base64url) ${tokenUse}. Never log it.`),
      expires_at: timestampSchema.describe("When the token stops working."),
      requested_at: timestampSchema.describe("When the token was issued."),
    })
    .meta({ title });

export const emailVerificationRequestedV1 = defineEvent({
  type: "turnout.user.email-verification-requested.v1",
  topic: TOPICS.emailVerificationRequested,
  version: 1,
  title: "Email verification requested (v1)",
  description:
    "An account was registered: the notification service mails the verification token, which " +
    "`POST /api/v1/auth/verify-email` accepts once before `expires_at`.",
  producer: "auth-service",
  consumers: ["notification-service"],
  subjectField: "user_id",
  internal: true,
  data: oneTimeTokenData(
    "EmailVerificationRequestedV1Data",
    "that `POST /api/v1/auth/verify-email` accepts",
  ),
  example: {
    specversion: "1.0",
    id: "3a7c9e1b-5d2f-4a6b-8c0d-2e4f6a8b0c1d",
    source: "/turnout/auth-service",
    type: "turnout.user.email-verification-requested.v1",
    time: "2025-09-01T08:30:00.000Z",
    subject: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
    datacontenttype: "application/json",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: {
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      email: "ada@example.com",
      display_name: "Ada Lovelace",
      token: "example-verification-token-0123456789abcdef",
      expires_at: "2025-09-02T08:30:00.000Z",
      requested_at: "2025-09-01T08:30:00.000Z",
    },
  },
});

export const passwordResetRequestedV1 = defineEvent({
  type: "turnout.user.password-reset-requested.v1",
  topic: TOPICS.passwordResetRequested,
  version: 1,
  title: "Password reset requested (v1)",
  description:
    "Someone asked to reset the password of an existing account: the notification service " +
    "mails the reset token, which `POST /api/v1/auth/password-reset-confirm` accepts once " +
    "before `expires_at`. Nothing is published for an unknown email.",
  producer: "auth-service",
  consumers: ["notification-service"],
  subjectField: "user_id",
  internal: true,
  data: oneTimeTokenData(
    "PasswordResetRequestedV1Data",
    "that `POST /api/v1/auth/password-reset-confirm` accepts",
  ),
  example: {
    specversion: "1.0",
    id: "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a",
    source: "/turnout/auth-service",
    type: "turnout.user.password-reset-requested.v1",
    time: "2025-09-03T10:00:00.000Z",
    subject: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
    datacontenttype: "application/json",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: {
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      email: "ada@example.com",
      display_name: "Ada Lovelace",
      token: "example-reset-token-0123456789abcdef0123",
      expires_at: "2025-09-03T10:30:00.000Z",
      requested_at: "2025-09-03T10:00:00.000Z",
    },
  },
});
