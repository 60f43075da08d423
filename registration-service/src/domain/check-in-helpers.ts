import { conflict, unprocessable } from "@turnout/kit";
import type { Helper, ScanEvent } from "../data/check-in-helpers";
import { managedEvent } from "./access";
import type { RegistrationDeps } from "./deps";
import { eventNotFound } from "./errors";
import { isOrganizer, type Caller } from "./registration";

// Check-in helpers (docs/tickets.md, "Check-in helpers"): the event's organizer or an admin
// names and revokes them; a helper may only scan for that event and see its live view.

/** Helpers one event may have. */
export const MAX_HELPERS_PER_EVENT = 50;
/** Events `GET /check-in-events` lists at most. */
export const MAX_SCAN_EVENTS = 100;

export const unknownAccount = () =>
  unprocessable("unknown_account", "No account has this email address.");

export const tooManyHelpers = () =>
  conflict(
    "too_many_helpers",
    `An event has at most ${MAX_HELPERS_PER_EVENT} check-in helpers; revoke one first.`,
  );

export async function listHelpers(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
): Promise<Helper[]> {
  await managedEvent(deps, caller, eventId);
  return deps.data.repos.checkInHelpers.list(eventId);
}

/** Names the account with `email` a helper; `created` is false when it already was one. */
export async function nameHelper(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
  email: string,
): Promise<{ helper: Helper; created: boolean }> {
  await managedEvent(deps, caller, eventId);
  const userId = await deps.data.repos.checkInHelpers.accountByEmail(email);
  if (!userId) throw unknownAccount();
  const outcome = await deps.data.transaction(async (tx) => {
    // The event's lock: two grants cannot both take the last place.
    if (!(await tx.snapshots.lock(eventId))) throw eventNotFound();
    return tx.checkInHelpers.grant(eventId, userId, caller.id, new Date(), MAX_HELPERS_PER_EVENT);
  });
  if (outcome === "full") throw tooManyHelpers();
  const helper = (await deps.data.repos.checkInHelpers.list(eventId)).find(
    (h) => h.userId === userId,
  );
  // Revoked between the grant and this read: named all the same, as of now.
  return {
    helper: helper ?? { userId, displayName: null, email, grantedAt: new Date() },
    created: outcome === "granted",
  };
}

/** Idempotent: revoking someone who is not a helper changes nothing. */
export async function revokeHelper(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
  userId: string,
): Promise<void> {
  await managedEvent(deps, caller, eventId);
  await deps.data.repos.checkInHelpers.revoke(eventId, userId);
}

/** The events the caller may scan for, as organizer or helper (published, not long over). */
export function scanEvents(deps: RegistrationDeps, caller: Caller): Promise<ScanEvent[]> {
  return deps.data.repos.checkInHelpers.scanEvents(
    caller.id,
    isOrganizer(caller),
    new Date(),
    MAX_SCAN_EVENTS,
  );
}
