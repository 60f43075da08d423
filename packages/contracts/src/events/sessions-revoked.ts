import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";

const sessionsRevokedV1Data = z
  .looseObject({
    user_id: uuidSchema.describe("The account (`sub`) whose tokens end; the envelope's `subject`."),
    session_id: uuidSchema
      .optional()
      .describe(
        "Added in v1 (optional): when present, only the access tokens of this session (their " +
          "`sid` claim, the refresh-token family) end, not every token of the account. A " +
          "consumer that does not know the field revokes the whole account instead, which is " +
          "safe (the clients refresh).",
      ),
    revoked_before: timestampSchema.describe(
      "Every access token of the account (or of the session, with `session_id`) issued " +
        "(`iat`) before this instant is rejected.",
    ),
    expires_at: timestampSchema.describe(
      "`revoked_before` plus the longest access-token lifetime: after it every such token has " +
        "expired anyway, so verifiers may forget the entry.",
    ),
    // A string rather than an enum: a reason added later must not dead-letter the fact itself.
    reason: z
      .string()
      .min(1)
      .max(64)
      .describe(
        "Why: `password_reset`, `account_deleted`, `roles_changed` (an admin changed the " +
          "account's roles; the client refreshes to get them) or `refresh_token_reused` (with " +
          "`session_id`: a spent refresh token came back, so the session is ended) or " +
          "`api_token_revoked` (with `session_id` = the API token's id: the access tokens " +
          "exchanged from it end); more may be added.",
      ),
  })
  .meta({ title: "SessionsRevokedV1Data" });

export const sessionsRevokedV1 = defineEvent({
  type: "turnout.user.sessions-revoked.v1",
  topic: TOPICS.tokenRevoked,
  version: 1,
  title: "Every session of a user revoked (v1)",
  description:
    "All access tokens of an account issued before `revoked_before` must no longer be " +
    "accepted (after a password reset, an account deletion or a role change), or, with " +
    "`session_id`, only those of one session (a re-used refresh token). Travels on `token-revoked` beside " +
    "`turnout.token.revoked.v1` and is consumed the same way: every instance of every service " +
    "reads it from the beginning and keeps the entry until `expires_at`. Carries no token material.",
  producer: "auth-service",
  consumers: [
    "auth-service",
    "event-service",
    "notification-service",
    "registration-service",
    "user-service",
  ],
  subjectField: "user_id",
  data: sessionsRevokedV1Data,
  example: {
    specversion: "1.0",
    id: "7b3d5f7a-9c1e-4b2d-8f4a-6c8e0a2b4d6f",
    source: "/turnout/auth-service",
    type: "turnout.user.sessions-revoked.v1",
    time: "2025-09-03T10:05:00.000Z",
    subject: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
    datacontenttype: "application/json",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: {
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      revoked_before: "2025-09-03T10:05:00.000Z",
      expires_at: "2025-09-03T10:20:00.000Z",
      reason: "password_reset",
    },
  },
});
