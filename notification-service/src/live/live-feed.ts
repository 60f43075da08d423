import { createPgListener, type Logger, type PgListener, type ReadinessCheck } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
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
 * pushes inbox rows to this replica's streams. The connection is one of the pool's.
 */
export function createLiveFeed(options: {
  data: ServiceDatabase;
  logger: Logger;
  /** Called when a mail row was inserted anywhere (wakes the mail sender). */
  onMailQueued: () => void;
}): LiveFeed {
  const { notifications } = options.data.repos;
  const hub = createNotificationHub(
    {
      byId: (id) => notifications.findById(id),
      after: (userId, afterSeq, limit) => notifications.listAfter(userId, afterSeq, limit),
      latestSeq: (userId) => notifications.latestSeq(userId),
    },
    options.logger,
  );
  const inbox = "inbox";
  const listener = createPgListener({
    pool: options.data.pool,
    channels: [inbox, "mail"],
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
