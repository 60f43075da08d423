import {
  createEvent,
  TOPICS,
  userDeletedV1,
  userProfileUpdatedV1,
  userSettingsChangedV1,
} from "@turnout/contracts";
import type { UserSettings } from "../domain/settings-rules";

/**
 * CloudEvents `source` of everything this service publishes. The request id and
 * `traceparent` travel in the Kafka headers, which the kit's outbox adds.
 */
export const EVENT_SOURCE = "/turnout/user-service";

/** `user-settings-changed` v1: the whole settings object after the change. */
export function settingsChangedEvent(userId: string, settings: UserSettings, changedAt: Date) {
  return {
    topic: TOPICS.userSettingsChanged,
    event: createEvent(userSettingsChangedV1, {
      source: EVENT_SOURCE,
      time: changedAt,
      data: {
        user_id: userId,
        notifications: {
          email: settings.notifications.email,
          in_app: settings.notifications.inApp,
        },
        locale: settings.locale,
        timezone: settings.timezone,
        event_reminders: settings.eventReminders,
        changed_at: changedAt.toISOString(),
      },
    }),
  };
}

/** `user-deleted` v1: the id, when, and who deleted it (an admin or the user). */
export function userDeletedEvent(userId: string, deletedBy: string, deletedAt: Date) {
  return {
    topic: TOPICS.userDeleted,
    event: createEvent(userDeletedV1, {
      source: EVENT_SOURCE,
      time: deletedAt,
      data: { user_id: userId, deleted_at: deletedAt.toISOString(), deleted_by: deletedBy },
    }),
  };
}

/** `user-profile-updated` v1: the username and display name after a change to either. */
export function profileUpdatedEvent(
  profile: { id: string; username: string | null; displayName: string | null },
  changed: string[],
  updatedAt: Date,
) {
  return {
    topic: TOPICS.userProfileUpdated,
    event: createEvent(userProfileUpdatedV1, {
      source: EVENT_SOURCE,
      time: updatedAt,
      data: {
        user_id: profile.id,
        username: profile.username,
        display_name: profile.displayName,
        changed,
        updated_at: updatedAt.toISOString(),
      },
    }),
  };
}
