import { Client, type Pool, type PoolClient } from "pg";
import type { Message, Producer } from "kafkajs";
import type { Logger } from "winston";
import { quoteIdent } from "./sql";

export interface OutboxRelayOptions {
  /** A pool logged in as the service's own role. */
  pool: Pool;
  /** Connection string for the LISTEN connection (wake-ups on insert). */
  databaseUrl: string;
  schema: string;
  producer: Producer;
  logger: Logger;
  batchSize?: number;
  /** Fallback poll when no notification arrives (a missed NOTIFY, a backoff expiring). */
  pollIntervalMs?: number;
  /**
   * The longest wait before rows whose send failed are tried again; default 5 s. It bounds how
   * long rows sit after the broker is back, so it stays short: one doomed try per batch every
   * few seconds costs a broker that is down next to nothing.
   */
  maxBackoffMs?: number;
  /**
   * A send that has not settled by then counts as failed (rows back off and retry): kafkajs can
   * wait on a broker that went away longer than its own timeouts suggest, and a stuck send would
   * stall the relay and keep its rows locked. A late success only means a duplicate, which
   * idempotent consumers absorb.
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
  event_id: string;
  topic: string;
  message_key: string;
  value: unknown;
  headers: Record<string, string>;
  attempts: number;
}

/**
 * Publishes outbox rows to Kafka. Several replicas may run it: rows are claimed with
 * FOR UPDATE SKIP LOCKED, and a row is published only when no older row of the same
 * topic and key is still waiting, so per-key order holds whichever replica publishes.
 * A failed send leaves the rows in place with an exponential backoff (capped at
 * `maxBackoffMs`): nothing is lost while the broker is down, and everything goes out once it
 * is back, within a send timeout plus `maxBackoffMs` at worst.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const table = `${quoteIdent(options.schema)}.outbox`;
  const batchSize = options.batchSize ?? 200;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const { logger } = options;
  let listener: Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let draining: Promise<void> | undefined;
  let wakeups = 0;

  /** Publishes one claimed batch; says how many rows it claimed and how many went out. */
  async function publishBatch(client: PoolClient): Promise<Pass> {
    const { rows } = await client.query<Row>(
      `SELECT seq, event_id, topic, message_key, value, headers, attempts FROM ${table} o
       WHERE available_at <= now()
         AND NOT EXISTS (SELECT 1 FROM ${table} e WHERE e.topic = o.topic
           AND e.message_key = o.message_key AND e.seq < o.seq AND e.available_at > now())
       ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    if (rows.length === 0) return { claimed: 0, published: 0 };
    const blocked = await keysWithOlderRows(client, rows);
    const ready = rows.filter((row) => !blocked.has(keyOf(row)));
    if (ready.length === 0) return { claimed: rows.length, published: 0 };

    const byTopic = new Map<string, Message[]>();
    for (const row of ready) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.message_key,
        value: JSON.stringify(row.value),
        headers: row.headers,
      });
      byTopic.set(row.topic, messages);
    }
    const seqs = ready.map((row) => row.seq);
    try {
      await withTimeout(
        options.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        }),
        options.sendTimeoutMs ?? 15_000,
      );
    } catch (error) {
      const attempts = Math.max(...ready.map((row) => row.attempts)) + 1;
      const delay = Math.min(maxBackoffMs, 250 * 2 ** Math.min(attempts, 10));
      await client.query(
        `UPDATE ${table} SET attempts = attempts + 1, last_error = $2,
           available_at = now() + ($3::int * interval '1 millisecond') WHERE seq = ANY($1::bigint[])`,
        [seqs, String(error).slice(0, 1000), delay],
      );
      logger.warn("outbox publish failed; will retry", {
        rows: seqs.length,
        attempts,
        retry_in_ms: delay,
        error: String(error),
      });
      return { claimed: rows.length, published: 0 };
    }
    await client.query(`DELETE FROM ${table} WHERE seq = ANY($1::bigint[])`, [seqs]);
    return { claimed: rows.length, published: ready.length };
  }

  /** Keys whose oldest claimed row still has an older row we did not claim (another replica's, or backing off). */
  async function keysWithOlderRows(client: PoolClient, rows: Row[]): Promise<Set<string>> {
    const first = new Map<string, Row>();
    for (const row of rows) if (!first.has(keyOf(row))) first.set(keyOf(row), row);
    const heads = [...first.values()];
    const { rows: older } = await client.query<{ topic: string; message_key: string }>(
      `SELECT DISTINCT o.topic, o.message_key FROM ${table} o
       JOIN unnest($1::text[], $2::text[], $3::bigint[]) AS h(topic, message_key, seq)
         ON o.topic = h.topic AND o.message_key = h.message_key AND o.seq < h.seq`,
      [heads.map((r) => r.topic), heads.map((r) => r.message_key), heads.map((r) => r.seq)],
    );
    return new Set(older.map(keyOf));
  }

  async function drainOnce(): Promise<Pass> {
    const client = await options.pool.connect();
    try {
      await client.query("BEGIN");
      const published = await publishBatch(client);
      await client.query("COMMIT");
      return published;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** One drain at a time per relay; a wake-up during a drain schedules another pass. */
  function drain(): Promise<void> {
    wakeups++;
    if (draining) return draining;
    draining = (async () => {
      let seen: number;
      do {
        seen = wakeups;
        // A batch short of `batchSize` took every row there was: rows inserted since then
        // notify, which counts as a wake-up, so one more pass follows. (Draining until an empty
        // batch cost every wake-up a transaction that found nothing: 3 of a registration's
        // ~25 statements in the storm benchmark.)
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

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => void drainQuietly().then(schedule), options.pollIntervalMs ?? 1000);
    timer.unref();
  }

  return {
    async start() {
      running = true;
      await options.producer.connect();
      listener = new Client({ connectionString: options.databaseUrl });
      listener.on("notification", () => void drainQuietly());
      listener.on("error", (error) =>
        logger.warn("outbox listener connection failed", { error: String(error) }),
      );
      await listener.connect();
      await listener.query(`LISTEN ${quoteIdent(`${options.schema}_outbox`)}`);
      void drainQuietly();
      schedule();
    },
    flush: () => drain(),
    async stop() {
      running = false;
      clearTimeout(timer);
      await draining?.catch(() => undefined);
      await listener?.end().catch(() => undefined);
      await options.producer.disconnect();
    },
  };
}

const keyOf = (row: { topic: string; message_key: string }): string =>
  `${row.topic}\u0000${row.message_key}`;

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
