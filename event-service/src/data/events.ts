import { enqueueEvent } from "@turnout/kit";
import type { EventFields, EventRecord } from "../domain/event";
import type { OutboxMessage } from "../events/event-lifecycle";
import type { Database } from "./database";
import {
  EVENT_COLUMNS,
  EVENT_SELECT,
  toEventRecord,
  TRANSACTION_OPTIONS,
  type EventRow,
} from "./event-rows";

export type NewEvent = EventFields & { id: string; organizerId: string; createdAt: Date };

export async function insertEvent(db: Database, event: NewEvent): Promise<EventRecord> {
  const row = await db.event.create({
    data: { ...event, updatedAt: event.createdAt },
    select: EVENT_SELECT,
  });
  return toEventRecord(row);
}

export async function findEvent(db: Database, id: string): Promise<EventRecord | null> {
  const row = await db.event.findUnique({ where: { id }, select: EVENT_SELECT });
  return row && toEventRecord(row);
}

/** What to do with a locked event: nothing, or write these fields and announce them. */
export type LockedEventDecision =
  | { kind: "keep" }
  | {
      kind: "write";
      fields: Partial<EventFields> & {
        updatedAt: Date;
        status?: "cancelled";
        cancelledAt?: Date;
        cancelledBy?: string;
      };
      message: (written: EventRecord) => OutboxMessage;
    };

/**
 * Locks the event row (`FOR UPDATE`, so seat reservations wait), lets `decide` look at it, and
 * writes the decided change and its outbox message in the same transaction. `decide` throws to
 * refuse. Returns the event as it now stands, or null when no event has this id.
 */
export async function changeLockedEvent(
  db: Database,
  schema: string,
  id: string,
  decide: (current: EventRecord) => LockedEventDecision,
): Promise<EventRecord | null> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<EventRow[]>`
      SELECT ${EVENT_COLUMNS} FROM events WHERE id = ${id}::uuid FOR UPDATE`;
    if (!row) return null;
    const current = toEventRecord(row);
    const decision = decide(current);
    if (decision.kind === "keep") return current;
    const written = toEventRecord(
      await tx.event.update({ where: { id }, data: decision.fields, select: EVENT_SELECT }),
    );
    const { topic, event } = decision.message(written);
    await enqueueEvent(tx, schema, topic, event);
    return written;
  }, TRANSACTION_OPTIONS);
}
