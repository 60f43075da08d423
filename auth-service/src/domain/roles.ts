import { notFound, ROLES, unprocessable, type Role } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import { getAccount, type Account } from "./accounts";

export interface RoleDeps {
  data: ServiceDatabase;
}

/** `attendee` is everyone's role, so it is always kept; the order is ROLES' order. */
export const normaliseRoles = (roles: readonly Role[]): Role[] =>
  ROLES.filter((role) => role === "attendee" || roles.includes(role));

/**
 * An admin sets another account's roles. The change reaches tokens minted from the next login
 * or refresh; tokens already issued keep their roles until they expire (≤ 15 minutes).
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
  const updated = await deps.data.repos.users.setRoles(targetId, roles);
  const account = updated && (await getAccount(deps, updated.id));
  if (!account) throw notFound("user_not_found", "No user has this id.");
  return account;
}
