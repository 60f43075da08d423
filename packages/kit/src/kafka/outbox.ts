import { EventEmitter } from "node:events";
import { Pool, type PoolClient } from "pg";
import { onUnitOfWorkCommitted } from "../data/database";
import { execute, statement, type Db } from "../data/statement";
import { headersForEvent } from "./trace-headers";

/** The CloudEvents attributes the outbox needs; the whole envelope is the message value. */
export interface OutboxEvent {
  id: string;
  type: string;
  /** The aggregate id: the Kafka key, so one aggregate's events stay in order. */
  subject: string;
  /** The rest of the envelope (source, time, data...) travels as is. */
  readonly [attribute: string]: unknown;
}

/** The outbox row's columns after `seq`, as values for an INSERT. */
export function outboxValues(
  topic: string,
  event: OutboxEvent,
): [string, string, string, string, string] {
  return [
    event.id,
    topic,
    event.subject,
    JSON.stringify(event),
    JSON.stringify(headersForEvent(event.type)),
  ];
}

const insertOutbox = statement(
  "kit_outbox_insert",
  `INSERT INTO outbox (event_id, topic, message_key, value, headers)
   VALUES ($1::uuid, $2, $3, $4::jsonb, $5::jsonb)`,
);

const committed = new EventEmitter();
committed.setMaxListeners(0);
const pendingOnConnection = new WeakSet<PoolClient>();

onUnitOfWorkCommitted((client) => {
  if (!pendingOnConnection.has(client)) return;
  pendingOnConnection.delete(client);
  committed.emit("rows");
});

/**
 * Tells this process's relay that outbox rows were committed: it drains at once instead of at
 * its next poll. Units of work call it for you; a single statement that writes the outbox on the
 * pool (a CTE) calls it after the statement. Other processes' relays find the rows by polling.
 */
export function signalOutboxCommitted(): void {
  committed.emit("rows");
}

/** Subscribes to {@link signalOutboxCommitted}; returns the unsubscribe. */
export function onOutboxCommitted(listener: () => void): () => void {
  committed.on("rows", listener);
  return () => committed.off("rows", listener);
}

/**
 * Writes an event to the outbox, in the same commit as the state change it announces: `db` is
 * the unit of work's connection (the relay is told after the commit), or the pool when the
 * event stands alone. The relay publishes it afterwards.
 */
export async function enqueueEvent(db: Db, topic: string, event: OutboxEvent): Promise<void> {
  await execute(db, insertOutbox, outboxValues(topic, event));
  if (db instanceof Pool) signalOutboxCommitted();
  else pendingOnConnection.add(db);
}

/** The outbox as a repository, for a service's `repositories(db)`. */
export function outboxRepository(db: Db): {
  enqueue(topic: string, event: OutboxEvent): Promise<void>;
} {
  return { enqueue: (topic, event) => enqueueEvent(db, topic, event) };
}
