import type { Logger, ReadinessCheck } from "@turnout/kit";
import type { Database } from "../data/database";
import { findNotification, latestSeq, listNotificationsAfter } from "../data/notifications";
import { createPgListener, type PgListener } from "../data/pg-listener";
import { createNotificationHub, type NotificationHub } from "./notification-hub";

export interface LiveFeed {
  hub: NotificationHub;
  listener: PgListener;
  /** Not ready while the LISTEN connection is down: this replica's streams would miss pushes. */
  readiness: ReadinessCheck;
}

/**
 * One replica's side of the fan-out: a LISTEN connection on `<schema>_inbox` (new inbox rows,
 * from whichever replica's consumer) and `<schema>_mail` (new mail to send), and the hub that
 * pushes inbox rows to this replica's streams.
 */
export function createLiveFeed(options: {
  databaseUrl: string;
  schema: string;
  db: Database;
  logger: Logger;
  /** Called when a mail row was inserted anywhere (wakes the mail sender). */
  onMailQueued: () => void;
}): LiveFeed {
  const { db, schema } = options;
  const hub = createNotificationHub(
    {
      byId: (id) => findNotification(db, id),
      after: (userId, afterSeq, limit) => listNotificationsAfter(db, userId, afterSeq, limit),
      latestSeq: (userId) => latestSeq(db, userId),
    },
    options.logger,
  );
  const inbox = `${schema}_inbox`;
  const listener = createPgListener({
    databaseUrl: options.databaseUrl,
    channels: [inbox, `${schema}_mail`],
    logger: options.logger,
    onNotification: (channel, payload) => {
      if (channel === inbox) hub.notified(payload);
      else options.onMailQueued();
    },
    onReconnect: () => {
      hub.resync();
    },
  });
  return {
    hub,
    listener,
    readiness: {
      name: "notification-feed",
      check: () =>
        listener.connected()
          ? Promise.resolve()
          : Promise.reject(new Error("the LISTEN connection is down")),
    },
  };
}
