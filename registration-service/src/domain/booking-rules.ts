import type { RegistrationDeps } from "./deps";
import { createHash, timingSafeEqual } from "node:crypto";
import { unprocessable } from "@turnout/kit";
import type { Attempt } from "../data/registrations";
import type { EventFacts } from "./registration";
import type { HoldRequest, TypeRefusal } from "./seat-ledger";

// The rules of a ticket type (docs/booking-model.md), checked from the event service's internal
// read before a booking is written; the seat ledger, which owns them, checks them again.

/** An answer: `text`/`choice` a string, `multi_choice` a list of options, `checkbox` a boolean. */
export type Answer = string | boolean | string[];
export type Answers = Record<string, Answer>;

/** What the local copy and the messages keep of a ticket type. */
export interface TicketTypeFacts {
  id: string;
  name: string;
}

export interface TicketTypeRules extends TicketTypeFacts {
  maxPerOrder: number;
  salesStart: Date | null;
  salesEnd: Date | null;
  hidden: boolean;
  /** Hex SHA-256 of the access code of a hidden type, or null. */
  accessCodeSha256: string | null;
}

export const QUESTION_KINDS = ["text", "choice", "multi_choice", "checkbox"] as const;

export interface Question {
  id: string;
  label: string;
  kind: (typeof QUESTION_KINDS)[number];
  options: string[];
  required: boolean;
  per: "booking" | "seat";
}

/** The event as a booking needs it: every type (hidden ones too) and the questions. */
export interface BookableEvent extends EventFacts {
  ticketTypes: TicketTypeRules[];
  questions: Question[];
}

export interface BookingRequest {
  ticketTypeId?: string | undefined;
  quantity: number;
  accessCode?: string | undefined;
}

const sha256 = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/** Constant-time comparison of the code's hash with the stored one. */
export function accessCodeMatches(code: string | undefined, storedHex: string | null): boolean {
  if (code === undefined || storedHex === null || !/^[0-9a-f]{64}$/i.test(storedHex)) return false;
  return timingSafeEqual(sha256(code), Buffer.from(storedHex, "hex"));
}

const REFUSALS: Record<TypeRefusal, string> = {
  ticket_type_not_found: "The event has no such ticket type.",
  sales_not_started: "This ticket type is not on sale yet.",
  sales_ended: "This ticket type is no longer on sale.",
  quantity_exceeds_max: "Too many seats of this ticket type for one booking.",
};

/** 422 with the code of the type's rule that refused the booking. */
export const typeRefused = (code: TypeRefusal, detail?: string) =>
  unprocessable(code, detail ?? REFUSALS[code]);

export const ticketTypeNotFound = () => typeRefused("ticket_type_not_found");

/**
 * The type the booking takes (the event's first when none is named), checked against the type's
 * rules at `now`. Null when the read carried no types (an event service without them): then the
 * ledger alone decides.
 */
export function bookableType(
  event: BookableEvent,
  request: BookingRequest,
  now: Date,
): TicketTypeRules | null {
  if (event.ticketTypes.length === 0) {
    if (request.ticketTypeId !== undefined) throw ticketTypeNotFound();
    return null;
  }
  const type =
    request.ticketTypeId === undefined
      ? event.ticketTypes[0]
      : event.ticketTypes.find((candidate) => candidate.id === request.ticketTypeId);
  // A hidden type without its code does not exist for the caller.
  if (!type || (type.hidden && !accessCodeMatches(request.accessCode, type.accessCodeSha256))) {
    throw ticketTypeNotFound();
  }
  if (type.salesStart !== null && now.getTime() < type.salesStart.getTime()) {
    throw typeRefused("sales_not_started");
  }
  if (type.salesEnd !== null && now.getTime() >= type.salesEnd.getTime()) {
    throw typeRefused("sales_ended");
  }
  if (request.quantity > type.maxPerOrder) {
    throw typeRefused(
      "quantity_exceeds_max",
      `At most ${type.maxPerOrder} seats of this ticket type per booking.`,
    );
  }
  return type;
}

/** The name of a booking's type (null type: the event's first, its default). */
export function ticketTypeName(
  event: Pick<EventFacts, "ticketTypes">,
  ticketTypeId: string | null,
): string | null {
  const types = event.ticketTypes ?? [];
  const type = ticketTypeId === null ? types[0] : types.find((t) => t.id === ticketTypeId);
  return type?.name ?? null;
}

/** What the ledger holds for a booking (its defaults when the booking names no type). */
export const holdOf = (
  attempt: Pick<Attempt, "ticketTypeId" | "quantity" | "accessCode">,
): HoldRequest => ({
  ticketTypeId: attempt.ticketTypeId,
  quantity: attempt.quantity,
  accessCode: attempt.accessCode,
});

/**
 * The hold of a booking whose request is long gone (a promotion from the waitlist, the recovery
 * of a crashed attempt): the sales window is judged at the time of the booking (`bookedAt`), and
 * the plain code of a hidden type is never kept, so the ledger is shown the hash of the type's
 * code from the (cached) event read instead. A booking of a visible type needs no read.
 */
export async function laterHoldOf(
  deps: Pick<RegistrationDeps, "events">,
  attempt: Pick<Attempt, "eventId" | "ticketTypeId" | "quantity" | "accessCode" | "createdAt">,
): Promise<HoldRequest> {
  const hold = { ...holdOf(attempt), bookedAt: attempt.createdAt };
  if (attempt.accessCode !== undefined || attempt.ticketTypeId === null) return hold;
  const event = await deps.events.getEvent(attempt.eventId);
  const type = event?.ticketTypes.find((t) => t.id === attempt.ticketTypeId);
  return type?.hidden && type.accessCodeSha256
    ? { ...hold, accessCodeSha256: type.accessCodeSha256 }
    : hold;
}
