import { conflict, notFound, unprocessable, type Logger } from "@turnout/kit";
import type { AvatarStore } from "../data/avatar-store";
import type { ServiceDatabase } from "../data/database";
import type { ProfileFields } from "../data/profiles";
import { profileUpdatedEvent, userDeletedEvent } from "../events/publishers";
import {
  assertCanManage,
  avatarFileOf,
  normaliseUsername,
  type Actor,
  type Profile,
  UsernameTaken,
} from "./profile-rules";

export interface ProfileDeps {
  data: ServiceDatabase;
  avatars: AvatarStore;
  logger: Logger;
}

/** Fields a PATCH may carry; `undefined` leaves a field as it is. */
export interface ProfileChanges {
  displayName?: string | null | undefined;
  bio?: string | null | undefined;
  username?: string | undefined;
  /** Null removes the avatar; a URL must be the profile's current avatar (no change). */
  avatarUrl?: string | null | undefined;
}

export const profileNotFound = () => notFound("profile_not_found", "No such profile.");
const usernameTaken = () => conflict("username_taken", "This username is taken.");

export async function getProfile(deps: ProfileDeps, actor: Actor, id: string): Promise<Profile> {
  assertCanManage(actor, id);
  const profile = await deps.data.repos.profiles.findById(id);
  if (!profile) throw profileNotFound();
  return profile;
}

export async function getProfileByUsername(deps: ProfileDeps, username: string): Promise<Profile> {
  const profile = await deps.data.repos.profiles.findByUsername(normaliseUsername(username));
  if (!profile) throw profileNotFound();
  return profile;
}

export async function updateProfile(
  deps: ProfileDeps,
  actor: Actor,
  id: string,
  changes: ProfileChanges,
): Promise<Profile> {
  assertCanManage(actor, id);
  const current = await deps.data.repos.profiles.findById(id);
  if (!current) throw profileNotFound();

  const fields: ProfileFields = {};
  if (changes.displayName !== undefined) fields.displayName = changes.displayName;
  if (changes.bio !== undefined) fields.bio = changes.bio;
  if (changes.avatarUrl === null) fields.avatarFile = null;
  if (
    typeof changes.avatarUrl === "string" &&
    avatarFileOf(changes.avatarUrl) !== current.avatarFile
  ) {
    // Pointing at another file (someone else's, or a replaced one) would share or resurrect
    // files; a new avatar goes through the upload, which re-encodes it.
    throw unprocessable(
      "avatar_not_owned",
      "avatar_url may only be null or the profile's current avatar; upload with PUT /me/avatar.",
    );
  }
  if (changes.username !== undefined) {
    const username = normaliseUsername(changes.username);
    const holder = await deps.data.repos.profiles.findByUsername(username);
    if (holder && holder.id !== id) throw usernameTaken();
    fields.username = username;
  }

  let updated;
  try {
    const now = new Date();
    updated = await deps.data.transaction(async (tx) => {
      const row = await tx.profiles.update(id, fields, now);
      if (!row) return undefined;
      // Auth logs in by username: a changed handle (or name) is announced with the change.
      const { before, profile: after } = row;
      const changed = [
        ...(before.username === after.username ? [] : ["username"]),
        ...(before.displayName === after.displayName ? [] : ["display_name"]),
      ];
      if (changed.length > 0) {
        const { topic, event } = profileUpdatedEvent(after, changed, now);
        await tx.outbox.enqueue(topic, event);
      }
      return row;
    });
  } catch (error) {
    if (error instanceof UsernameTaken) throw usernameTaken();
    throw error;
  }
  if (!updated) throw profileNotFound();
  if (fields.avatarFile === null) await removeAvatarFile(deps, updated.previousAvatarFile);
  return updated.profile;
}

/**
 * Deletes the profile, settings, history and avatar; `user-deleted` is published from the
 * same transaction. Admins delete anyone, users themselves.
 */
export async function deleteProfile(deps: ProfileDeps, actor: Actor, id: string): Promise<void> {
  assertCanManage(actor, id);
  const deletedAt = new Date();
  const { topic, event } = userDeletedEvent(id, actor.id, deletedAt);
  const deleted = await deps.data.transaction(async (tx) => {
    const removed = await tx.profiles.remove({ id, deletedBy: actor.id, deletedAt });
    if (removed) await tx.outbox.enqueue(topic, event);
    return removed;
  });
  if (!deleted) throw profileNotFound();
  await removeAvatarFile(deps, deleted.avatarFile);
}

/** A file left behind costs disk space, not correctness: failures are logged, not raised. */
export async function removeAvatarFile(
  deps: Pick<ProfileDeps, "avatars" | "logger">,
  file: string | null,
): Promise<void> {
  if (file === null) return;
  try {
    await deps.avatars.remove(file);
  } catch (error) {
    deps.logger.warn("removing an avatar file failed", { file, error: String(error) });
  }
}
