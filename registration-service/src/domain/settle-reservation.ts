import type { Attempt } from "../data/registrations";
import { confirmedMessage, waitlistedMessage } from "../events/registration-events";
import type { RegistrationDeps } from "./deps";
import type { EventFacts, Registration } from "./registration";
import { toView } from "./registration-view";
import type { ReserveOutcome, TypeRefusal } from "./seat-ledger";

/** Why the ledger refused a fresh attempt. */
export type RefusalReason = "not_open" | "not_found" | "released" | TypeRefusal;

export type Settlement =
  /** The attempt is now confirmed, pending or waitlisted. */
  | { kind: "settled"; registration: Registration; promoteAfter: boolean }
  /**
   * The ledger refused a fresh attempt (the event closed, is unknown, the id was released, or
   * the ticket type's rules refused it).
   */
  | { kind: "refused"; reason: RefusalReason }
  /** The row had already left `reserving` (settled by someone else, or cancelled). */
  | { kind: "superseded" };

export interface SettleOptions {
  /**
   * A fresh attempt the ledger refused: the request drops it (its reply says why); the recovery
   * saga records it cancelled and releases the id (a tombstone), since nobody is waiting for it.
   */
  refused: "drop" | "cancel";
  /** Record the reply for the attempt's idempotency key (a request without one has none). */
  storeReply?: boolean;
  /**
   * The event's `seats_freed` when the attempt was made. If a seat came free while the attempt
   * was being refused as full, a promotion pass may have missed it, so one runs afterwards.
   */
  seatsFreedSeen?: number;
  /**
   * The event as the attempt saw it (for the messages: the waitlist's, the type's name); read
   * from the copy if absent.
   */
  event?: EventFacts;
}

const CREATED = 201;

/**
 * Step 3 of the seat saga: turns the ledger's answer into the registration's state, each
 * outcome with its event and its idempotent reply, as a compare-and-set on `reserving` so that
 * the request and the recovery saga can both try and only one wins. The common outcomes (a seat,
 * a new place in line) are one statement each.
 */
export async function settleReservation(
  deps: RegistrationDeps,
  attempt: Attempt,
  outcome: ReserveOutcome,
  options: SettleOptions,
): Promise<Settlement> {
  const storeReply = options.storeReply ?? true;
  switch (outcome.kind) {
    case "held":
      return settleHeld(
        deps,
        attempt,
        await namingEvent(deps, attempt, outcome.event, options),
        storeReply,
      );
    case "full":
      return attempt.waitlistSeq === null
        ? joinWaitlist(deps, attempt, options, storeReply)
        : backInLine(deps, attempt, attempt.waitlistSeq, storeReply);
    case "not_open":
    case "not_found":
    case "released":
      return settleRefused(deps, attempt, outcome.kind, options.refused);
    case "type_refused":
      return settleRefused(deps, attempt, outcome.code, options.refused);
  }
}

/**
 * The ledger's event (as it is now) with ticket types that name the booking's: the ledger's
 * reply lists only public types, so a hidden type's name comes from the request's read or the
 * copy (read only then: promotions and recovery of hidden-type bookings).
 */
async function namingEvent(
  deps: RegistrationDeps,
  attempt: Attempt,
  event: EventFacts,
  options: SettleOptions,
): Promise<EventFacts> {
  const known = (candidate: EventFacts | null | undefined) =>
    candidate?.ticketTypes !== undefined &&
    (attempt.ticketTypeId === null ||
      candidate.ticketTypes.some((type) => type.id === attempt.ticketTypeId));
  if (known(event)) return event;
  if (known(options.event)) return { ...event, ticketTypes: options.event?.ticketTypes ?? [] };
  const copy = await deps.data.repos.snapshots.find(attempt.eventId);
  return known(copy) ? { ...event, ticketTypes: copy?.ticketTypes ?? [] } : event;
}

/** The registration as the settling statement will leave it, for the stored reply. */
const expected = (
  attempt: Attempt,
  status: Registration["status"],
  via: Registration["confirmedVia"],
  now: Date,
): Registration => ({
  id: attempt.id,
  eventId: attempt.eventId,
  userId: attempt.userId,
  status,
  waitlistSeq: attempt.waitlistSeq,
  waitlistPosition: null,
  confirmedVia: via,
  confirmedAt: status === "confirmed" ? now : null,
  checkedInAt: null,
  cancelledAt: null,
  cancelReason: null,
  createdAt: attempt.createdAt,
  updatedAt: now,
  ticketTypeId: attempt.ticketTypeId,
  quantity: attempt.quantity,
  answers: attempt.answers,
  transferredFrom: null,
  seats: attempt.seats,
});

async function settleHeld(
  deps: RegistrationDeps,
  attempt: Attempt,
  event: EventFacts,
  storeReply: boolean,
): Promise<Settlement> {
  const now = new Date();
  // The ledger's reply carries the event as it is now; approval decides whose the seat is yet.
  const status = event.requiresApproval ? "pending" : "confirmed";
  const via =
    status === "confirmed" ? (attempt.waitlistSeq === null ? "direct" : "waitlist") : null;
  const registration = await deps.data.repos.seatPath.settleHeld(
    attempt.id,
    status,
    via,
    now,
    via === null ? null : confirmedMessage(attempt, event, via, now),
    storeReply ? toView(expected(attempt, status, via, now)) : null,
  );
  return registration
    ? { kind: "settled", registration, promoteAfter: false }
    : { kind: "superseded" };
}

/** A newcomer the ledger found no seat for: the end of the line, in one statement. */
async function joinWaitlist(
  deps: RegistrationDeps,
  attempt: Attempt,
  options: SettleOptions,
  storeReply: boolean,
): Promise<Settlement> {
  const now = new Date();
  const event = options.event ?? (await deps.data.repos.snapshots.find(attempt.eventId));
  if (!event) throw new Error(`no snapshot of event ${attempt.eventId}`);
  // The position is set by the statement (placeholder 1 here).
  const joined = await deps.data.repos.seatPath.joinWaitlist({
    attempt,
    now,
    message: waitlistedMessage(attempt, event, 1, now),
    reply: storeReply
      ? toView({ ...expected(attempt, "waitlisted", null, now), waitlistPosition: 1 })
      : null,
  });
  if (!joined) return { kind: "superseded" };
  const promoteAfter = joined.seatsFreed !== options.seatsFreedSeen;
  return { kind: "settled", registration: joined.registration, promoteAfter };
}

/** A promotion that found no seat goes back to its old place; it is not announced again. */
async function backInLine(
  deps: RegistrationDeps,
  attempt: Attempt,
  waitlistSeq: number,
  storeReply: boolean,
): Promise<Settlement> {
  return deps.data.transaction(async (tx) => {
    if (!(await tx.snapshots.lock(attempt.eventId)))
      throw new Error(`no snapshot of event ${attempt.eventId}`);
    const registration = await tx.transitions.returnToWaitlist(attempt.id, waitlistSeq, new Date());
    if (!registration) return { kind: "superseded" };
    if (storeReply)
      await tx.idempotencyKeys.storeResponse(attempt.id, CREATED, toView(registration));
    return { kind: "settled", registration, promoteAfter: false };
  });
}

async function settleRefused(
  deps: RegistrationDeps,
  attempt: Attempt,
  reason: RefusalReason,
  mode: "drop" | "cancel",
): Promise<Settlement> {
  // A promotion refused (the event closed, the type's rules): the attendee keeps their place.
  if (attempt.waitlistSeq !== null) return backInLine(deps, attempt, attempt.waitlistSeq, true);
  if (mode === "drop") {
    return (await deps.data.repos.transitions.deleteAttempt(attempt.id))
      ? { kind: "refused", reason }
      : { kind: "superseded" };
  }
  const now = new Date();
  const cancelReason =
    reason === "released"
      ? "seat_released"
      : reason === "not_open" || reason === "not_found"
        ? "event_not_open"
        : reason;
  return deps.data.transaction(async (tx) => {
    if (!(await tx.transitions.end(attempt.id, "reserving", "cancelled", cancelReason, now))) {
      return { kind: "superseded" };
    }
    await tx.seatReleases.schedule(attempt.id, attempt.eventId);
    return { kind: "refused", reason };
  });
}
