import { randomUUID } from "node:crypto";
import { createEvent, registrationAttemptedV1, TOPICS } from "@turnout/contracts";
import type { Role } from "@turnout/kit";
import type { ThrottleSubject } from "../data/login-throttle";
import type { Account, AccountDeps, RegisterOutcome } from "./accounts";
import { throttleWait } from "./throttle-rules";

/** How often the owner of a taken email is told about sign-ups with it. */
export interface SignUpAttemptLimit {
  windowSeconds: number;
  maxMailsPerEmail: number;
}

const DEFAULT_LIMIT: SignUpAttemptLimit = { windowSeconds: 900, maxMailsPerEmail: 3 };

/**
 * A sign-up with an email that already has an account (issue 18, item 7). The reply must be the
 * one a new account gets, so the caller answers 201 with an account of the same shape whose id
 * is random and never stored (nothing refers to it: it cannot log in, and `/me` needs a token).
 * The owner gets a mail instead ("someone tried to sign up with your address"), through
 * `turnout.user.registration-attempted.v1` on the sign-up mail topic, at most
 * `maxMailsPerEmail` per window (`login_throttle` scope `signup-email`), so a loop of sign-ups
 * cannot flood their inbox. The password was hashed by the caller all the same.
 */
export async function answerTakenEmail(
  deps: AccountDeps,
  input: { email: string; username: string | null; roles: Role[] },
): Promise<RegisterOutcome> {
  const now = new Date();
  const owner = await deps.data.repos.users.ownerOfEmail(input.email);
  if (owner !== null) await tellOwner(deps, owner, input.email, now);
  const account: Account = {
    id: randomUUID(),
    email: input.email,
    username: input.username,
    roles: input.roles,
    emailVerified: false,
    createdAt: now,
  };
  return { created: false, account };
}

async function tellOwner(
  deps: AccountDeps,
  ownerId: string,
  email: string,
  now: Date,
): Promise<void> {
  const limit = deps.signUpAttempts ?? DEFAULT_LIMIT;
  const key: ThrottleSubject = { scope: "signup-email", subject: email };
  const counters = await deps.data.repos.loginThrottle.countersOf([key]);
  const keys = [{ ...key, limit: limit.maxMailsPerEmail }];
  if (throttleWait(counters, keys, limit.windowSeconds, now) > 0) return;
  const event = createEvent(registrationAttemptedV1, {
    source: "/turnout/auth-service",
    time: now,
    data: { user_id: ownerId, email, attempted_at: now.toISOString() },
  });
  await deps.data.transaction(async (tx) => {
    await tx.loginThrottle.recordFailure([key], limit.windowSeconds);
    await tx.outbox.enqueue(TOPICS.emailVerificationRequested, event);
  });
}
