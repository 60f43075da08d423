import { enqueueEvent, quoteIdent, type OutboxEvent, type Sql } from "@turnout/kit";
import { Prisma } from "../generated/prisma/client";
import type { Profile } from "../domain/profile-rules";
import type { Database } from "./database";

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

export function findProfileById(db: Database, id: string): Promise<Profile | null> {
  return db.profile.findUnique({ where: { id }, select });
}

/** Callers pass a lower-cased username, as stored. */
export function findProfileByUsername(db: Database, username: string): Promise<Profile | null> {
  return db.profile.findFirst({ where: { username }, select });
}

export class UsernameTaken extends Error {
  constructor() {
    super("username taken");
    this.name = "UsernameTaken";
  }
}

export type ProfileFields = Partial<
  Pick<Profile, "username" | "displayName" | "bio" | "avatarFile">
>;

/**
 * Updates a profile and tells which avatar file it pointed at before, under a row lock, so
 * concurrent avatar changes each learn the file they replaced. Null when no such profile.
 */
export async function updateProfileRow(
  db: Database,
  schema: string,
  id: string,
  fields: ProfileFields,
  now: Date,
  /** The event announcing the change, given the row before and after; none when undefined. */
  announce?: (
    before: PublicNames,
    after: Profile,
  ) => { topic: string; event: OutboxEvent } | undefined,
): Promise<{ profile: Profile; previousAvatarFile: string | null } | null> {
  try {
    return await db.$transaction(async (tx) => {
      const locked = await tx.$queryRawUnsafe<
        { avatar_file: string | null; username: string | null; display_name: string | null }[]
      >(
        `SELECT avatar_file, username, display_name FROM ${quoteIdent(schema)}.profiles
         WHERE id = $1::uuid FOR UPDATE`,
        id,
      );
      const row = locked[0];
      if (!row) return null;
      const profile = await tx.profile.update({
        where: { id },
        data: { ...fields, updatedAt: now },
        select,
      });
      const announcement = announce?.(
        { username: row.username, displayName: row.display_name },
        profile,
      );
      if (announcement) await enqueueEvent(tx, schema, announcement.topic, announcement.event);
      return { profile, previousAvatarFile: row.avatar_file };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new UsernameTaken();
    }
    throw error;
  }
}

/** The fields of a profile other services are told about. */
export interface PublicNames {
  username: string | null;
  displayName: string | null;
}

/** What `user-registered` brings; the username is already lower-cased. */
export type NewProfile = Pick<Profile, "id" | "email" | "username" | "displayName" | "createdAt">;

/**
 * Creates the profile unless it exists or was deleted: a redelivered or replayed event changes
 * nothing. A username someone else took here meanwhile (profiles can rename themselves) is
 * dropped rather than failing the event forever. Returns whether a row was inserted.
 */
export async function insertRegisteredProfile(
  tx: Sql,
  schema: string,
  profile: NewProfile,
): Promise<boolean> {
  const s = quoteIdent(schema);
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO ${s}.profiles (id, email, username, display_name, created_at, updated_at)
     SELECT $1::uuid, $2, CASE WHEN EXISTS (
              SELECT 1 FROM ${s}.profiles WHERE lower(username) = lower($3) AND id <> $1::uuid
            ) THEN NULL ELSE $3 END, $4, $5::timestamptz, $5::timestamptz
     WHERE NOT EXISTS (SELECT 1 FROM ${s}.deleted_users WHERE user_id = $1::uuid)
     ON CONFLICT (id) DO NOTHING`,
    profile.id,
    profile.email,
    profile.username,
    profile.displayName,
    profile.createdAt.toISOString(),
  );
  return inserted > 0;
}

/**
 * Removes the profile, its settings (cascade) and its activity, remembers the id as deleted,
 * and writes `user-deleted` to the outbox, all in one transaction. Returns the avatar file
 * to remove once committed, or undefined when there was no such profile.
 */
export async function deleteProfileWithEvent(
  db: Database,
  schema: string,
  deletion: { id: string; deletedBy: string; deletedAt: Date },
  topic: string,
  event: OutboxEvent,
): Promise<{ avatarFile: string | null } | undefined> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRawUnsafe<{ avatar_file: string | null }[]>(
      `SELECT avatar_file FROM ${quoteIdent(schema)}.profiles WHERE id = $1::uuid FOR UPDATE`,
      deletion.id,
    );
    const row = locked[0];
    if (!row) return undefined;
    await tx.activity.deleteMany({ where: { userId: deletion.id } });
    await tx.profile.delete({ where: { id: deletion.id } });
    await tx.deletedUser.upsert({
      where: { userId: deletion.id },
      create: {
        userId: deletion.id,
        deletedAt: deletion.deletedAt,
        deletedBy: deletion.deletedBy,
      },
      update: {},
    });
    await enqueueEvent(tx, schema, topic, event);
    return { avatarFile: row.avatar_file };
  });
}
