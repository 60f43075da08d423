import { z } from "zod";
import type { Logger } from "@turnout/kit";
import type { NotificationView } from "../data/notifications";

/** How the hub reads the inbox (data/notifications.ts over the service's database). */
export interface NotificationFeed {
  byId(id: string): Promise<(NotificationView & { userId: string }) | null>;
  after(userId: string, afterSeq: bigint, limit: number): Promise<NotificationView[]>;
  latestSeq(userId: string): Promise<bigint>;
}

/** One open stream, as the hub sees it. */
export interface StreamSink {
  push(notification: NotificationView): void;
  /** Ends the stream (shutdown); the client reconnects, elsewhere if need be. */
  end(): void;
}

export interface NotificationHub {
  /**
   * Registers a stream of `userId`. With `afterSeq` (a Last-Event-ID) the notifications after it
   * are pushed first; live ones that arrive meanwhile wait and follow, each pushed once.
   * Resolves with the function that unregisters the stream.
   */
  subscribe(userId: string, sink: StreamSink, afterSeq?: bigint): Promise<() => void>;
  /** A NOTIFY payload from the inbox channel: `{"id": ..., "user_id": ...}`. */
  notified(payload: string): void;
  /** After the LISTEN connection was lost: every stream catches up from the table. */
  resync(): void;
  closeAll(): void;
  openStreams(): number;
}

/** Most notifications one replay pushes; a client further behind pages through `GET /`. */
export const REPLAY_LIMIT = 500;
/** Ids remembered per stream to push each notification once (replay and live overlap). */
const SEEN_LIMIT = 1000;

interface Subscription {
  userId: string;
  sink: StreamSink;
  lastSeq: bigint;
  ready: boolean;
  buffer: NotificationView[];
  seen: Set<string>;
}

const payloadSchema = z.object({ id: z.uuid(), user_id: z.uuid() });

/**
 * This replica's open streams by user. Every replica LISTENs on the inbox channel, so whichever
 * replica's consumer wrote a notification, the replica holding the user's stream loads the row
 * and pushes it. Loads run one after another so a user sees notifications in NOTIFY order.
 */
export function createNotificationHub(feed: NotificationFeed, logger: Logger): NotificationHub {
  const byUser = new Map<string, Set<Subscription>>();
  let queue: Promise<void> = Promise.resolve();

  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      logger.warn("pushing a notification failed", { error: String(error) });
    });
  };

  function deliver(sub: Subscription, notification: NotificationView): void {
    if (sub.seen.has(notification.id)) return;
    sub.seen.add(notification.id);
    if (sub.seen.size > SEEN_LIMIT) {
      const oldest = sub.seen.values().next().value;
      if (oldest !== undefined) sub.seen.delete(oldest);
    }
    if (notification.seq > sub.lastSeq) sub.lastSeq = notification.seq;
    sub.sink.push(notification);
  }

  function remove(sub: Subscription): void {
    const subs = byUser.get(sub.userId);
    subs?.delete(sub);
    if (subs?.size === 0) byUser.delete(sub.userId);
  }

  return {
    async subscribe(userId, sink, afterSeq) {
      const sub: Subscription = {
        userId,
        sink,
        lastSeq: afterSeq ?? 0n,
        ready: false,
        buffer: [],
        seen: new Set(),
      };
      const subs = byUser.get(userId) ?? new Set<Subscription>();
      subs.add(sub);
      byUser.set(userId, subs);
      try {
        if (afterSeq === undefined) {
          sub.lastSeq = await feed.latestSeq(userId);
        } else {
          for (const n of await feed.after(userId, afterSeq, REPLAY_LIMIT)) deliver(sub, n);
        }
      } catch (error) {
        remove(sub);
        throw error;
      }
      sub.ready = true;
      for (const n of sub.buffer.splice(0)) deliver(sub, n);
      return () => {
        remove(sub);
      };
    },
    notified(payload) {
      let parsed: z.infer<typeof payloadSchema>;
      try {
        parsed = payloadSchema.parse(JSON.parse(payload));
      } catch {
        logger.warn("ignoring a malformed inbox NOTIFY payload");
        return;
      }
      if (!byUser.has(parsed.user_id)) return;
      enqueue(async () => {
        const notification = await feed.byId(parsed.id);
        if (!notification) return;
        for (const sub of byUser.get(notification.userId) ?? []) {
          if (sub.ready) deliver(sub, notification);
          else sub.buffer.push(notification);
        }
      });
    },
    resync() {
      for (const subs of byUser.values()) {
        for (const sub of subs) {
          enqueue(async () => {
            if (!sub.ready) return;
            for (const n of await feed.after(sub.userId, sub.lastSeq, REPLAY_LIMIT)) {
              deliver(sub, n);
            }
          });
        }
      }
    },
    closeAll() {
      const all = [...byUser.values()].flatMap((subs) => [...subs]);
      byUser.clear();
      for (const sub of all) sub.sink.end();
    },
    openStreams: () => [...byUser.values()].reduce((sum, subs) => sum + subs.size, 0),
  };
}
