import { parseEvent, userProfileUpdatedV1 } from "@turnout/contracts";
import { onEvent, type EventHandler, type Logger } from "@turnout/kit";
import type { Repositories } from "../data/repositories";

/**
 * `user-profile-updated`: auth adopts the new username, so logging in by username follows the
 * profile. The user service keeps usernames unique among profiles; if an account signed up with
 * that name here before the change arrived, the old name stays (logged) rather than failing the
 * event forever. A redelivery sets the same value again.
 */
export function profileUpdatedHandler(logger: Logger): EventHandler<Repositories> {
  return onEvent(
    userProfileUpdatedV1.type,
    (raw) => parseEvent(userProfileUpdatedV1, raw),
    async (event, tx) => {
      if (!event.data.changed.includes("username")) return;
      const userId = event.data.user_id;
      const username = event.data.username?.toLowerCase() ?? null;
      if (await tx.users.adoptUsername(userId, username)) return;
      if (username === null) return;
      const current = await tx.users.usernameOf(userId);
      if (current !== undefined && current !== username)
        logger.warn("username from the profile is taken by another account; kept the old one", {
          userId,
        });
    },
  );
}
