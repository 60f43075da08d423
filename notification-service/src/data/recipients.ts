import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";
import type { Recipient } from "../domain/recipients";

interface RecipientRow {
  user_id: string;
  email: string | null;
  display_name: string | null;
  email_enabled: boolean;
  in_app_enabled: boolean;
  event_reminders: boolean;
  locale: string | null;
  timezone: string | null;
  deleted_at: Date | null;
}

const toRecipient = (row: RecipientRow): Recipient => ({
  userId: row.user_id,
  email: row.email,
  displayName: row.display_name,
  emailEnabled: row.email_enabled,
  inAppEnabled: row.in_app_enabled,
  eventReminders: row.event_reminders,
  locale: row.locale,
  timezone: row.timezone,
  deleted: row.deleted_at !== null,
});

/**
 * Share-locked until the unit of work ends: a concurrent `user-deleted` waits for this
 * notification to commit and then removes its mail, instead of missing a row it could not see.
 */
const findRecipients = statement<RecipientRow>(
  "notifications_recipients_find",
  `SELECT user_id, email, display_name, email_enabled, in_app_enabled, event_reminders, locale,
          timezone, deleted_at
   FROM recipients WHERE user_id = ANY($1::uuid[]) FOR SHARE`,
);

/** The live account holding an address (case-insensitive), share-locked like the above. */
const findByEmail = statement<RecipientRow>(
  "notifications_recipients_find_by_email",
  `SELECT user_id, email, display_name, email_enabled, in_app_enabled, event_reminders, locale,
          timezone, deleted_at
   FROM recipients WHERE lower(email) = lower($1) AND deleted_at IS NULL
   ORDER BY updated_at DESC LIMIT 1 FOR SHARE`,
);

/** From `user-registered`: the address and name; settings already received are kept. */
const saveRegistered = statement(
  "notifications_recipients_save_registered",
  `INSERT INTO recipients AS r (user_id, email, display_name)
   VALUES ($1::uuid, $2, $3)
   ON CONFLICT (user_id) DO UPDATE
     SET email = excluded.email, display_name = excluded.display_name, updated_at = now()
     WHERE r.deleted_at IS NULL`,
);

/** From `user-settings-changed`; a settings message older than the one applied is ignored. */
const saveSettings = statement(
  "notifications_recipients_save_settings",
  `INSERT INTO recipients AS r
     (user_id, email_enabled, in_app_enabled, locale, timezone, settings_at, event_reminders)
   VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz, $7)
   ON CONFLICT (user_id) DO UPDATE
     SET email_enabled = excluded.email_enabled, in_app_enabled = excluded.in_app_enabled,
         locale = excluded.locale, timezone = excluded.timezone,
         event_reminders = excluded.event_reminders,
         settings_at = excluded.settings_at, updated_at = now()
     WHERE r.deleted_at IS NULL
       AND (r.settings_at IS NULL OR r.settings_at <= excluded.settings_at)`,
);

/**
 * From `user-deleted`: keep only a tombstone (so a late `user-registered` cannot bring the
 * address back). It waits for units of work that share-locked the recipient (see above).
 */
const tombstone = statement(
  "notifications_recipients_tombstone",
  `INSERT INTO recipients AS r (user_id, deleted_at) VALUES ($1::uuid, $2::timestamptz)
   ON CONFLICT (user_id) DO UPDATE
     SET email = NULL, display_name = NULL, locale = NULL, timezone = NULL,
         deleted_at = COALESCE(r.deleted_at, excluded.deleted_at), updated_at = now()`,
);

/**
 * Then everything else about the user: inbox, mail (sent or not) and attendance. A statement
 * of its own, after the tombstone: its snapshot is taken once that one stopped waiting, so it
 * sees the mail a unit of work that held the recipient committed meanwhile.
 */
const forgetActivity = statement(
  "notifications_recipients_forget_activity",
  `WITH mail AS (
     DELETE FROM outbound_mail WHERE user_id = $1::uuid
   ), inbox AS (
     DELETE FROM notifications WHERE user_id = $1::uuid
   )
   DELETE FROM attendances WHERE user_id = $1::uuid`,
);

export function recipientsRepository(db: Db) {
  const findMany = async (userIds: readonly string[]): Promise<Map<string, Recipient>> => {
    if (userIds.length === 0) return new Map();
    const rows = await queryRows(db, findRecipients, [userIds]);
    return new Map(rows.map((row) => [row.user_id, toRecipient(row)]));
  };
  return {
    /** The recipients among `userIds`, share-locked (see the statement). */
    findMany,

    async find(userId: string): Promise<Recipient | undefined> {
      return (await findMany([userId])).get(userId);
    },

    /** The account whose address this is, if the service knows one. */
    async findByEmail(email: string): Promise<Recipient | undefined> {
      const row = await queryOne(db, findByEmail, [email]);
      return row ? toRecipient(row) : undefined;
    },

    async saveRegistered(input: {
      userId: string;
      email: string;
      displayName: string | null;
    }): Promise<void> {
      await execute(db, saveRegistered, [input.userId, input.email, input.displayName]);
    },

    async saveSettings(input: {
      userId: string;
      emailEnabled: boolean;
      inAppEnabled: boolean;
      locale: string;
      timezone: string;
      /** Reminders before booked events (absent in older messages: on). */
      eventReminders: boolean;
      changedAt: string;
    }): Promise<void> {
      await execute(db, saveSettings, [
        input.userId,
        input.emailEnabled,
        input.inAppEnabled,
        input.locale,
        input.timezone,
        input.changedAt,
        input.eventReminders,
      ]);
    },

    /** Leaves a tombstone and forgets the address, name, inbox, mail and attendance. */
    async forget(userId: string, deletedAt: string): Promise<void> {
      await execute(db, tombstone, [userId, deletedAt]);
      await execute(db, forgetActivity, [userId]);
    },
  };
}
