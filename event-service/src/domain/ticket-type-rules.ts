import { randomUUID } from "node:crypto";
import { conflict, unprocessable } from "@turnout/kit";
import type { EventRecord } from "./event";
import type { Question, QuestionInput } from "./questions";
import {
  defaultTicketType,
  hashAccessCode,
  type TicketType,
  type TicketTypeInput,
} from "./ticket-types";

/** A type to store from an organizer's item; `current` is the stored type it keeps, if any. */
function toTicketType(input: TicketTypeInput, current: TicketType | undefined): TicketType {
  const { accessCode, id: _id, ...fields } = input;
  const code =
    accessCode !== undefined ? hashAccessCode(accessCode) : (current?.accessCodeSha256 ?? null);
  return {
    ...fields,
    id: current?.id ?? randomUUID(),
    seatsTaken: current?.seatsTaken ?? 0,
    // Only a hidden type keeps a code.
    accessCodeSha256: input.hidden ? code : null,
  };
}

/** The types of a new event: those sent, or the one default type holding the whole capacity. */
export const newTicketTypes = (
  inputs: readonly TicketTypeInput[] | undefined,
  capacity: number,
): TicketType[] =>
  (inputs?.length ? inputs : [defaultTicketType(capacity)]).map((input, index) =>
    withCode(toTicketType({ ...input, id: undefined }, undefined), index),
  );

/** A hidden type needs a code: sent now, or kept from before. */
function withCode(type: TicketType, index: number): TicketType {
  if (type.hidden && type.accessCodeSha256 === null)
    throw unprocessable(
      "access_code_required",
      `ticket_types.${index}: a hidden type needs an access_code.`,
    );
  return type;
}

export const newQuestions = (inputs: readonly QuestionInput[] | undefined): Question[] =>
  (inputs ?? []).map((input) => ({ ...input, id: randomUUID() }));

/**
 * The event's types after a PATCH, or undefined when they stay as they are. `inputs` is the
 * whole list: an item with an `id` updates that type, one without adds a type, a type left out
 * is removed. Without `inputs`, a single type whose quota equalled the old capacity follows a
 * new capacity.
 */
export function nextTicketTypes(
  current: readonly TicketType[],
  inputs: readonly TicketTypeInput[] | undefined,
  event: { before: Pick<EventRecord, "capacity">; after: Pick<EventRecord, "capacity"> },
): TicketType[] | undefined {
  if (inputs === undefined) {
    const only = current.length === 1 ? current[0] : undefined;
    if (!only || event.after.capacity === event.before.capacity) return undefined;
    if (only.quota !== event.before.capacity) return undefined;
    return [{ ...only, quota: event.after.capacity }];
  }
  const byId = new Map(current.map((type) => [type.id, type]));
  const next = inputs.map((input, index) => {
    const kept = input.id === undefined ? undefined : byId.get(input.id);
    if (input.id !== undefined && !kept)
      throw unprocessable(
        "ticket_type_not_found",
        `ticket_types.${index}.id names no ticket type of this event.`,
      );
    if (kept && input.quota < kept.seatsTaken)
      throw conflict(
        "quota_below_taken",
        `The quota of "${kept.name}" cannot drop below its ${kept.seatsTaken} seats taken.`,
      );
    return withCode(toTicketType(input, kept), index);
  });
  const keptIds = new Set(next.map((type) => type.id));
  const inUse = current.find((type) => !keptIds.has(type.id) && type.seatsTaken > 0);
  if (inUse)
    throw conflict("ticket_type_in_use", `"${inUse.name}" has seats taken; it cannot be removed.`);
  return next;
}

/** The event's questions after a PATCH (the whole list; an item with `id` keeps that one). */
export function nextQuestions(
  current: readonly Question[],
  inputs: readonly QuestionInput[],
): Question[] {
  const ids = new Set(current.map((question) => question.id));
  return inputs.map((input, index) => {
    if (input.id !== undefined && !ids.has(input.id))
      throw unprocessable(
        "question_not_found",
        `questions.${index}.id names no question of this event.`,
      );
    return { ...input, id: input.id ?? randomUUID() };
  });
}

const TYPE_FIELDS = [
  "id",
  "name",
  "description",
  "quota",
  "salesStart",
  "salesEnd",
  "maxPerOrder",
  "hidden",
  "accessCodeSha256",
] as const;

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

export const sameTicketTypes = (a: readonly TicketType[], b: readonly TicketType[]): boolean =>
  a.length === b.length &&
  a.every((type, i) => {
    const other = b[i];
    return other !== undefined && TYPE_FIELDS.every((f) => sameValue(type[f], other[f]));
  });

const questionKey = (q: Question) => [q.id, q.label, q.kind, q.options, q.required, q.per];

export const sameQuestions = (a: readonly Question[], b: readonly Question[]): boolean =>
  JSON.stringify(a.map(questionKey)) === JSON.stringify(b.map(questionKey));
