import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";

export const TOKEN_REVOCATION_REASONS = ["logout"] as const;
export type TokenRevocationReason = (typeof TOKEN_REVOCATION_REASONS)[number];

const tokenRevokedV1Data = z
  .looseObject({
    jti: z
      .string()
      .min(1)
      .max(200)
      .describe("The revoked access token's `jti` claim; the envelope's `subject`."),
    user_id: uuidSchema.describe("The account the token was issued to (`sub`)."),
    expires_at: timestampSchema.describe(
      "The token's `exp`: after it the token is rejected anyway, so verifiers may forget the jti.",
    ),
    revoked_at: timestampSchema.describe("When the token was revoked."),
    // A string rather than an enum: a reason added later must not dead-letter the fact itself.
    reason: z
      .string()
      .min(1)
      .max(64)
      .describe("Why: `logout` today; later reasons (password reset, admin) may be added."),
  })
  .meta({ title: "TokenRevokedV1Data" });

export const tokenRevokedV1 = defineEvent({
  type: "turnout.token.revoked.v1",
  topic: TOPICS.tokenRevoked,
  version: 1,
  title: "Access token revoked (v1)",
  description:
    "An access token must no longer be accepted, although its signature and `exp` are still " +
    "valid. A broadcast fact: every instance of every service consumes it with a group of its " +
    "own (from the beginning) and rejects the `jti` until `expires_at`. Carries no token material.",
  producer: "auth-service",
  consumers: [
    "auth-service",
    "event-service",
    "notification-service",
    "registration-service",
    "user-service",
  ],
  subjectField: "jti",
  data: tokenRevokedV1Data,
  example: {
    specversion: "1.0",
    id: "9d2b4f6a-8c1e-4a3b-9d5f-7e1a3c5b7d92",
    source: "/turnout/auth-service",
    type: "turnout.token.revoked.v1",
    time: "2025-09-01T09:00:00.000Z",
    subject: "e4c2a0b8-6d4f-4b2a-8e0c-1a3b5c7d9e0f",
    datacontenttype: "application/json",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: {
      jti: "e4c2a0b8-6d4f-4b2a-8e0c-1a3b5c7d9e0f",
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      expires_at: "2025-09-01T09:12:00.000Z",
      revoked_at: "2025-09-01T09:00:00.000Z",
      reason: "logout",
    },
  },
});
