import { randomUUID } from "node:crypto";
import { notFound, type Principal } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import { eventCancelledMessage, eventUpdatedMessage } from "../events/event-lifecycle";
import type { EventDetail, EventFields, EventPatch } from "./event";
import { actorId, applyPatch, assertCanManage, changedFields, checkNewEvent } from "./event-rules";
import type { QuestionInput } from "./questions";
import {
  newQuestions,
  newTicketTypes,
  nextQuestions,
  nextTicketTypes,
  sameQuestions,
  sameTicketTypes,
} from "./ticket-type-rules";
import type { TicketTypeInput } from "./ticket-types";

export interface EventDeps {
  data: ServiceDatabase;
}

/** What an organizer sends beside the event's own fields (create, or PATCH's whole lists). */
export interface EventLists {
  ticketTypes?: TicketTypeInput[] | undefined;
  questions?: QuestionInput[] | undefined;
}

export const eventNotFound = () => notFound("event_not_found", "No event has this id.");

/**
 * An organizer (or admin) publishes an event they own, with its ticket types (one default type
 * holding the whole capacity when none are sent) and questions; no seat is taken yet.
 */
export async function createEvent(
  deps: EventDeps,
  actor: Principal,
  fields: EventFields,
  lists: EventLists = {},
  now = new Date(),
): Promise<EventDetail> {
  const organizerId = actorId(actor);
  checkNewEvent(fields, now);
  return deps.data.repos.events.insert({
    ...fields,
    id: randomUUID(),
    organizerId,
    createdAt: now,
    ticketTypes: newTicketTypes(lists.ticketTypes, fields.capacity),
    questions: newQuestions(lists.questions),
  });
}

export async function getEvent(deps: EventDeps, id: string): Promise<EventDetail> {
  const event = await deps.data.repos.events.findById(id);
  if (!event) throw eventNotFound();
  return event;
}

/**
 * Changes an event (its fields, ticket types and questions) and, when a value actually changed,
 * announces it on `event-updated` in the same transaction. A patch that changes nothing writes
 * and publishes nothing. The event's types and then the event are locked (the seat ledger's
 * order) while the rules look at them, so seat reservations wait: capacity never drops below
 * the seats taken, nor a quota below its type's.
 */
export async function updateEvent(
  deps: EventDeps,
  actor: Principal,
  id: string,
  patch: EventPatch,
  lists: EventLists = {},
  now = new Date(),
): Promise<EventDetail> {
  return deps.data.transaction(async (tx) => {
    const types = await tx.ticketTypes.lockForEvent(id);
    const current = await tx.events.lockById(id);
    if (!current) throw eventNotFound();
    assertCanManage(actor, current);
    const questions = await tx.questions.listForEvent(id);
    const next = applyPatch(current, patch, now);
    const nextTypes =
      nextTicketTypes(types, lists.ticketTypes, { before: current, after: next }) ?? types;
    const nextQs = lists.questions ? nextQuestions(questions, lists.questions) : questions;
    const changed = changedFields(current, next);
    if (!sameTicketTypes(types, nextTypes)) changed.push("ticket_types");
    if (!sameQuestions(questions, nextQs)) changed.push("questions");
    if (changed.length === 0) return { ...current, ticketTypes: types, questions };
    if (changed.includes("ticket_types")) await tx.ticketTypes.replaceAll(id, nextTypes, now);
    if (changed.includes("questions")) await tx.questions.replaceAll(id, nextQs);
    const written = await tx.events.writeFields(id, next, now);
    const detail = { ...written, ticketTypes: nextTypes, questions: nextQs };
    const { topic, event } = eventUpdatedMessage(detail, changed);
    await tx.outbox.enqueue(topic, event);
    return detail;
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
