import { randomUUID } from "node:crypto";
import { conflict, type Sql } from "@turnout/kit";
import { inTransaction } from "../data/database";
import { refreshSnapshot } from "../data/event-snapshots";
import { claimKey, findKey } from "../data/idempotency-keys";
import { deleteAttempt } from "../data/registration-transitions";
import { findRegistration, insertAttempt, type Attempt } from "../data/registrations";
import { scheduleRelease } from "../data/seat-releases";
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
 * commit a `reserving` row (with the idempotency key), ask the ledger for a seat with the
 * registration's id, settle the answer. A crash between any two steps leaves a row the recovery
 * saga settles.
 */
export async function signUp(
  deps: RegistrationDeps,
  caller: Caller,
  input: SignUpInput,
  mayRestart = true,
): Promise<SignUpReply> {
  const requestHash = signUpRequestHash(input.eventId);
  const key = input.idempotencyKey;
  if (key !== undefined) {
    const first = await findKey(deps.db, caller.id, key);
    if (first) return replay(deps, caller, input, first, requestHash, mayRestart);
  }

  const { event, seatsFreedSeen } = await readOpenEvent(deps, input.eventId);
  const attempt: Attempt = {
    id: randomUUID(),
    eventId: event.eventId,
    userId: caller.id,
    waitlistSeq: null,
  };
  const created = await createAttempt(deps, attempt, key, requestHash);
  if (!created) {
    // A concurrent request with the same key got there first.
    const first = key === undefined ? null : await findKey(deps.db, caller.id, key);
    if (first) return replay(deps, caller, input, first, requestHash, mayRestart);
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
    seatsFreedSeen,
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

async function replay(
  deps: RegistrationDeps,
  caller: Caller,
  input: SignUpInput,
  first: NonNullable<Awaited<ReturnType<typeof findKey>>>,
  requestHash: string,
  mayRestart: boolean,
): Promise<SignUpReply> {
  const stored = await storedReply(deps, caller.id, input.idempotencyKey ?? "", first, requestHash);
  if (stored) return { ...stored, replayed: true };
  if (mayRestart) return signUp(deps, caller, input, false);
  throw conflict("idempotency_key_in_progress", "Retry shortly.");
}

/** The event, open for sign-ups; and its `seats_freed` as seen now (before the ledger call). */
async function readOpenEvent(
  deps: RegistrationDeps,
  eventId: string,
): Promise<{ event: EventFacts; seatsFreedSeen: number }> {
  let event: EventFacts | null;
  try {
    event = await deps.events.getEvent(eventId);
  } catch (error) {
    if (error instanceof PeerUnavailableError) throw eventServiceUnavailable(error);
    throw error;
  }
  if (!event) throw eventNotFound();
  const { seatsFreed } = await refreshSnapshot(deps.db, event);
  if (!isOpenForRegistration(event, new Date())) throw eventNotOpen();
  return { event, seatsFreedSeen: seatsFreed };
}

/**
 * Commits the `reserving` row, with the idempotency key when there is one (null when the key is
 * already taken). Says whether the newcomer queues behind anyone already waiting: then the
 * ledger is not asked (a freed seat goes to the waitlist first).
 */
async function createAttempt(
  deps: RegistrationDeps,
  attempt: Attempt,
  key: string | undefined,
  requestHash: string,
): Promise<{ waitlistAhead: boolean } | null> {
  const insert = async (sql: Sql) => {
    const inserted = await insertAttempt(sql, { ...attempt, now: new Date() });
    if (!inserted) throw alreadyRegistered();
    return inserted;
  };
  if (key === undefined) return insert(deps.db);
  return inTransaction(deps.db, async (tx) => {
    const claim = { userId: attempt.userId, key, requestHash, registrationId: attempt.id };
    return (await claimKey(tx, claim)) ? insert(tx) : null;
  });
}

/**
 * The ledger may or may not have held a seat: drop the row and schedule a release in one
 * transaction (the release is idempotent and leaves a tombstone, so even a reservation still on
 * its way cannot hold a seat afterwards), then try the release at once. If even the drop fails,
 * the row stays `reserving` and the recovery saga settles it.
 */
async function abandon(
  deps: RegistrationDeps,
  attempt: Attempt,
): Promise<"dropped" | "moved" | "failed"> {
  let dropped: boolean;
  try {
    dropped = await inTransaction(deps.db, async (tx) => {
      if (!(await deleteAttempt(tx, attempt.id))) return false;
      await scheduleRelease(tx, attempt.id, attempt.eventId);
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
  const registration = await findRegistration(deps.db, id);
  if (!registration) throw eventNotOpen();
  return { status: 201, registration: toView(registration), replayed: false };
}
