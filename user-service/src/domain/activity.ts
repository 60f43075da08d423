import { z } from "zod";
import type { ServiceDatabase } from "../data/database";
import type { ActivityEntry } from "./activity-rules";
import { decodeCursor, toPage, type Page } from "./cursor";

const activityPosition = z.object({ at: z.iso.datetime(), id: z.uuid() });

/** Decodes an activity cursor; undefined when it is not one. */
export const decodeActivityCursor = (cursor: string) => {
  const position = decodeCursor(activityPosition, cursor);
  return position && { at: new Date(position.at), id: position.id };
};

export type ActivityPosition = NonNullable<ReturnType<typeof decodeActivityCursor>>;

/** The user's history, newest first, one keyset page at a time. */
export async function listActivity(
  data: ServiceDatabase,
  userId: string,
  page: { limit: number; after?: ActivityPosition | undefined },
): Promise<Page<ActivityEntry>> {
  const rows = await data.repos.activity.list(userId, page.after, page.limit + 1);
  return toPage(
    rows,
    page.limit,
    (row) => ({ at: row.at.toISOString(), id: row.id }),
    (row) => row,
  );
}
