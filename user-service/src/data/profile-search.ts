import { quoteIdent } from "@turnout/kit";
import type { Profile } from "../domain/profile-rules";
import type { Database } from "./database";

export interface ProfileSearch {
  /** Lower-cased prefix to match against display name, username or email. */
  prefix?: string | undefined;
  /** Only rows listed after this position (`seq` of the last row of the previous page). */
  beforeSeq?: bigint | undefined;
  /** Rows to fetch (a page plus one, to know whether another follows). */
  take: number;
}

interface Row {
  id: string;
  seq_text: string;
  email: string;
  username: string | null;
  display_name: string | null;
  bio: string | null;
  avatar_file: string | null;
  created_at: Date;
  updated_at: Date;
}

/** `%`, `_` and the escape character itself are literal in a search prefix. */
const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, "\\$&")}%`;

/**
 * Newest first by `seq`: a unique number that only grows, so a keyset over it neither skips
 * nor repeats a row, and rows inserted while someone pages sort before their first page.
 * The prefix match uses the lower(...) text_pattern_ops indexes of the migration.
 */
export async function searchProfiles(
  db: Database,
  schema: string,
  search: ProfileSearch,
): Promise<(Profile & { seq: bigint })[]> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (search.prefix !== undefined) {
    values.push(likePrefix(search.prefix));
    const p = `$${values.length}`;
    conditions.push(
      `(lower(username) LIKE ${p} OR lower(display_name) LIKE ${p} OR lower(email) LIKE ${p})`,
    );
  }
  if (search.beforeSeq !== undefined) {
    values.push(search.beforeSeq.toString());
    conditions.push(`seq < $${values.length}::bigint`);
  }
  values.push(search.take);
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT id::text, seq::text AS seq_text, email, username, display_name, bio, avatar_file,
            created_at, updated_at
       FROM ${quoteIdent(schema)}.profiles
      ${conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : ""}
      ORDER BY profiles.seq DESC
      LIMIT $${values.length}`,
    ...values,
  );
  return rows.map((row) => ({
    id: row.id,
    seq: BigInt(row.seq_text),
    email: row.email,
    username: row.username,
    displayName: row.display_name,
    bio: row.bio,
    avatarFile: row.avatar_file,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }));
}
