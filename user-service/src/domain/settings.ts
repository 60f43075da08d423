import type { ServiceDatabase } from "../data/database";
import { settingsChangedEvent } from "../events/publishers";
import { profileNotFound } from "./profiles";
import { DEFAULT_SETTINGS, sameSettings, type UserSettings } from "./settings-rules";

export interface SettingsDeps {
  data: ServiceDatabase;
}

/** The user's settings, or the defaults when none were saved; 404 without a profile. */
export async function getSettings(deps: SettingsDeps, userId: string): Promise<UserSettings> {
  const { profiles, settings } = deps.data.repos;
  const [profile, saved] = await Promise.all([profiles.findById(userId), settings.find(userId)]);
  if (!profile) throw profileNotFound();
  return saved ?? DEFAULT_SETTINGS;
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
  const outcome = await deps.data.transaction(async (tx) => {
    const locked = await tx.settings.lockProfile(userId);
    if (locked === "missing") return "missing";
    if (sameSettings(locked.stored ?? DEFAULT_SETTINGS, next)) return "unchanged";
    await tx.settings.save(userId, next, now);
    const { topic, event } = settingsChangedEvent(userId, next, now);
    await tx.outbox.enqueue(topic, event);
    return "saved";
  });
  if (outcome === "missing") throw profileNotFound();
  return next;
}
