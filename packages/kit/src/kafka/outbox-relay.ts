import type { Pool } from "pg";
import type { Message, Producer } from "kafkajs";
import type { Logger } from "winston";
import { execute, queryRows, statement } from "../data/statement";
import { onOutboxCommitted } from "./outbox";

export interface OutboxRelayOptions {
  /** A pool logged in as the service's own role, `search_path` = its schema. */
  pool: Pool;
  producer: Producer;
  logger: Logger;
  batchSize?: number;
  /**
   * Poll for rows this process was not told about: rows written by another process (another
   * replica, an ops command), and rows whose backoff or lease ran out. Rows this process commits
   * wake the relay at once (see `signalOutboxCommitted`).
   */
  pollIntervalMs?: number;
  /**
   * The longest wait before rows whose send failed are tried again; default 5 s. It bounds how
   * long rows sit after the broker is back, so it stays short: one doomed try per batch every
   * few seconds costs a broker that is down next to nothing.
   */
  maxBackoffMs?: number;
  /**
   * A send that has not settled by then counts as failed (rows back off and retry): kafkajs can
   * wait on a broker that went away longer than its own timeouts suggest. A late success only
   * means a duplicate, which idempotent consumers absorb.
   */
  sendTimeoutMs?: number;
}

export interface OutboxRelay {
  start(): Promise<void>;
  /** Publishes everything that is ready now; resolves when the outbox holds nothing publishable. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

interface Pass {
  claimed: number;
  published: number;
}

interface Row {
  seq: string;
  topic: string;
  message_key: string;
  value: unknown;
  headers: Record<string, string>;
  attempts: number;
}

/**
 * Claims a batch in one statement, without a transaction that outlives it: the rows get a
 * lease (`available_at` moves past the send timeout), so no other relay takes them while they
 * are being sent, and a relay that dies mid-send leaves them to be sent again when the lease
 * runs out. A row is claimed only when every older row of its topic and key is in the same
 * batch: one still waiting (leased elsewhere, backing off, locked by another claim) holds the
 * newer ones back, so per-key order holds whichever replica publishes.
 */
const claimBatch = statement<Row>(
  "kit_outbox_claim",
  `WITH candidates AS MATERIALIZED (
     SELECT seq, topic, message_key FROM outbox WHERE available_at <= now()
     ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
   ), ready AS (
     SELECT c.seq FROM candidates c
     WHERE NOT EXISTS (
       SELECT 1 FROM outbox e WHERE e.topic = c.topic AND e.message_key = c.message_key
         AND e.seq < c.seq AND e.seq NOT IN (SELECT seq FROM candidates))
   )
   UPDATE outbox o SET available_at = now() + ($2::int * interval '1 millisecond')
   FROM ready WHERE o.seq = ready.seq
   RETURNING o.seq, o.topic, o.message_key, o.value, o.headers, o.attempts`,
);

const deleteSent = statement(
  "kit_outbox_delete",
  `DELETE FROM outbox WHERE seq = ANY($1::bigint[])`,
);

const backOff = statement(
  "kit_outbox_back_off",
  `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
     available_at = now() + ($3::int * interval '1 millisecond') WHERE seq = ANY($1::bigint[])`,
);

/**
 * Publishes outbox rows to Kafka: claim (one statement), send, delete (one statement). Several
 * replicas may run it. A failed send leaves the rows in place with an exponential backoff
 * (capped at `maxBackoffMs`): nothing is lost while the broker is down, and everything goes out
 * once it is back.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 200;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 15_000;
  // The lease outlasts the send's timeout, so a row is never sent by two relays at once.
  const leaseMs = sendTimeoutMs + 15_000;
  const { logger, pool } = options;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let running = false;
  let draining: Promise<void> | undefined;
  let wakeups = 0;
  let wakeScheduled = false;

  async function drainOnce(): Promise<Pass> {
    // RETURNING comes in no particular order: the batch is sent in `seq` order.
    const rows = (await queryRows(pool, claimBatch, [batchSize, leaseMs])).sort((a, b) =>
      Number(BigInt(a.seq) - BigInt(b.seq)),
    );
    if (rows.length === 0) return { claimed: 0, published: 0 };
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.message_key,
        value: JSON.stringify(row.value),
        headers: row.headers,
      });
      byTopic.set(row.topic, messages);
    }
    const seqs = rows.map((row) => row.seq);
    try {
      await withTimeout(
        options.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        }),
        sendTimeoutMs,
      );
    } catch (error) {
      const attempts = Math.max(...rows.map((row) => row.attempts)) + 1;
      const delay = Math.min(maxBackoffMs, 250 * 2 ** Math.min(attempts, 10));
      await execute(pool, backOff, [seqs, String(error).slice(0, 1000), delay]);
      logger.warn("outbox publish failed; will retry", {
        rows: seqs.length,
        attempts,
        retry_in_ms: delay,
        error: String(error),
      });
      return { claimed: rows.length, published: 0 };
    }
    await execute(pool, deleteSent, [seqs]);
    return { claimed: rows.length, published: rows.length };
  }

  /** One drain at a time per relay; a wake-up during a drain schedules another pass. */
  function drain(): Promise<void> {
    wakeups++;
    if (draining) return draining;
    draining = (async () => {
      let seen: number;
      do {
        seen = wakeups;
        // A batch short of `batchSize` took every row there was; rows committed since then
        // counted as a wake-up, so one more pass follows.
        let pass: Pass;
        do {
          pass = await drainOnce();
        } while (pass.claimed === batchSize && pass.published > 0);
      } while (wakeups !== seen);
    })().finally(() => (draining = undefined));
    return draining;
  }

  const drainQuietly = () =>
    drain().catch((error: unknown) =>
      logger.error("outbox relay pass failed", { error: String(error) }),
    );

  /** Commits that land in the same turn of the event loop share one pass. */
  function wake(): void {
    if (!running) return;
    if (draining) {
      wakeups++;
      return;
    }
    if (wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      void drainQuietly();
    });
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => void drainQuietly().then(schedule), options.pollIntervalMs ?? 1000);
    timer.unref();
  }

  return {
    async start() {
      running = true;
      await options.producer.connect();
      unsubscribe = onOutboxCommitted(wake);
      void drainQuietly();
      schedule();
    },
    flush: () => drain(),
    async stop() {
      running = false;
      unsubscribe?.();
      clearTimeout(timer);
      await draining?.catch(() => undefined);
      await options.producer.disconnect();
    },
  };
}

/** `promise`, or a rejection after `ms`; a late rejection of `promise` is swallowed. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`send not settled after ${ms} ms`));
    }, ms);
  });
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
