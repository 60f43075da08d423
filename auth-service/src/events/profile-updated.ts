import { parseEvent, userProfileUpdatedV1 } from "@turnout/contracts";
import { onEvent, quoteIdent, type EventHandler, type Logger } from "@turnout/kit";

/**
 * `user-profile-updated`: auth adopts the new username, so logging in by username follows the
 * profile. The user service keeps usernames unique among profiles; if an account signed up with
 * that name here before the change arrived, the old name stays (logged) rather than failing the
 * event forever. A redelivery sets the same value again.
 */
export function profileUpdatedHandler(schema: string, logger: Logger): EventHandler {
  const s = quoteIdent(schema);
  return onEvent(
    userProfileUpdatedV1.type,
    (raw) => parseEvent(userProfileUpdatedV1, raw),
    async (event, tx) => {
      if (!event.data.changed.includes("username")) return;
      const username = event.data.username?.toLowerCase() ?? null;
      const updated = await tx.$executeRawUnsafe(
        `UPDATE ${s}.users SET username = $2, updated_at = now()
         WHERE id = $1::uuid AND username IS DISTINCT FROM $2
           AND NOT EXISTS (SELECT 1 FROM ${s}.users other
                           WHERE lower(other.username) = lower($2) AND other.id <> $1::uuid)`,
        event.data.user_id,
        username,
      );
      if (updated === 0 && username !== null) {
        const [row] = await tx.$queryRawUnsafe<{ username: string | null }[]>(
          `SELECT username FROM ${s}.users WHERE id = $1::uuid`,
          event.data.user_id,
        );
        if (row && row.username !== username)
          logger.warn("username from the profile is taken by another account; kept the old one", {
            userId: event.data.user_id,
          });
      }
    },
  );
}
