import { quoteIdent, type Sql } from "@turnout/kit";
import type { Recipient } from "../domain/recipients";

// Consumers write through the kit's transaction handle (plain SQL), so these take `Sql`.

interface RecipientRow {
  user_id: string;
  email: string | null;
  display_name: string | null;
  email_enabled: boolean;
  in_app_enabled: boolean;
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
  locale: row.locale,
  timezone: row.timezone,
  deleted: row.deleted_at !== null,
});

/**
 * The recipients among `userIds`, share-locked until the transaction ends: a concurrent
 * `user-deleted` waits for this notification to commit and then removes its mail, instead of
 * missing a row it could not see yet.
 */
export async function findRecipients(
  tx: Sql,
  schema: string,
  userIds: readonly string[],
): Promise<Map<string, Recipient>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<RecipientRow[]>(
    `SELECT user_id, email, display_name, email_enabled, in_app_enabled, locale, timezone, deleted_at
     FROM ${quoteIdent(schema)}.recipients WHERE user_id = ANY($1::uuid[]) FOR SHARE`,
    userIds,
  );
  return new Map(rows.map((row) => [row.user_id, toRecipient(row)]));
}

export async function findRecipient(
  tx: Sql,
  schema: string,
  userId: string,
): Promise<Recipient | undefined> {
  return (await findRecipients(tx, schema, [userId])).get(userId);
}

/** From `user-registered`: the address and name; settings already received are kept. */
export async function saveRegisteredRecipient(
  tx: Sql,
  schema: string,
  input: { userId: string; email: string; displayName: string | null },
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO ${quoteIdent(schema)}.recipients AS r (user_id, email, display_name)
     VALUES ($1::uuid, $2, $3)
     ON CONFLICT (user_id) DO UPDATE
       SET email = excluded.email, display_name = excluded.display_name, updated_at = now()
       WHERE r.deleted_at IS NULL`,
    input.userId,
    input.email,
    input.displayName,
  );
}

/** From `user-settings-changed`; a settings message older than the one applied is ignored. */
export async function saveRecipientSettings(
  tx: Sql,
  schema: string,
  input: {
    userId: string;
    emailEnabled: boolean;
    inAppEnabled: boolean;
    locale: string;
    timezone: string;
    changedAt: string;
  },
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO ${quoteIdent(schema)}.recipients AS r
       (user_id, email_enabled, in_app_enabled, locale, timezone, settings_at)
     VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (user_id) DO UPDATE
       SET email_enabled = excluded.email_enabled, in_app_enabled = excluded.in_app_enabled,
           locale = excluded.locale, timezone = excluded.timezone,
           settings_at = excluded.settings_at, updated_at = now()
       WHERE r.deleted_at IS NULL
         AND (r.settings_at IS NULL OR r.settings_at <= excluded.settings_at)`,
    input.userId,
    input.emailEnabled,
    input.inAppEnabled,
    input.locale,
    input.timezone,
    input.changedAt,
  );
}

/**
 * From `user-deleted`: keep only a tombstone (so a late `user-registered` cannot bring the
 * address back), and forget everything else about the user: address, name, inbox, mail (sent or
 * not) and attendance.
 */
export async function forgetRecipient(
  tx: Sql,
  schema: string,
  userId: string,
  deletedAt: string,
): Promise<void> {
  const s = quoteIdent(schema);
  await tx.$executeRawUnsafe(
    `INSERT INTO ${s}.recipients AS r (user_id, deleted_at) VALUES ($1::uuid, $2::timestamptz)
     ON CONFLICT (user_id) DO UPDATE
       SET email = NULL, display_name = NULL, locale = NULL, timezone = NULL,
           deleted_at = COALESCE(r.deleted_at, excluded.deleted_at), updated_at = now()`,
    userId,
    deletedAt,
  );
  for (const table of ["outbound_mail", "notifications", "attendances"]) {
    await tx.$executeRawUnsafe(`DELETE FROM ${s}.${table} WHERE user_id = $1::uuid`, userId);
  }
}
