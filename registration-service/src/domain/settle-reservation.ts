import { inTransaction } from "../data/database";
import {
  findSnapshot,
  lockSnapshot,
  lockWithNextWaitlistSeq,
  refreshSnapshot,
  type EventSnapshot,
} from "../data/event-snapshots";
import { storeResponse } from "../data/idempotency-keys";
import {
  deleteAttempt,
  endRegistration,
  markHeld,
  markWaitlisted,
} from "../data/registration-transitions";
import type { Attempt } from "../data/registrations";
import { scheduleRelease } from "../data/seat-releases";
import { publishConfirmed, publishWaitlisted } from "../events/registration-events";
import type { RegistrationDeps } from "./deps";
import type { EventFacts, Registration } from "./registration";
import { toView } from "./registration-view";
import type { ReserveOutcome } from "./seat-ledger";

export type Settlement =
  /** The attempt is now confirmed, pending or waitlisted. */
  | { kind: "settled"; registration: Registration; promoteAfter: boolean }
  /** The ledger refused a fresh attempt (the event closed, is unknown, or the id was released). */
  | { kind: "refused"; reason: "not_open" | "not_found" | "released" }
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
}

const CREATED = 201;

/**
 * Step 3 of the seat saga: turns the ledger's answer into the registration's state, each
 * outcome in one transaction with its event and its idempotent reply, as a compare-and-set on
 * `reserving` so that the request and the recovery saga can both try and only one wins.
 */
export async function settleReservation(
  deps: RegistrationDeps,
  attempt: Attempt,
  outcome: ReserveOutcome,
  options: SettleOptions,
): Promise<Settlement> {
  switch (outcome.kind) {
    case "held":
      return settleHeld(deps, attempt, outcome.event, options.storeReply ?? true);
    case "full":
      return settleFull(deps, attempt, options.seatsFreedSeen, options.storeReply ?? true);
    case "not_open":
    case "not_found":
    case "released":
      return settleRefused(deps, attempt, outcome.kind, options.refused);
  }
}

async function settleHeld(
  deps: RegistrationDeps,
  attempt: Attempt,
  reply: EventFacts,
  storeReply: boolean,
): Promise<Settlement> {
  const now = new Date();
  return inTransaction(deps.db, async (tx) => {
    // The ledger's reply carries the event as it is now: the newer of it and the copy decides.
    const known = await findSnapshot(tx, attempt.eventId);
    await refreshSnapshot(tx, reply, known);
    const event = known && known.updatedAt >= reply.updatedAt ? known : reply;
    // The seat is held either way; approval decides whether it is the attendee's yet.
    const status = event.requiresApproval ? "pending" : "confirmed";
    const via = attempt.waitlistSeq === null ? "direct" : "waitlist";
    const registration = await markHeld(
      tx,
      attempt.id,
      status,
      status === "confirmed" ? via : null,
      now,
    );
    if (!registration) return { kind: "superseded" };
    if (status === "confirmed") {
      await publishConfirmed(tx, deps.settings.schema, attempt, event, via, now);
    }
    if (storeReply) await storeResponse(tx, attempt.id, CREATED, toView(registration));
    return { kind: "settled", registration, promoteAfter: false };
  });
}

async function settleFull(
  deps: RegistrationDeps,
  attempt: Attempt,
  seatsFreedSeen: number | undefined,
  storeReply: boolean,
): Promise<Settlement> {
  const now = new Date();
  return inTransaction(deps.db, async (tx) => {
    // The per-event lock: sequence numbers are handed out one at a time, so positions are dense.
    const returning = attempt.waitlistSeq !== null;
    let snapshot: EventSnapshot | null;
    let seq: number;
    if (attempt.waitlistSeq === null) {
      const locked = await lockWithNextWaitlistSeq(tx, attempt.eventId);
      snapshot = locked?.snapshot ?? null;
      seq = locked?.waitlistSeq ?? 0;
    } else {
      snapshot = await lockSnapshot(tx, attempt.eventId);
      seq = attempt.waitlistSeq;
    }
    if (!snapshot) throw new Error(`no snapshot of event ${attempt.eventId}`);
    const registration = await markWaitlisted(tx, attempt.id, seq, now);
    if (!registration) return { kind: "superseded" };
    // A promotion that found no seat goes back to its old place; only a newcomer is announced.
    if (!returning) {
      await publishWaitlisted(
        tx,
        deps.settings.schema,
        attempt,
        snapshot,
        registration.waitlistPosition ?? 1,
        now,
      );
    }
    if (storeReply) await storeResponse(tx, attempt.id, CREATED, toView(registration));
    const promoteAfter = !returning && snapshot.seatsFreed !== seatsFreedSeen;
    return { kind: "settled", registration, promoteAfter };
  });
}

async function settleRefused(
  deps: RegistrationDeps,
  attempt: Attempt,
  reason: "not_open" | "not_found" | "released",
  mode: "drop" | "cancel",
): Promise<Settlement> {
  const now = new Date();
  return inTransaction(deps.db, async (tx) => {
    if (attempt.waitlistSeq !== null) {
      // A promotion refused because the event closed: the attendee keeps their place.
      const registration = await markWaitlisted(tx, attempt.id, attempt.waitlistSeq, now);
      if (!registration) return { kind: "superseded" };
      await storeResponse(tx, attempt.id, CREATED, toView(registration));
      return { kind: "settled", registration, promoteAfter: false };
    }
    if (mode === "drop") {
      return (await deleteAttempt(tx, attempt.id))
        ? { kind: "refused", reason }
        : { kind: "superseded" };
    }
    const cancelReason = reason === "released" ? "seat_released" : "event_not_open";
    if (!(await endRegistration(tx, attempt.id, "reserving", "cancelled", cancelReason, now))) {
      return { kind: "superseded" };
    }
    await scheduleRelease(tx, attempt.id, attempt.eventId);
    return { kind: "refused", reason };
  });
}
