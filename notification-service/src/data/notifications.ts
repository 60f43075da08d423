import { randomUUID } from "node:crypto";
import { execute, modelApi, statement, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";
import type { NotificationType } from "../domain/notices";

/** An inbox entry as the API and the stream show it (plus `seq`, its place in the order). */
export interface NotificationView {
  id: string;
  seq: bigint;
  type: string;
  title: string;
  body: string;
  data: unknown;
  readAt: Date | null;
  createdAt: Date;
}

const VIEW = {
  id: true,
  seq: true,
  type: true,
  title: true,
  body: true,
  data: true,
  readAt: true,
  createdAt: true,
} as const;

/**
 * The insert trigger NOTIFYs every replica when the writing unit of work commits (the live
 * feed). A second entry for the same (source event, user, type) is not added.
 */
const insertNotification = statement(
  "notifications_notifications_insert",
  `INSERT INTO notifications (id, user_id, type, title, body, data, source_event_id)
   VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::jsonb, $7::uuid)
   ON CONFLICT (source_event_id, user_id, type) DO NOTHING`,
);

/** Many entries of one type in one statement (reminders, messages to attendees); same key. */
const insertMany = statement(
  "notifications_notifications_insert_many",
  `INSERT INTO notifications (id, user_id, type, title, body, data, source_event_id)
   SELECT n.id, n.user_id, $1, n.title, n.body, n.data, n.source_event_id
   FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::uuid[])
     AS n(id, user_id, title, body, data, source_event_id)
   ON CONFLICT (source_event_id, user_id, type) DO NOTHING`,
);

/** One inbox entry of a batch (`insertMany`). */
export interface BatchEntry {
  userId: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  sourceEventId: string;
}

export function notificationsRepository(db: Db, prisma: PrismaClient | undefined) {
  return {
    /** Adds an inbox entry; whether it was added. */
    async insert(input: {
      userId: string;
      type: NotificationType;
      title: string;
      body: string;
      data: Record<string, unknown>;
      sourceEventId: string;
    }): Promise<boolean> {
      const added = await execute(db, insertNotification, [
        randomUUID(),
        input.userId,
        input.type,
        input.title,
        input.body,
        JSON.stringify(input.data),
        input.sourceEventId,
      ]);
      return added === 1;
    },
    /** Adds a batch of entries of one type in one statement; how many were added. */
    async insertMany(type: NotificationType, entries: readonly BatchEntry[]): Promise<number> {
      if (entries.length === 0) return 0;
      return execute(db, insertMany, [
        type,
        entries.map(() => randomUUID()),
        entries.map((e) => e.userId),
        entries.map((e) => e.title),
        entries.map((e) => e.body),
        entries.map((e) => JSON.stringify(e.data)),
        entries.map((e) => e.sourceEventId),
      ]);
    },

    /** One page of the user's inbox, newest first, strictly older than `beforeSeq`. */
    list(
      userId: string,
      page: { limit: number; beforeSeq?: bigint; unreadOnly: boolean },
    ): Promise<NotificationView[]> {
      return modelApi(prisma).notification.findMany({
        where: {
          userId,
          ...(page.unreadOnly ? { readAt: null } : {}),
          ...(page.beforeSeq === undefined ? {} : { seq: { lt: page.beforeSeq } }),
        },
        orderBy: { seq: "desc" },
        take: page.limit,
        select: VIEW,
      });
    },

    /** Marks one of the user's notifications read (kept as first read); false when not theirs. */
    async markRead(userId: string, id: string): Promise<boolean> {
      const model = modelApi(prisma).notification;
      const exists = await model.count({ where: { id, userId } });
      if (exists === 0) return false;
      await model.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
      return true;
    },

    async markAllRead(userId: string): Promise<number> {
      const { count } = await modelApi(prisma).notification.updateMany({
        where: { userId, readAt: null },
        data: { readAt: new Date() },
      });
      return count;
    },

    findById(id: string): Promise<(NotificationView & { userId: string }) | null> {
      return modelApi(prisma).notification.findUnique({
        where: { id },
        select: { ...VIEW, userId: true },
      });
    },

    /** The user's notifications after `afterSeq`, oldest first (SSE replay). */
    listAfter(userId: string, afterSeq: bigint, limit: number): Promise<NotificationView[]> {
      return modelApi(prisma).notification.findMany({
        where: { userId, seq: { gt: afterSeq } },
        orderBy: { seq: "asc" },
        take: limit,
        select: VIEW,
      });
    },

    /** Where the user's inbox ends now: the newest `seq`, 0 when empty. */
    async latestSeq(userId: string): Promise<bigint> {
      const newest = await modelApi(prisma).notification.findFirst({
        where: { userId },
        orderBy: { seq: "desc" },
        select: { seq: true },
      });
      return newest?.seq ?? 0n;
    },

    /** The `seq` of one of the user's notifications (a `Last-Event-ID`), if it is theirs. */
    async seqOf(userId: string, id: string): Promise<bigint | undefined> {
      const row = await modelApi(prisma).notification.findFirst({
        where: { id, userId },
        select: { seq: true },
      });
      return row?.seq;
    },
  };
}
