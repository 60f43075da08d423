import { randomUUID } from "node:crypto";
import { notFound, type Principal } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import { eventCancelledMessage, eventUpdatedMessage } from "../events/event-lifecycle";
import type { EventFields, EventPatch, EventRecord } from "./event";
import { actorId, applyPatch, assertCanManage, changedFields, checkNewEvent } from "./event-rules";

export interface EventDeps {
  data: ServiceDatabase;
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
  return deps.data.repos.events.insert({
    ...fields,
    id: randomUUID(),
    organizerId,
    createdAt: now,
  });
}

export async function getEvent(deps: EventDeps, id: string): Promise<EventRecord> {
  const event = await deps.data.repos.events.findById(id);
  if (!event) throw eventNotFound();
  return event;
}

/**
 * Changes an event and, when a value actually changed, announces it on `event-updated` in the
 * same transaction. A patch that changes nothing writes and publishes nothing. The event is
 * locked while the rules look at it, so seat reservations wait and capacity never drops below
 * the seats taken.
 */
export async function updateEvent(
  deps: EventDeps,
  actor: Principal,
  id: string,
  patch: EventPatch,
  now = new Date(),
): Promise<EventRecord> {
  return deps.data.transaction(async (tx) => {
    const current = await tx.events.lockById(id);
    if (!current) throw eventNotFound();
    assertCanManage(actor, current);
    const next = applyPatch(current, patch, now);
    const changed = changedFields(current, next);
    if (changed.length === 0) return current;
    const written = await tx.events.writeFields(id, next, now);
    const { topic, event } = eventUpdatedMessage(written, changed);
    await tx.outbox.enqueue(topic, event);
    return written;
  });
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
  await deps.data.transaction(async (tx) => {
    const current = await tx.events.lockById(id);
    if (!current) throw eventNotFound();
    assertCanManage(actor, current);
    if (current.status === "cancelled") return;
    const cancelledBy = actorId(actor);
    const written = await tx.events.cancel(id, now, cancelledBy);
    const { topic, event } = eventCancelledMessage(written, now, cancelledBy);
    await tx.outbox.enqueue(topic, event);
  });
}
