import { Client } from "pg";
import type { Logger } from "@turnout/kit";

export interface PgListener {
  /** Connects and LISTENs; keeps (re)connecting in the background while it cannot. */
  start(): Promise<void>;
  stop(): Promise<void>;
  connected(): boolean;
}

export interface PgListenerOptions {
  databaseUrl: string;
  channels: readonly string[];
  logger: Logger;
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
 * One dedicated PostgreSQL connection per replica in LISTEN mode (a pooled connection would be
 * handed to other queries and lose its LISTENs). NOTIFY is delivered to every listening session
 * when the notifying transaction commits, which is how every replica learns about a new row.
 */
export function createPgListener(options: PgListenerOptions): PgListener {
  for (const channel of options.channels) {
    if (!CHANNEL.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  }
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  let client: Client | undefined;
  let stopped = false;
  let everConnected = false;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const next = new Client({ connectionString: options.databaseUrl });
    next.on("notification", (message) => {
      options.onNotification(message.channel, message.payload ?? "");
    });
    next.on("error", (error) => {
      options.logger.warn("LISTEN connection failed", { error: String(error) });
    });
    next.on("end", () => {
      if (client !== next || stopped) return;
      client = undefined;
      scheduleReconnect(250);
    });
    try {
      await next.connect();
      for (const channel of options.channels) await next.query(`LISTEN ${channel}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
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
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const closing = client;
      client = undefined;
      await closing?.end().catch(() => undefined);
    },
    connected: () => client !== undefined,
  };
}
