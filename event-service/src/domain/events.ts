import { randomUUID } from "node:crypto";
import { notFound, type Principal } from "@turnout/kit";
import type { Database } from "../data/database";
import { changeLockedEvent, findEvent, insertEvent } from "../data/events";
import { eventCancelledMessage, eventUpdatedMessage } from "../events/event-lifecycle";
import type { EventFields, EventPatch, EventRecord } from "./event";
import { actorId, applyPatch, assertCanManage, changedFields, checkNewEvent } from "./event-rules";

export interface EventDeps {
  db: Database;
  schema: string;
}

export const eventNotFound = () => notFound("event_not_found", "No event has this id.");

/** An organizer (or admin) publishes an event they own; it starts with no seat taken. */
export async function createEvent(
  deps: EventDeps,
  actor: Principal,
  fields: EventFields,
  now = new Date(),
): Promise<EventRecord> {
  const organizerId = actorId(actor);
  checkNewEvent(fields, now);
  return insertEvent(deps.db, {
    ...fields,
    id: randomUUID(),
    organizerId,
    createdAt: now,
  });
}

export async function getEvent(deps: EventDeps, id: string): Promise<EventRecord> {
  const event = await findEvent(deps.db, id);
  if (!event) throw eventNotFound();
  return event;
}

/**
 * Changes an event and, when a value actually changed, announces it on `event-updated` in the
 * same transaction. A patch that changes nothing writes and publishes nothing.
 */
export async function updateEvent(
  deps: EventDeps,
  actor: Principal,
  id: string,
  patch: EventPatch,
  now = new Date(),
): Promise<EventRecord> {
  const event = await changeLockedEvent(deps.db, deps.schema, id, (current) => {
    assertCanManage(actor, current);
    const next = applyPatch(current, patch, now);
    const changed = changedFields(current, next);
    if (changed.length === 0) return { kind: "keep" };
    return {
      kind: "write",
      fields: { ...next, updatedAt: now },
      message: (written) => eventUpdatedMessage(written, changed),
    };
  });
  if (!event) throw eventNotFound();
  return event;
}

/**
 * Cancels an event and announces it on `event-cancelled`. Cancelling a cancelled event is a
 * success that changes and publishes nothing, so a retried DELETE is harmless.
 */
export async function cancelEvent(
  deps: EventDeps,
  actor: Principal,
  id: string,
  now = new Date(),
): Promise<void> {
  const event = await changeLockedEvent(deps.db, deps.schema, id, (current) => {
    assertCanManage(actor, current);
    if (current.status === "cancelled") return { kind: "keep" };
    const cancelledBy = actorId(actor);
    return {
      kind: "write",
      fields: { status: "cancelled", cancelledAt: now, cancelledBy, updatedAt: now },
      message: (written) => eventCancelledMessage(written, now, cancelledBy),
    };
  });
  if (!event) throw eventNotFound();
}
