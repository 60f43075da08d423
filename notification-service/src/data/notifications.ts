import { randomUUID } from "node:crypto";
import { quoteIdent, type Sql } from "@turnout/kit";
import type { NotificationType } from "../domain/notices";
import type { Database } from "./database";

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
 * Adds an inbox entry in the consumer's transaction; the insert trigger NOTIFYs every replica
 * when it commits. A second entry for the same (source event, user, type) is not added.
 */
export async function insertNotification(
  tx: Sql,
  schema: string,
  input: {
    userId: string;
    type: NotificationType;
    title: string;
    body: string;
    data: Record<string, unknown>;
    sourceEventId: string;
  },
): Promise<boolean> {
  const added = await tx.$executeRawUnsafe(
    `INSERT INTO ${quoteIdent(schema)}.notifications
       (id, user_id, type, title, body, data, source_event_id)
     VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::jsonb, $7::uuid)
     ON CONFLICT (source_event_id, user_id, type) DO NOTHING`,
    randomUUID(),
    input.userId,
    input.type,
    input.title,
    input.body,
    JSON.stringify(input.data),
    input.sourceEventId,
  );
  return added === 1;
}

/** One page of the user's inbox, newest first, strictly older than `beforeSeq`. */
export function listNotifications(
  db: Database,
  userId: string,
  page: { limit: number; beforeSeq?: bigint; unreadOnly: boolean },
): Promise<NotificationView[]> {
  return db.notification.findMany({
    where: {
      userId,
      ...(page.unreadOnly ? { readAt: null } : {}),
      ...(page.beforeSeq === undefined ? {} : { seq: { lt: page.beforeSeq } }),
    },
    orderBy: { seq: "desc" },
    take: page.limit,
    select: VIEW,
  });
}

/** Marks one of the user's notifications read (kept as first read); false when not theirs. */
export async function markRead(db: Database, userId: string, id: string): Promise<boolean> {
  const exists = await db.notification.count({ where: { id, userId } });
  if (exists === 0) return false;
  await db.notification.updateMany({
    where: { id, userId, readAt: null },
    data: { readAt: new Date() },
  });
  return true;
}

export async function markAllRead(db: Database, userId: string): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: new Date() },
  });
  return count;
}

export function findNotification(
  db: Database,
  id: string,
): Promise<(NotificationView & { userId: string }) | null> {
  return db.notification.findUnique({ where: { id }, select: { ...VIEW, userId: true } });
}

/** The user's notifications after `afterSeq`, oldest first (SSE replay). */
export function listNotificationsAfter(
  db: Database,
  userId: string,
  afterSeq: bigint,
  limit: number,
): Promise<NotificationView[]> {
  return db.notification.findMany({
    where: { userId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: VIEW,
  });
}

/** Where the user's inbox ends now: the newest `seq`, 0 when empty. */
export async function latestSeq(db: Database, userId: string): Promise<bigint> {
  const newest = await db.notification.findFirst({
    where: { userId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return newest?.seq ?? 0n;
}

/** The `seq` of one of the user's notifications (a `Last-Event-ID`), if it is theirs. */
export async function seqOf(db: Database, userId: string, id: string): Promise<bigint | undefined> {
  const row = await db.notification.findFirst({ where: { id, userId }, select: { seq: true } });
  return row?.seq;
}
