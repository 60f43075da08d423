import { randomUUID } from "node:crypto";
import {
  createEvent,
  emailVerificationRequestedV1,
  TOPICS,
  userRegisteredV1,
} from "@turnout/contracts";
import { conflict, type Role } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import type { UserRecord } from "../data/users";
import { newOneTimeToken } from "./one-time-tokens";
import { answerTakenEmail, type SignUpAttemptLimit } from "./sign-up-attempts";
import { hashPassword } from "./passwords";

export const EVENT_SOURCE = "/turnout/auth-service";

export interface RegisterInput {
  email: string;
  password: string;
  username?: string | undefined;
  displayName?: string | undefined;
}

/** What clients see of an account (README.md, `/register` and `/me`). */
export interface Account {
  id: string;
  email: string;
  username: string | null;
  roles: string[];
  emailVerified: boolean;
  createdAt: Date;
}

export interface AccountDeps {
  data: ServiceDatabase;
  /** Lifetime of the email-verification token mailed at registration; default 24 h. */
  emailVerificationTtlSeconds?: number;
  /** Mails to the owner of a taken email per window; default 3 per 900 s. */
  signUpAttempts?: SignUpAttemptLimit;
}

/** Emails and usernames compare case-insensitively, so they are stored in one case. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

const usernameTaken = () => conflict("username_taken", "This username is taken.");

/**
 * What a sign-up did. `created: false` means the email already had an account: the caller
 * answers with `account` all the same (an id that is never stored), the owner is mailed instead
 * (`sign-up-attempts.ts`), so the reply tells nobody whether the email is taken.
 */
export type RegisterOutcome = { created: boolean; account: Account };

export async function registerAccount(
  deps: AccountDeps,
  input: RegisterInput,
  roles: Role[] = ["attendee"],
  /** Only for the configured first admin, whose address the operator vouches for. */
  options: { emailVerified?: boolean } = {},
): Promise<RegisterOutcome> {
  const email = normaliseEmail(input.email);
  const username = input.username === undefined ? null : normaliseUsername(input.username);
  const users = deps.data.repos.users;
  // Usernames are public, so a taken one may be said; a taken email may not.
  const taken = await users.findTaken(email, username);
  if (taken === "username") throw usernameTaken();
  // Hashed either way, so a taken email costs the same time as a new account.
  const passwordHash = await hashPassword(input.password);
  if (taken === "email") return answerTakenEmail(deps, { email, username, roles });

  const emailVerified = options.emailVerified ?? false;
  const user = {
    id: randomUUID(),
    email,
    username,
    displayName: input.displayName ?? null,
    passwordHash,
    roles,
    emailVerified,
    createdAt: new Date(),
  };
  const event = createEvent(userRegisteredV1, {
    source: EVENT_SOURCE,
    time: user.createdAt,
    data: {
      user_id: user.id,
      email,
      username,
      display_name: user.displayName,
      roles,
      email_verified: emailVerified,
      registered_at: user.createdAt.toISOString(),
    },
  });
  // The verification token travels to the mailer in its own internal event, never in
  // `user-registered`; only its hash is stored.
  const verification = newOneTimeToken();
  const expiresAt = new Date(
    user.createdAt.getTime() + (deps.emailVerificationTtlSeconds ?? 24 * 3600) * 1000,
  );
  const verificationEvent = createEvent(emailVerificationRequestedV1, {
    source: EVENT_SOURCE,
    time: user.createdAt,
    data: {
      user_id: user.id,
      email,
      display_name: user.displayName,
      token: verification.token,
      expires_at: expiresAt.toISOString(),
      requested_at: user.createdAt.toISOString(),
    },
  });
  // The user row, its `user-registered` event, the verification token and its event in one unit
  // of work: either all exist or none does, so no consumer hears of an account that was rolled
  // back. An address already verified gets no token.
  const inserted = await deps.data.transaction(async (tx) => {
    if (!(await tx.users.insert(user))) return false;
    await tx.outbox.enqueue(TOPICS.userRegistered, event);
    if (emailVerified) return true;
    await tx.oneTimeTokens.insert(
      { userId: user.id, purpose: "email_verification", tokenHash: verification.hash, expiresAt },
      user.createdAt,
    );
    await tx.outbox.enqueue(TOPICS.emailVerificationRequested, verificationEvent);
    return true;
  });
  if (!inserted) {
    // A concurrent registration won the race past the pre-check.
    const raced = await users.findTaken(email, username);
    if (raced === "username") throw usernameTaken();
    if (raced === "email") return answerTakenEmail(deps, { email, username, roles });
    throw new Error("the new account conflicted with a row that no longer exists");
  }
  return { created: true, account: toAccount(user) };
}

export async function getAccount(deps: AccountDeps, id: string): Promise<Account | null> {
  const user = await deps.data.repos.users.findById(id);
  return user && toAccount(user);
}

/**
 * Creates the configured first admin when no admin exists. Idempotent across restarts and
 * replicas. An existing non-admin account with that email is never promoted (whoever signed up
 * with it first would get admin rights with their own password): the caller reports it.
 */
export async function ensureFirstAdmin(
  deps: AccountDeps,
  admin: { email: string; password: string },
): Promise<"created" | "exists" | "email_taken"> {
  const { users } = deps.data.repos;
  if (await users.adminExists()) return "exists";
  // Checked first, so the owner of that address is not mailed about a sign-up attempt.
  if ((await users.findTaken(normaliseEmail(admin.email), null)) === "email") return "email_taken";
  const { created } = await registerAccount(deps, admin, ["attendee", "admin"], {
    emailVerified: true,
  });
  if (created) return "created";
  return (await users.adminExists()) ? "exists" : "email_taken";
}

function toAccount(user: Omit<UserRecord, "passwordHash"> & { passwordHash?: string }): Account {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    roles: user.roles,
    emailVerified: user.emailVerified,
    createdAt: user.createdAt,
  };
}
