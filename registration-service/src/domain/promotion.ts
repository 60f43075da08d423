import type { Attempt } from "../data/registrations";
import type { RegistrationDeps } from "./deps";
import { isOpenForRegistration } from "./registration";
import { PeerUnavailableError, type ReserveOutcome } from "./seat-ledger";
import { settleReservation } from "./settle-reservation";

/** A pass never runs away: more promotions than this wait for the next pass. */
const MAX_STEPS_PER_PASS = 1000;

type Step =
  { kind: "stop" } | { kind: "retry" } | { kind: "try"; attempt: Attempt; version: number };

/**
 * Offers free seats to the waitlist, first in line first. Each step, under the per-event lock,
 * moves the first waitlisted registration to `reserving` (committed before the ledger call, so a
 * crash leaves a row the recovery saga settles), asks the ledger for a seat with that
 * registration's own id, and settles the answer. Only one promotion per event is in flight at a
 * time, which keeps the order. The pass ends when the ledger has no seat (unless a seat was freed
 * meanwhile: `seats_freed` moved) or the line is empty. Returns how many got a seat.
 */
export async function promoteWaitlist(deps: RegistrationDeps, eventId: string): Promise<number> {
  let promoted = 0;
  for (let steps = 0; steps < MAX_STEPS_PER_PASS; steps++) {
    const step = await nextStep(deps, eventId);
    if (step.kind === "stop") return promoted;
    if (step.kind === "retry") continue;

    let outcome: ReserveOutcome;
    try {
      outcome = await deps.ledger.reserve(eventId, step.attempt.id);
    } catch (error) {
      if (!(error instanceof PeerUnavailableError)) throw error;
      // The row stays `reserving`; the recovery saga settles it and promotes again.
      deps.logger.warn("promotion interrupted: the ledger is unavailable", {
        event_id: eventId,
        error: error.message,
      });
      return promoted;
    }
    const settlement = await settleReservation(deps, step.attempt, outcome, { refused: "cancel" });
    if (outcome.kind === "held") {
      if (settlement.kind === "settled") promoted++;
      continue;
    }
    if (!(await passAgain(deps, eventId, outcome, step.version))) return promoted;
  }
  return promoted;
}

async function nextStep(deps: RegistrationDeps, eventId: string): Promise<Step> {
  return deps.data.transaction(async (tx): Promise<Step> => {
    const snapshot = await tx.snapshots.lock(eventId);
    if (!snapshot) return { kind: "stop" };
    if (!isOpenForRegistration(snapshot, new Date())) {
      await tx.snapshots.markPromotionHandled(eventId, snapshot.seatsFreed);
      return { kind: "stop" };
    }
    // Someone else's promotion is in flight (theirs loops on), or a crashed one awaits recovery.
    if (await tx.registrations.promotionInFlight(eventId)) return { kind: "stop" };
    const first = await tx.registrations.firstWaitlisted(eventId);
    if (!first) {
      await tx.snapshots.markPromotionHandled(eventId, snapshot.seatsFreed);
      return { kind: "stop" };
    }
    // A cancel that won the race (it takes the same lock first): try the next in line.
    if (!(await tx.transitions.markPromoting(first.id, new Date()))) return { kind: "retry" };
    return { kind: "try", attempt: first, version: snapshot.seatsFreed };
  });
}

/** After a refusal: go on only if a seat was freed since this step began. */
async function passAgain(
  deps: RegistrationDeps,
  eventId: string,
  outcome: ReserveOutcome,
  version: number,
): Promise<boolean> {
  return deps.data.transaction(async (tx) => {
    const snapshot = await tx.snapshots.lock(eventId);
    if (!snapshot) return false;
    if (outcome.kind === "full" && snapshot.seatsFreed !== version) return true;
    await tx.snapshots.markPromotionHandled(
      eventId,
      outcome.kind === "full" ? version : snapshot.seatsFreed,
    );
    return false;
  });
}
