import { quoteIdent, type Sql } from "./sql";
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

/**
 * Writes an event to the outbox inside the caller's transaction (`tx`), in the same commit as
 * the state change it announces. The relay publishes it afterwards.
 */
export async function enqueueEvent(
  tx: Sql,
  schema: string,
  topic: string,
  event: OutboxEvent,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO ${quoteIdent(schema)}.outbox (event_id, topic, message_key, value, headers)
     VALUES ($1::uuid, $2, $3, $4::jsonb, $5::jsonb)`,
    event.id,
    topic,
    event.subject,
    JSON.stringify(event),
    JSON.stringify(headersForEvent(event.type)),
  );
}
