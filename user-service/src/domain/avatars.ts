import type { AvatarSettings } from "../config";
import { avatarFileName, reencodeAvatar } from "./avatar-image";
import type { Profile } from "./profile-rules";
import { profileNotFound, removeAvatarFile, type ProfileDeps } from "./profiles";

export type AvatarDeps = ProfileDeps & { settings: AvatarSettings };

/**
 * Re-encodes the upload (see `reencodeAvatar`), stores it under its content-addressed name,
 * points the profile at it and removes the file it replaces.
 */
export async function uploadAvatar(
  deps: AvatarDeps,
  userId: string,
  body: Buffer,
): Promise<Profile> {
  const { profiles } = deps.data.repos;
  if (!(await profiles.findById(userId))) throw profileNotFound();
  const webp = await reencodeAvatar(body, deps.settings);
  const file = avatarFileName(userId, webp);
  await deps.avatars.write(file, webp);
  const updated = await profiles.update(userId, { avatarFile: file }, new Date());
  if (!updated) {
    // Deleted while the image was being encoded.
    await removeAvatarFile(deps, file);
    throw profileNotFound();
  }
  if (updated.previousAvatarFile !== file) await removeAvatarFile(deps, updated.previousAvatarFile);
  return updated.profile;
}

/** Removes the avatar (a profile without one is left as it is). */
export async function deleteAvatar(deps: ProfileDeps, userId: string): Promise<void> {
  const updated = await deps.data.repos.profiles.update(userId, { avatarFile: null }, new Date());
  if (!updated) throw profileNotFound();
  await removeAvatarFile(deps, updated.previousAvatarFile);
}
