import type { ServiceDatabase } from "../data/database";
import { settingsChangedEvent } from "../events/publishers";
import { profileNotFound } from "./profiles";
import {
  applySettingsChange,
  DEFAULT_SETTINGS,
  sameSettings,
  type SettingsChange,
  type UserSettings,
} from "./settings-rules";

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
 * Changes the settings (a field the change leaves out keeps its value, read under the profile's
 * lock). A real change is saved with `user-settings-changed` in the same transaction; saving
 * what is already in effect (the defaults included) publishes nothing.
 */
export async function saveSettings(
  deps: SettingsDeps,
  userId: string,
  change: SettingsChange,
): Promise<UserSettings> {
  const now = new Date();
  const outcome = await deps.data.transaction(async (tx) => {
    const locked = await tx.settings.lockProfile(userId);
    if (locked === "missing") return "missing";
    const current = locked.stored ?? DEFAULT_SETTINGS;
    const next = applySettingsChange(current, change);
    if (sameSettings(current, next)) return next;
    await tx.settings.save(userId, next, now);
    const { topic, event } = settingsChangedEvent(userId, next, now);
    await tx.outbox.enqueue(topic, event);
    return next;
  });
  if (outcome === "missing") throw profileNotFound();
  return outcome;
}
