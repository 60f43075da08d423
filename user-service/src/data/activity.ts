import { execute, modelApi, statement, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";
import type { ActivityEntry } from "../domain/activity-rules";

/**
 * Records one history entry unless its source event was recorded already (any consumer group,
 * any replay) or its user was deleted.
 */
const insertActivity = statement(
  "users_activity_insert",
  `INSERT INTO activity (id, user_id, type, source_event_id, event_id, registration_id,
                         at, event_title, event_starts_at, created_at)
   SELECT $1::uuid, $2::uuid, $3, $4, $5::uuid, $6::uuid, $7::timestamptz, $8,
          $9::timestamptz, $10::timestamptz
   WHERE NOT EXISTS (SELECT 1 FROM deleted_users WHERE user_id = $2::uuid)
   ON CONFLICT (source_event_id) DO NOTHING`,
);

export function activityRepository(db: Db, prisma: PrismaClient | undefined) {
  return {
    /** Whether a row was inserted. */
    async insert(entry: ActivityEntry, now: Date): Promise<boolean> {
      const inserted = await execute(db, insertActivity, [
        entry.id,
        entry.userId,
        entry.type,
        entry.sourceEventId,
        entry.eventId,
        entry.registrationId,
        entry.at,
        entry.eventTitle,
        entry.eventStartsAt,
        now,
      ]);
      return inserted > 0;
    },

    /** A user's entries, newest first, after the keyset position `after` when given. */
    async list(
      userId: string,
      after: { at: Date; id: string } | undefined,
      take: number,
    ): Promise<ActivityEntry[]> {
      const rows = await modelApi(prisma).activity.findMany({
        where: {
          userId,
          ...(after
            ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] }
            : {}),
        },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take,
      });
      return rows.map((row) => ({
        id: row.id,
        userId: row.userId,
        type: row.type as ActivityEntry["type"],
        sourceEventId: row.sourceEventId,
        eventId: row.eventId,
        registrationId: row.registrationId,
        at: row.at,
        eventTitle: row.eventTitle,
        eventStartsAt: row.eventStartsAt,
      }));
    },
  };
}
