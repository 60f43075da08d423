import { randomUUID } from "node:crypto";
import { conflict } from "@turnout/kit";
import type { Attempt } from "../data/registrations";
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
import { isOpenForRegistration, type Caller, type EventFacts } from "./registration";
import { toView } from "./registration-view";
import { releaseAndPromote } from "./seat-release";
import { PeerUnavailableError, type ReserveOutcome } from "./seat-ledger";
import { settleReservation } from "./settle-reservation";

export interface SignUpInput {
  eventId: string;
  idempotencyKey?: string | undefined;
}

export interface SignUpReply extends StoredReply {
  /** True when this is the stored reply of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * `POST /registrations`, the seat saga's happy path (README, "Seat saga"): read the event,
 * commit a `reserving` row with its idempotency key (one statement), ask the ledger for a seat
 * with the registration's id, settle the answer (one statement). Nothing is held open across
 * the ledger call; a crash between any two steps leaves a row the recovery saga settles.
 */
export async function signUp(
  deps: RegistrationDeps,
  caller: Caller,
  input: SignUpInput,
  mayRestart = true,
): Promise<SignUpReply> {
  const requestHash = signUpRequestHash(input.eventId);
  const key = input.idempotencyKey;
  let event: EventFacts;
  try {
    event = await readOpenEvent(deps, input.eventId);
  } catch (error) {
    // A replay answers what the first request answered, even if the event has closed since.
    const replayed = key === undefined ? null : await replay(deps, caller, key, requestHash);
    if (replayed) return replayed;
    throw error;
  }
  const attempt: Attempt = {
    id: randomUUID(),
    eventId: event.eventId,
    userId: caller.id,
    waitlistSeq: null,
    createdAt: new Date(),
  };
  const created = await deps.data.repos.seatPath.createAttempt(
    attempt,
    key === undefined ? undefined : { key, requestHash },
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
      : await deps.ledger.reserve(attempt.eventId, attempt.id);
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
      throw settlement.reason === "not_found" ? eventNotFound() : eventNotOpen();
    case "superseded":
      return current(deps, attempt.id);
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
async function readOpenEvent(deps: RegistrationDeps, eventId: string): Promise<EventFacts> {
  let event: EventFacts | null;
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
