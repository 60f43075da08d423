import { execute, statement, type Db } from "@turnout/kit";

// One bounded statement: at most `$2` rows, picked by the partial index of settled mail and
// locked with SKIP LOCKED (replicas purging at once take different rows), then deleted by their
// physical address. `$1` is seconds. A pending mail is the sender's and is never purged.
const purgeSettledMail = statement(
  "notifications_expired_rows_settled_mail",
  `DELETE FROM outbound_mail WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM outbound_mail
     WHERE status <> 'pending' AND created_at < now() - make_interval(secs => $1::int)
     LIMIT $2::int FOR UPDATE SKIP LOCKED))`,
);

// Settled webhook deliveries (their attempts go with them); pending ones are the dispatcher's.
const purgeSettledDeliveries = statement(
  "notifications_expired_rows_settled_webhook_deliveries",
  `DELETE FROM webhook_deliveries WHERE id = ANY(ARRAY(
     SELECT id FROM webhook_deliveries
     WHERE status <> 'pending' AND settled_at < now() - make_interval(secs => $1::int)
     LIMIT $2::int FOR UPDATE SKIP LOCKED))`,
);

/** Deletes rows that no longer count for anything; each call at most `limit`, how many it deleted. */
export function expiredRowsRepository(db: Db) {
  return {
    /** Sent, failed or expired mail queued more than `retentionSeconds` ago. */
    settledMail: (retentionSeconds: number, limit: number): Promise<number> =>
      execute(db, purgeSettledMail, [retentionSeconds, limit]),
    /** Webhook deliveries settled more than `retentionSeconds` ago. */
    settledWebhookDeliveries: (retentionSeconds: number, limit: number): Promise<number> =>
      execute(db, purgeSettledDeliveries, [retentionSeconds, limit]),
  };
}
