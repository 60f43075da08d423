import { queryRows, statement, type Db } from "@turnout/kit";
import type { Profile } from "../domain/profile-rules";
import { toProfile, type ProfileRow } from "./profiles";

export interface ProfileSearch {
  /** Lower-cased prefix to match against display name, username or email. */
  prefix?: string | undefined;
  /** Only rows listed after this position (`seq` of the last row of the previous page). */
  beforeSeq?: bigint | undefined;
  /** Rows to fetch (a page plus one, to know whether another follows). */
  take: number;
}

interface Row extends ProfileRow {
  seq_text: string;
}

const COLUMNS = `id::text, seq::text AS seq_text, email, username, display_name, bio, avatar_file,
  created_at, updated_at`;

/** Greater than any `seq`: the first page has no position. */
const NO_POSITION = "9223372036854775807";

/**
 * Newest first by `seq`: a unique number that only grows, so a keyset over it neither skips
 * nor repeats a row, and rows inserted while someone pages sort before their first page.
 */
const listAll = statement<Row>(
  "users_profile_search_all",
  `SELECT ${COLUMNS} FROM profiles WHERE seq < $1::bigint ORDER BY seq DESC LIMIT $2`,
);

/**
 * The prefix match as byte-wise ranges (`~>=~`, `~<~`, the operators of the lower(...)
 * text_pattern_ops indexes of the migration) rather than `LIKE $1`: a prepared statement's
 * generic plan cannot turn a parameter pattern into index bounds, but it can use ranges, so
 * every execution is a bitmap OR of the three indexes. The LIKE keeps the exact meaning.
 */
const listByPrefix = statement<Row>(
  "users_profile_search_prefix",
  `SELECT ${COLUMNS} FROM profiles
   WHERE ((lower(username) ~>=~ $1 AND lower(username) ~<~ $2)
       OR (lower(display_name) ~>=~ $1 AND lower(display_name) ~<~ $2)
       OR (lower(email) ~>=~ $1 AND lower(email) ~<~ $2))
     AND (lower(username) LIKE $3 OR lower(display_name) LIKE $3 OR lower(email) LIKE $3)
     AND seq < $4::bigint
   ORDER BY seq DESC LIMIT $5`,
);

/** `%`, `_` and the escape character itself are literal in a search prefix. */
const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, "\\$&")}%`;

const MAX_CODE_POINT = 0x10ffff;

/**
 * The least string above every string that starts with `prefix`, byte-wise: the prefix with
 * its last character replaced by the next one (UTF-8 keeps code point order, and no encoding
 * is a prefix of another). Surrogates are not characters, so U+D7FF is followed by U+E000.
 */
export function prefixUpperBound(prefix: string): string {
  const points = Array.from(prefix, (char) => char.codePointAt(0) ?? 0);
  for (let i = points.length - 1; i >= 0; i--) {
    const last = points[i] ?? MAX_CODE_POINT;
    if (last < MAX_CODE_POINT) {
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return String.fromCodePoint(...points.slice(0, i), next);
    }
  }
  // Only U+10FFFF characters: nothing real sorts above a long run of them.
  return String.fromCodePoint(MAX_CODE_POINT).repeat(prefix.length + 1000);
}

export function profileSearchRepository(db: Db) {
  return {
    /** Profiles, newest first, optionally only those whose names or email start with the prefix. */
    async search(search: ProfileSearch): Promise<(Profile & { seq: bigint })[]> {
      const position = search.beforeSeq?.toString() ?? NO_POSITION;
      const rows =
        search.prefix === undefined
          ? await queryRows(db, listAll, [position, search.take])
          : await queryRows(db, listByPrefix, [
              search.prefix,
              prefixUpperBound(search.prefix),
              likePrefix(search.prefix),
              position,
              search.take,
            ]);
      return rows.map((row) => ({ ...toProfile(row), seq: BigInt(row.seq_text) }));
    },
  };
}
