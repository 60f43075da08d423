import { randomUUID } from "node:crypto";
import { conflict } from "@turnout/kit";
import type { Attempt } from "../data/registrations";
import { validateAnswers, type AttendeeInput } from "./answers";
import { bookableType, holdOf, typeRefused, type BookableEvent } from "./booking-rules";
import type { RegistrationDeps } from "./deps";
import {
  alreadyRegistered,
  eventNotFound,
  eventNotOpen,
  eventServiceUnavailable,
  ledgerUnavailable,
} from "./errors";
import { signUpRequestHash, storedReply, type StoredReply } from "./idempotency";
import { promoteWaitlist } from "./promotion";
import { isOpenForRegistration, type Caller } from "./registration";
import { toView } from "./registration-view";
import { releaseAndPromote } from "./seat-release";
import { PeerUnavailableError, type ReserveOutcome } from "./seat-ledger";
import { settleReservation, type RefusalReason } from "./settle-reservation";

/** The booking asked for (docs/booking-model.md, "Bookings"); absent fields take the defaults. */
export interface BookingInput {
  eventId: string;
  ticketTypeId?: string | undefined;
  quantity?: number | undefined;
  accessCode?: string | undefined;
  answers?: Record<string, unknown> | undefined;
  attendees?: AttendeeInput[] | undefined;
}

export interface SignUpInput extends BookingInput {
  idempotencyKey?: string | undefined;
}

export interface SignUpReply extends StoredReply {
  /** True when this is the stored reply of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * `POST /registrations`, the seat saga's happy path (README, "Seat saga"): read the event and
 * check the booking against its type's rules and questions, commit a `reserving` row with its
 * seats and idempotency key (one statement), ask the ledger for the seats (all or none) with the
 * registration's id, settle the answer (one statement). Nothing is held open across
 * the ledger call; a crash between any two steps leaves a row the recovery saga settles.
 */
export async function signUp(
  deps: RegistrationDeps,
  caller: Caller,
  input: SignUpInput,
  mayRestart = true,
): Promise<SignUpReply> {
  const requestHash = signUpRequestHash(input);
  const key = input.idempotencyKey;
  let event: BookableEvent;
  let attempt: Attempt;
  try {
    event = await readOpenEvent(deps, input.eventId);
    attempt = draftAttempt(event, caller, input);
  } catch (error) {
    // A replay answers what the first request answered, even if the event has closed since.
    const replayed = key === undefined ? null : await replay(deps, caller, key, requestHash);
    if (replayed) return replayed;
    throw error;
  }
  const created = await deps.data.repos.seatPath.createAttempt(
    attempt,
    key === undefined ? undefined : { key, requestHash },
    event.ticketTypes[0]?.id ?? null,
  );
  if (created.kind === "already_registered") throw alreadyRegistered();
  if (created.kind === "key_taken") {
    // An earlier (or concurrent) request with the same key: its reply, once it has one.
    const replayed = await replay(deps, caller, key ?? "", requestHash);
    if (replayed) return replayed;
    if (mayRestart) return signUp(deps, caller, input, false);
    throw conflict("idempotency_key_in_progress", "Retry shortly.");
  }

  let outcome: ReserveOutcome;
  try {
    outcome = created.waitlistAhead
      ? { kind: "full" }
      : await deps.ledger.reserve(attempt.eventId, attempt.id, holdOf(attempt));
  } catch (error) {
    if (!(error instanceof PeerUnavailableError)) throw error;
    if ((await abandon(deps, attempt)) === "moved") return current(deps, attempt.id);
    throw ledgerUnavailable(error);
  }
  const settlement = await settleReservation(deps, attempt, outcome, {
    refused: "drop",
    storeReply: key !== undefined,
    seatsFreedSeen: created.seatsFreed,
    event,
  });
  switch (settlement.kind) {
    case "settled":
      if (settlement.promoteAfter) await promoteWaitlist(deps, attempt.eventId);
      return { status: 201, registration: toView(settlement.registration), replayed: false };
    case "refused":
      throw refusal(settlement.reason);
    case "superseded":
      return current(deps, attempt.id);
  }
}

/**
 * The attempt for the booking, after the type's rules and the answers are checked (422 before
 * anything is written). Seat `i` gets attendee `i`'s name and answers.
 */
function draftAttempt(event: BookableEvent, caller: Caller, input: BookingInput): Attempt {
  const now = new Date();
  const quantity = input.quantity ?? 1;
  const type = bookableType(
    event,
    { ticketTypeId: input.ticketTypeId, quantity, accessCode: input.accessCode },
    now,
  );
  const checked = validateAnswers(event.questions, quantity, input.answers, input.attendees);
  const id = randomUUID();
  return {
    id,
    eventId: event.eventId,
    userId: caller.id,
    waitlistSeq: null,
    createdAt: now,
    ticketTypeId: type?.id ?? null,
    quantity,
    answers: checked.answers,
    seats: checked.seats.map((seat, i) => ({
      id: randomUUID(),
      registrationId: id,
      holdId: id,
      position: i + 1,
      attendeeName: seat.attendeeName,
      answers: seat.answers,
      status: "active",
      cancelledAt: null,
    })),
    ...(input.accessCode === undefined ? {} : { accessCode: input.accessCode }),
  };
}

/** The reply to a fresh attempt the ledger refused. */
function refusal(reason: RefusalReason) {
  switch (reason) {
    case "not_found":
      return eventNotFound();
    case "not_open":
    case "released":
      return eventNotOpen();
    case "ticket_type_not_found":
    case "sales_not_started":
    case "sales_ended":
    case "quantity_exceeds_max":
      return typeRefused(reason);
  }
}

/** The stored reply of the first request with this key; null when there is none (any more). */
async function replay(
  deps: RegistrationDeps,
  caller: Caller,
  key: string,
  requestHash: string,
): Promise<SignUpReply | null> {
  const first = await deps.data.repos.idempotencyKeys.find(caller.id, key);
  if (!first) return null;
  const stored = await storedReply(deps, caller.id, key, first, requestHash);
  return stored ? { ...stored, replayed: true } : null;
}

/**
 * The event, open for sign-ups, with its local copy stored (the attempt refers to it). The
 * event read is cached for a moment, and the copy is written once per process per version.
 */
async function readOpenEvent(deps: RegistrationDeps, eventId: string): Promise<BookableEvent> {
  let event: BookableEvent | null;
  try {
    event = await deps.events.getEvent(eventId);
  } catch (error) {
    if (error instanceof PeerUnavailableError) throw eventServiceUnavailable(error);
    throw error;
  }
  if (!event) throw eventNotFound();
  await deps.data.repos.snapshots.ensure(event);
  if (!isOpenForRegistration(event, new Date())) throw eventNotOpen();
  return event;
}

/**
 * The ledger may or may not have held a seat: drop the row and schedule a release in one unit
 * of work (the release is idempotent and leaves a tombstone, so even a reservation still on its
 * way cannot hold a seat afterwards), then try the release at once. If even the drop fails, the
 * row stays `reserving` and the recovery saga settles it.
 */
async function abandon(
  deps: RegistrationDeps,
  attempt: Attempt,
): Promise<"dropped" | "moved" | "failed"> {
  let dropped: boolean;
  try {
    dropped = await deps.data.transaction(async (tx) => {
      if (!(await tx.transitions.deleteAttempt(attempt.id))) return false;
      await tx.seatReleases.schedule(attempt.id, attempt.eventId);
      return true;
    });
  } catch (error) {
    deps.logger.error("dropping an attempt failed; the recovery saga settles it", {
      registration_id: attempt.id,
      error: String(error),
    });
    return "failed";
  }
  if (!dropped) return "moved";
  await releaseAndPromote(deps, { registrationId: attempt.id, eventId: attempt.eventId });
  return "dropped";
}

/** Someone else (the recovery saga, a cancel) moved the row first: answer what it is now. */
async function current(deps: RegistrationDeps, id: string): Promise<SignUpReply> {
  const registration = await deps.data.repos.registrations.find(id);
  if (!registration) throw eventNotOpen();
  return { status: 201, registration: toView(registration), replayed: false };
}
