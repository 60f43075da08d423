import { conflict, notFound, unprocessable, type Logger } from "@turnout/kit";
import type { AvatarStore } from "../data/avatar-store";
import type { Database } from "../data/database";
import {
  deleteProfileWithEvent,
  findProfileById,
  findProfileByUsername,
  updateProfileRow,
  UsernameTaken,
  type ProfileFields,
} from "../data/profiles";
import { profileUpdatedEvent, userDeletedEvent } from "../events/publishers";
import {
  assertCanManage,
  avatarFileOf,
  normaliseUsername,
  type Actor,
  type Profile,
} from "./profile-rules";

export interface ProfileDeps {
  db: Database;
  schema: string;
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
  const profile = await findProfileById(deps.db, id);
  if (!profile) throw profileNotFound();
  return profile;
}

export async function getProfileByUsername(deps: ProfileDeps, username: string): Promise<Profile> {
  const profile = await findProfileByUsername(deps.db, normaliseUsername(username));
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
  const current = await findProfileById(deps.db, id);
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
    const holder = await findProfileByUsername(deps.db, username);
    if (holder && holder.id !== id) throw usernameTaken();
    fields.username = username;
  }

  let updated;
  try {
    const now = new Date();
    updated = await updateProfileRow(deps.db, deps.schema, id, fields, now, (before, after) => {
      // Auth logs in by username: a changed handle (or name) is announced with the change.
      const changed = [
        ...(before.username === after.username ? [] : ["username"]),
        ...(before.displayName === after.displayName ? [] : ["display_name"]),
      ];
      return changed.length > 0 ? profileUpdatedEvent(after, changed, now) : undefined;
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
  const deleted = await deleteProfileWithEvent(
    deps.db,
    deps.schema,
    { id, deletedBy: actor.id, deletedAt },
    topic,
    event,
  );
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
