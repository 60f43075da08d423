import { forbidden } from "@turnout/kit";

/** A profile as the service holds it; the email never leaves through public views. */
export interface Profile {
  id: string;
  email: string;
  username: string | null;
  displayName: string | null;
  bio: string | null;
  /** File name under the avatar folder, or null. */
  avatarFile: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Who is acting: the token's subject and roles. */
export interface Actor {
  id: string;
  roles: readonly string[];
}

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

/** Usernames compare case-insensitively, so they are stored in one case (as auth does). */
export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

export const isAdmin = (actor: Actor): boolean => actor.roles.includes("admin");

/** Admins manage every profile; anyone else only their own. */
export function assertCanManage(actor: Actor, profileId: string): void {
  if (actor.id !== profileId && !isAdmin(actor)) {
    throw forbidden("forbidden", "You may only change your own profile.");
  }
}

/** Where avatars are served, through the gateway (`GET /api/v1/users/avatars/{file}`). */
export const AVATAR_PATH_PREFIX = "/api/v1/users/avatars/";

/** 64 lower-case hex digits (a SHA-256) and `.webp`: nothing else is ever a stored name. */
export const AVATAR_FILE_PATTERN = /^[0-9a-f]{64}\.webp$/;

export const avatarUrl = (file: string | null): string | null =>
  file === null ? null : `${AVATAR_PATH_PREFIX}${file}`;

/** The file name an avatar URL of ours points at, or undefined for any other URL. */
export function avatarFileOf(url: string): string | undefined {
  if (!url.startsWith(AVATAR_PATH_PREFIX)) return undefined;
  const file = url.slice(AVATAR_PATH_PREFIX.length);
  return AVATAR_FILE_PATTERN.test(file) ? file : undefined;
}

/** A username another profile holds (whatever the case); the data layer throws it. */
export class UsernameTaken extends Error {
  constructor() {
    super("username taken");
    this.name = "UsernameTaken";
  }
}
