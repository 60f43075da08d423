import { enqueueEvent, quoteIdent, type OutboxEvent } from "@turnout/kit";
import type { UserSettings } from "../domain/settings-rules";
import type { Database } from "./database";

/** Saved settings, or null when the user never saved any (defaults apply). */
export async function findSettings(db: Database, userId: string): Promise<UserSettings | null> {
  const row = await db.settings.findUnique({ where: { userId } });
  return row && toSettings(row);
}

/**
 * Saves settings and writes their event to the outbox in the same transaction. `decide` sees
 * the stored settings and returns the event, or undefined when nothing changes ("unchanged":
 * no write, no event). "missing" when the profile does not exist.
 */
export async function saveSettingsWithEvent(
  db: Database,
  schema: string,
  userId: string,
  next: UserSettings,
  now: Date,
  decide: (stored: UserSettings | null) => { topic: string; event: OutboxEvent } | undefined,
): Promise<"missing" | "unchanged" | "saved"> {
  return db.$transaction(async (tx) => {
    // The profile row is locked so a concurrent delete cannot slip between check and write.
    const profile = await tx.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM ${quoteIdent(schema)}.profiles WHERE id = $1::uuid FOR UPDATE`,
      userId,
    );
    if (profile.length === 0) return "missing";
    const stored = await tx.settings.findUnique({ where: { userId } });
    const announcement = decide(stored && toSettings(stored));
    if (!announcement) return "unchanged";
    const data = {
      emailNotifications: next.notifications.email,
      inAppNotifications: next.notifications.inApp,
      locale: next.locale,
      timezone: next.timezone,
      updatedAt: now,
    };
    await tx.settings.upsert({ where: { userId }, create: { userId, ...data }, update: data });
    await enqueueEvent(tx, schema, announcement.topic, announcement.event);
    return "saved";
  });
}

function toSettings(row: {
  emailNotifications: boolean;
  inAppNotifications: boolean;
  locale: string;
  timezone: string;
}): UserSettings {
  return {
    notifications: { email: row.emailNotifications, inApp: row.inAppNotifications },
    locale: row.locale,
    timezone: row.timezone,
  };
}
