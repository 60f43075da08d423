import { z } from "zod";
import type { ServiceDatabase } from "../data/database";
import { decodeCursor, toPage, type Page } from "./cursor";
import type { Profile } from "./profile-rules";

const listPosition = z.object({ seq: z.string().regex(/^\d{1,19}$/) });

/** Decodes an admin-listing cursor; undefined when it is not one. */
export const decodeProfileCursor = (cursor: string): bigint | undefined => {
  const position = decodeCursor(listPosition, cursor);
  return position && BigInt(position.seq);
};

/**
 * Every profile, newest first, optionally only those whose display name, username or email
 * starts with `q` (case-insensitive). Keyset pages never skip or repeat a profile, even while
 * profiles are added.
 */
export async function listProfiles(
  deps: { data: ServiceDatabase },
  page: { limit: number; q?: string | undefined; after?: bigint | undefined },
): Promise<Page<Profile>> {
  const rows = await deps.data.repos.profileSearch.search({
    prefix: page.q?.toLowerCase(),
    beforeSeq: page.after,
    take: page.limit + 1,
  });
  return toPage(
    rows,
    page.limit,
    (row) => ({ seq: row.seq.toString() }),
    ({ seq: _seq, ...profile }) => profile,
  );
}
