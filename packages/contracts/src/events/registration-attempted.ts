import { z } from "zod";
import { defineEvent } from "../event-definition";
import { timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";

const registrationAttemptedV1Data = z
  .looseObject({
    user_id: uuidSchema.describe("The existing account; the envelope's `subject`."),
    email: z.email().describe("Its address, where the mail goes."),
    attempted_at: timestampSchema.describe("When someone tried to sign up with it."),
  })
  .meta({ title: "RegistrationAttemptedV1Data" });

/**
 * Someone signed up with an email that already has an account. The sign-up is answered exactly
 * as a new one (so it tells nobody whether the email is taken) and the owner is told by mail.
 * It travels on `email-verification-requested`, the sign-up mail topic, so no new topic is
 * needed; internal like the rest of that topic (the address must not reach every reader).
 */
export const registrationAttemptedV1 = defineEvent({
  type: "turnout.user.registration-attempted.v1",
  topic: TOPICS.emailVerificationRequested,
  version: 1,
  title: "Sign-up with a taken email attempted (v1)",
  description:
    "Someone signed up with the email of an existing account. `POST /api/v1/auth/register` " +
    'answered as for a new account; the notification service mails the owner ("someone tried ' +
    'to sign up with your address; if it was you, sign in or reset your password"). Carries ' +
    "nothing the person signing up typed but the address. At most a few per address and " +
    "throttle window are published.",
  producer: "auth-service",
  consumers: ["notification-service"],
  subjectField: "user_id",
  internal: true,
  data: registrationAttemptedV1Data,
  example: {
    specversion: "1.0",
    id: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
    source: "/turnout/auth-service",
    type: "turnout.user.registration-attempted.v1",
    time: "2025-09-04T12:00:00.000Z",
    subject: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
    datacontenttype: "application/json",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: {
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      email: "ada@example.com",
      attempted_at: "2025-09-04T12:00:00.000Z",
    },
  },
});
