import type { Pool, PoolClient } from "pg";
import type { Logger } from "../logging";

export interface PgListener {
  /** Takes its connection and LISTENs; keeps retrying in the background while it cannot. */
  start(): Promise<void>;
  stop(): Promise<void>;
  connected(): boolean;
}

export interface PgListenerOptions {
  /** The service's one pool: the listener holds one of its connections for as long as it runs. */
  pool: Pool;
  /**
   * Channel names without their schema: the triggers notify `<table schema>_<name>`, and the
   * pool's connections are bound to the service's schema, so the listener reads it there.
   */
  channels: readonly string[];
  logger: Logger;
  /** Called with the short name (`inbox`) of the channel that was notified. */
  onNotification: (channel: string, payload: string) => void;
  /**
   * After each (re)connect: notifications sent while the connection was down are lost, so
   * whoever depends on them catches up from the tables.
   */
  onReconnect?: () => void;
  maxBackoffMs?: number;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One connection per replica in LISTEN mode, taken from the pool and never given back while it
 * listens (a connection returned to the pool would be handed to other queries and keep its
 * LISTENs). NOTIFY is delivered to every listening session when the notifying transaction
 * commits, which is how every replica learns about a new row.
 */
export function createPgListener(options: PgListenerOptions): PgListener {
  for (const name of options.channels) {
    if (!CHANNEL.test(name)) throw new Error(`not a plain channel name: ${name}`);
  }
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  let client: PoolClient | undefined;
  let stopped = false;
  let everConnected = false;
  let retry: NodeJS.Timeout | undefined;
  /** Drops the current connection (once, whoever asks first). */
  let releaseCurrent: (() => void) | undefined;

  async function connect(): Promise<void> {
    const next = await options.pool.connect();
    let released = false;
    // A broken connection is dropped from the pool, not handed to the next query.
    const drop = () => {
      if (released) return;
      released = true;
      next.release(true);
    };
    const byChannel = new Map<string, string>();
    next.on("notification", (message) => {
      const name = byChannel.get(message.channel);
      if (name !== undefined) options.onNotification(name, message.payload ?? "");
    });
    next.on("error", (error) => {
      options.logger.warn("LISTEN connection failed", { error: String(error) });
    });
    next.on("end", () => {
      drop();
      if (client !== next || stopped) return;
      client = undefined;
      scheduleReconnect(250);
    });
    try {
      const { rows } = await next.query<{ schema: string }>("SELECT current_schema() AS schema");
      const schema = rows[0]?.schema ?? "";
      for (const name of options.channels) {
        const channel = `${schema}_${name}`;
        if (!CHANNEL.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
        byChannel.set(channel, name);
        await next.query(`LISTEN ${channel}`);
      }
    } catch (error) {
      drop();
      throw error;
    }
    if (stopped) {
      drop();
      return;
    }
    client = next;
    releaseCurrent = drop;
    if (everConnected) options.logger.info("LISTEN connection restored");
    everConnected = true;
    // Also on the first connect: streams may have opened while it was not there yet.
    options.onReconnect?.();
  }

  function scheduleReconnect(delayMs: number): void {
    if (stopped) return;
    retry = setTimeout(() => {
      connect().catch((error: unknown) => {
        options.logger.warn("LISTEN reconnect failed", { error: String(error) });
        scheduleReconnect(Math.min(maxBackoff, delayMs * 2));
      });
    }, delayMs);
    retry.unref();
  }

  return {
    async start() {
      // A database that is down at start is reported by readiness, not by a crash.
      await connect().catch((error: unknown) => {
        options.logger.warn("LISTEN connection failed; retrying", { error: String(error) });
        scheduleReconnect(250);
      });
    },
    stop() {
      stopped = true;
      clearTimeout(retry);
      client = undefined;
      // Destroyed rather than returned: its LISTENs must not follow it into the pool.
      releaseCurrent?.();
      releaseCurrent = undefined;
      return Promise.resolve();
    },
    connected: () => client !== undefined,
  };
}
