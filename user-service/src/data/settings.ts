import { execute, queryOne, statement, type Db } from "@turnout/kit";
import type { UserSettings } from "../domain/settings-rules";

interface SettingsRow {
  email_notifications: boolean;
  in_app_notifications: boolean;
  locale: string;
  timezone: string;
  event_reminders: boolean;
}

const toSettings = (row: SettingsRow): UserSettings => ({
  notifications: { email: row.email_notifications, inApp: row.in_app_notifications },
  locale: row.locale,
  timezone: row.timezone,
  eventReminders: row.event_reminders,
});

const findSettings = statement<SettingsRow>(
  "users_settings_find",
  `SELECT email_notifications, in_app_notifications, locale, timezone, event_reminders
   FROM settings WHERE user_id = $1::uuid`,
);

/**
 * Locks the profile row (a concurrent delete cannot slip between this read and the write that
 * follows) and reads its saved settings; no row when there is no profile, null columns when
 * nothing was saved.
 */
const lockProfileSettings = statement<{ [K in keyof SettingsRow]: SettingsRow[K] | null }>(
  "users_settings_lock_profile",
  `SELECT s.email_notifications, s.in_app_notifications, s.locale, s.timezone,
     s.event_reminders
   FROM profiles p LEFT JOIN settings s ON s.user_id = p.id
   WHERE p.id = $1::uuid FOR UPDATE OF p`,
);

const saveSettings = statement(
  "users_settings_save",
  `INSERT INTO settings (user_id, email_notifications, in_app_notifications, locale, timezone,
                         event_reminders, updated_at)
   VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::timestamptz)
   ON CONFLICT (user_id) DO UPDATE SET
     email_notifications = EXCLUDED.email_notifications,
     in_app_notifications = EXCLUDED.in_app_notifications,
     locale = EXCLUDED.locale, timezone = EXCLUDED.timezone,
     event_reminders = EXCLUDED.event_reminders, updated_at = EXCLUDED.updated_at`,
);

export function settingsRepository(db: Db) {
  return {
    /** Saved settings, or null when the user never saved any (defaults apply). */
    async find(userId: string): Promise<UserSettings | null> {
      const row = await queryOne(db, findSettings, [userId]);
      return row ? toSettings(row) : null;
    },

    /**
     * In a unit of work: locks the profile and reads its saved settings. "missing" without a
     * profile; `stored` is null when nothing was saved.
     */
    async lockProfile(userId: string): Promise<"missing" | { stored: UserSettings | null }> {
      const row = await queryOne(db, lockProfileSettings, [userId]);
      if (!row) return "missing";
      const { email_notifications, in_app_notifications, locale, timezone, event_reminders } = row;
      if (
        email_notifications === null ||
        in_app_notifications === null ||
        locale === null ||
        timezone === null ||
        event_reminders === null
      ) {
        return { stored: null };
      }
      return {
        stored: toSettings({
          email_notifications,
          in_app_notifications,
          locale,
          timezone,
          event_reminders,
        }),
      };
    },

    /** Writes the whole settings object (insert or replace). */
    async save(userId: string, next: UserSettings, now: Date): Promise<void> {
      await execute(db, saveSettings, [
        userId,
        next.notifications.email,
        next.notifications.inApp,
        next.locale,
        next.timezone,
        next.eventReminders,
        now,
      ]);
    },
  };
}
