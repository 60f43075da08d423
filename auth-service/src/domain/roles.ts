import { setTimeout as sleep } from "node:timers/promises";
import { TOPICS } from "@turnout/contracts";
import { notFound, ROLES, unprocessable, type Role } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import { getAccount, type Account } from "./accounts";
import { sessionsRevokedEvent } from "./sessions-revoked";

export interface RoleDeps {
  data: ServiceDatabase;
}

/** `attendee` is everyone's role, so it is always kept; the order is ROLES' order. */
export const normaliseRoles = (roles: readonly Role[]): Role[] =>
  ROLES.filter((role) => role === "attendee" || roles.includes(role));

const sameRoles = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((role) => b.includes(role));

/**
 * An admin sets another account's roles. When they change, the account's access tokens issued
 * up to now are revoked everywhere (`sessions-revoked`, reason `roles_changed`, in the unit of
 * work of the change), so a removed role stops working within seconds; the user's clients
 * refresh (their refresh tokens still work) and get tokens with the new roles. `iat` has whole
 * seconds and the lists revoke a token whose second contains the instant, so the reply waits
 * for the next second (as a password reset does): a refresh after it gets a token that works.
 */
export async function changeRoles(
  deps: RoleDeps,
  actor: { id: string },
  targetId: string,
  requested: readonly Role[],
): Promise<Account> {
  const roles = normaliseRoles(requested);
  // The platform must never lose its last admin by one careless request.
  if (actor.id === targetId && !roles.includes("admin"))
    throw unprocessable("cannot_remove_own_admin", "An admin cannot remove their own admin role.");
  const changedAt = new Date();
  const changed = await deps.data.transaction(async (tx) => {
    const previous = await tx.accountRoles.replace(targetId, roles, changedAt);
    if (previous === null) return null;
    if (sameRoles(previous, roles)) return false;
    await tx.outbox.enqueue(
      TOPICS.tokenRevoked,
      sessionsRevokedEvent(targetId, changedAt, "roles_changed"),
    );
    return true;
  });
  if (changed === null) throw userNotFound();
  if (changed) {
    const nextSecond = (Math.floor(changedAt.getTime() / 1000) + 1) * 1000;
    await sleep(Math.max(0, nextSecond - Date.now()));
  }
  const account = await getAccount(deps, targetId);
  if (!account) throw userNotFound();
  return account;
}

const userNotFound = () => notFound("user_not_found", "No user has this id.");
