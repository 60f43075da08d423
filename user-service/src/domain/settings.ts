import type { Database } from "../data/database";
import { findProfileById } from "../data/profiles";
import { findSettings, saveSettingsWithEvent } from "../data/settings";
import { settingsChangedEvent } from "../events/publishers";
import { profileNotFound } from "./profiles";
import { DEFAULT_SETTINGS, sameSettings, type UserSettings } from "./settings-rules";

export interface SettingsDeps {
  db: Database;
  schema: string;
}

/** The user's settings, or the defaults when none were saved; 404 without a profile. */
export async function getSettings(deps: SettingsDeps, userId: string): Promise<UserSettings> {
  const [profile, settings] = await Promise.all([
    findProfileById(deps.db, userId),
    findSettings(deps.db, userId),
  ]);
  if (!profile) throw profileNotFound();
  return settings ?? DEFAULT_SETTINGS;
}

/**
 * Replaces the settings. A real change is saved with `user-settings-changed` in the same
 * transaction; saving what is already in effect (the defaults included) publishes nothing.
 */
export async function saveSettings(
  deps: SettingsDeps,
  userId: string,
  next: UserSettings,
): Promise<UserSettings> {
  const now = new Date();
  const outcome = await saveSettingsWithEvent(deps.db, deps.schema, userId, next, now, (stored) =>
    sameSettings(stored ?? DEFAULT_SETTINGS, next)
      ? undefined
      : settingsChangedEvent(userId, next, now),
  );
  if (outcome === "missing") throw profileNotFound();
  return next;
}
