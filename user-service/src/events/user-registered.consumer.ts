import { cleanDisplayName, parseEvent, userRegisteredV1 } from "@turnout/contracts";
import { onEvent, type EventHandler, type Logger } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import { normaliseUsername } from "../domain/profile-rules";

/**
 * `user-registered` → the profile. Idempotent twice over: the kit records the event id in
 * `processed_events` with the insert, and the insert itself does nothing for an existing or
 * deleted profile, so neither a redelivery nor a replay under another group changes anything
 * (a display name the user edited since stays edited).
 */
export function userRegisteredHandler(logger: Logger): EventHandler<Repositories> {
  return onEvent(
    userRegisteredV1.type,
    (raw) => parseEvent(userRegisteredV1, raw),
    async (event, tx) => {
      const { data } = event;
      const created = await tx.profiles.insertRegistered({
        id: data.user_id,
        email: data.email.toLowerCase(),
        username: data.username === null ? null : normaliseUsername(data.username),
        // The profile's display-name rule holds here too: a name that breaks it is cleaned (or
        // dropped), never a reason to fail the event.
        displayName: cleanDisplayName(data.display_name),
        createdAt: new Date(data.registered_at),
      });
      if (!created)
        logger.info("profile exists or was deleted; event ignored", { event_id: event.id });
    },
  );
}
