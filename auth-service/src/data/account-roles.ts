import { queryOne, statement, type Db } from "@turnout/kit";

// One statement: the row is locked, its roles replaced, and the roles it had returned, so the
// caller knows whether anything changed (and announces it in the same unit of work).
const replaceRoles = statement<{ previous: string[] }>(
  "auth_account_roles_replace",
  `WITH previous AS (
     SELECT id, roles FROM users WHERE id = $1::uuid AND disabled_at IS NULL FOR UPDATE
   )
   UPDATE users SET roles = $2::text[], updated_at = $3::timestamptz
   FROM previous WHERE users.id = previous.id
   RETURNING previous.roles AS previous`,
);

/**
 * An account's roles, written as a named statement so a role change can be one unit of work
 * with the `sessions-revoked` event that ends the tokens carrying the old roles.
 */
export function accountRolesRepository(db: Db) {
  return {
    /** Replaces an active account's roles; the roles it had, or null when there is none. */
    async replace(id: string, roles: readonly string[], at: Date): Promise<string[] | null> {
      const row = await queryOne(db, replaceRoles, [id, roles, at]);
      return row?.previous ?? null;
    },
  };
}
