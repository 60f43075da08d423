import { execute, queryOne, modelApi, statement, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";
import { UsernameTaken, type Profile } from "../domain/profile-rules";

/** A `profiles` row as statements return it. */
export interface ProfileRow {
  id: string;
  email: string;
  username: string | null;
  display_name: string | null;
  bio: string | null;
  avatar_file: string | null;
  created_at: Date;
  updated_at: Date;
}

const PROFILE_COLUMNS = `p.id::text, p.email, p.username, p.display_name, p.bio, p.avatar_file,
  p.created_at, p.updated_at`;

export const toProfile = (row: ProfileRow): Profile => ({
  id: row.id,
  email: row.email,
  username: row.username,
  displayName: row.display_name,
  bio: row.bio,
  avatarFile: row.avatar_file,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const select = {
  id: true,
  email: true,
  username: true,
  displayName: true,
  bio: true,
  avatarFile: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Which columns a change sets; `undefined` leaves a column as it is. */
export type ProfileFields = Partial<
  Pick<Profile, "username" | "displayName" | "bio" | "avatarFile">
>;

/** The fields of a profile other services are told about. */
export interface PublicNames {
  username: string | null;
  displayName: string | null;
}

/** What `user-registered` brings; the username is already lower-cased. */
export type NewProfile = Pick<Profile, "id" | "email" | "username" | "displayName" | "createdAt">;

/**
 * One statement: the row is locked by the CTE (a concurrent change waits, and the values read
 * are the latest committed ones), so every caller learns exactly the values it replaced. A
 * column whose flag is false keeps its value (null is a value a PATCH may set).
 */
const updateProfile = statement<
  ProfileRow & {
    previous_avatar_file: string | null;
    previous_username: string | null;
    previous_display_name: string | null;
  }
>(
  "users_profiles_update",
  `WITH before AS (
     SELECT id, avatar_file, username, display_name FROM profiles WHERE id = $1::uuid FOR UPDATE
   )
   UPDATE profiles p SET
     username     = CASE WHEN $2::boolean THEN $3::text ELSE p.username END,
     display_name = CASE WHEN $4::boolean THEN $5::text ELSE p.display_name END,
     bio          = CASE WHEN $6::boolean THEN $7::text ELSE p.bio END,
     avatar_file  = CASE WHEN $8::boolean THEN $9::text ELSE p.avatar_file END,
     updated_at   = $10::timestamptz
   FROM before WHERE p.id = before.id
   RETURNING ${PROFILE_COLUMNS}, before.avatar_file AS previous_avatar_file,
     before.username AS previous_username, before.display_name AS previous_display_name`,
);

/**
 * Creates the profile unless it exists or was deleted: a redelivered or replayed event changes
 * nothing. A username someone else took here meanwhile (profiles can rename themselves) is
 * dropped rather than failing the event forever.
 */
const insertRegistered = statement(
  "users_profiles_insert_registered",
  `INSERT INTO profiles (id, email, username, display_name, created_at, updated_at)
   SELECT $1::uuid, $2, CASE WHEN EXISTS (
            SELECT 1 FROM profiles WHERE lower(username) = lower($3) AND id <> $1::uuid
          ) THEN NULL ELSE $3 END, $4, $5::timestamptz, $5::timestamptz
   WHERE NOT EXISTS (SELECT 1 FROM deleted_users WHERE user_id = $1::uuid)
   ON CONFLICT (id) DO NOTHING`,
);

/**
 * One statement removes the profile, its settings (cascade) and its activity, and remembers
 * the id as deleted; nothing happens when there is no such profile.
 */
const removeProfile = statement<{ avatar_file: string | null }>(
  "users_profiles_remove",
  `WITH gone AS (
     DELETE FROM profiles WHERE id = $1::uuid RETURNING id, avatar_file
   ), activity_gone AS (
     DELETE FROM activity WHERE user_id IN (SELECT id FROM gone)
   ), tombstone AS (
     INSERT INTO deleted_users (user_id, deleted_at, deleted_by)
     SELECT id, $2::timestamptz, $3::uuid FROM gone
     ON CONFLICT (user_id) DO NOTHING
   )
   SELECT avatar_file FROM gone`,
);

/** The unique index on lower(username) (see the migration). */
const USERNAME_INDEX = "profiles_username_lower_key";

/** Whether a statement failed on the named unique index (pg's error carries its name). */
const violates = (error: unknown, constraint: string): boolean =>
  typeof error === "object" &&
  error !== null &&
  (error as { code?: unknown }).code === "23505" &&
  (error as { constraint?: unknown }).constraint === constraint;

export function profilesRepository(db: Db, prisma: PrismaClient | undefined) {
  return {
    findById(id: string): Promise<Profile | null> {
      return modelApi(prisma).profile.findUnique({ where: { id }, select });
    },

    /** Callers pass a lower-cased username, as stored. */
    findByUsername(username: string): Promise<Profile | null> {
      return modelApi(prisma).profile.findFirst({ where: { username }, select });
    },

    /**
     * Changes a profile; the row after, and the names and avatar file it had before. Undefined
     * when there is no such profile. Throws {@link UsernameTaken}.
     */
    async update(
      id: string,
      fields: ProfileFields,
      now: Date,
    ): Promise<
      { profile: Profile; before: PublicNames; previousAvatarFile: string | null } | undefined
    > {
      const set = (value: unknown) => [value !== undefined, value ?? null];
      try {
        const row = await queryOne(db, updateProfile, [
          id,
          ...set(fields.username),
          ...set(fields.displayName),
          ...set(fields.bio),
          ...set(fields.avatarFile),
          now,
        ]);
        return (
          row && {
            profile: toProfile(row),
            before: { username: row.previous_username, displayName: row.previous_display_name },
            previousAvatarFile: row.previous_avatar_file,
          }
        );
      } catch (error) {
        if (violates(error, USERNAME_INDEX)) {
          throw new UsernameTaken();
        }
        throw error;
      }
    },

    /** Creates the profile from `user-registered`; whether a row was inserted. */
    async insertRegistered(profile: NewProfile): Promise<boolean> {
      const inserted = await execute(db, insertRegistered, [
        profile.id,
        profile.email,
        profile.username,
        profile.displayName,
        profile.createdAt,
      ]);
      return inserted > 0;
    },

    /**
     * Removes the profile with its settings and activity and leaves a tombstone. The avatar
     * file to remove once committed, or undefined when there was no such profile.
     */
    async remove(deletion: {
      id: string;
      deletedBy: string;
      deletedAt: Date;
    }): Promise<{ avatarFile: string | null } | undefined> {
      const row = await queryOne(db, removeProfile, [
        deletion.id,
        deletion.deletedAt,
        deletion.deletedBy,
      ]);
      return row && { avatarFile: row.avatar_file };
    },
  };
}
