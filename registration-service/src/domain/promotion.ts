import type { Attempt, FreeSeats } from "../data/registrations";
import { laterHoldOf } from "./booking-rules";
import type { RegistrationDeps } from "./deps";
import { isOpenForRegistration } from "./registration";
import { PeerUnavailableError, type ReserveOutcome } from "./seat-ledger";
import { settleReservation } from "./settle-reservation";

/** A pass never runs away: more promotions than this wait for the next pass. */
const MAX_STEPS_PER_PASS = 1000;

type Step =
  { kind: "stop" } | { kind: "retry" } | { kind: "try"; attempt: Attempt; version: number };

/**
 * Offers free seats to the waitlist: the earliest entry whose whole party fits in the free seats
 * of its type and of the event (docs/booking-model.md, "Promotion rule"), again and again until
 * none fits. Each step reads the ledger's free seats, then, under the per-event lock, moves that
 * entry to `reserving` (committed before the ledger call, so a crash leaves a row the recovery
 * saga settles), asks the ledger for its seats with the registration's own id and quantity, and
 * settles the answer; a refused entry goes back to its place. Only one promotion per event is in
 * flight at a time. The pass ends when nothing fits (unless a seat was freed meanwhile:
 * `seats_freed` moved) or the line is empty. Returns how many got their seats.
 */
export async function promoteWaitlist(deps: RegistrationDeps, eventId: string): Promise<number> {
  let promoted = 0;
  // Entries the ledger refused for their type's rules in this pass: they keep their place.
  const skip: string[] = [];
  for (let steps = 0; steps < MAX_STEPS_PER_PASS; steps++) {
    let step: Step;
    try {
      step = await nextStep(deps, eventId, skip);
    } catch (error) {
      if (!(error instanceof PeerUnavailableError)) throw error;
      deps.logger.warn("promotion interrupted: free seats cannot be read", {
        event_id: eventId,
        error: error.message,
      });
      return promoted;
    }
    if (step.kind === "stop") return promoted;
    if (step.kind === "retry") continue;

    let outcome: ReserveOutcome;
    try {
      outcome = await deps.ledger.reserve(
        eventId,
        step.attempt.id,
        await laterHoldOf(deps, step.attempt),
      );
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
    if (outcome.kind === "type_refused") {
      skip.push(step.attempt.id);
      continue;
    }
    if (!(await passAgain(deps, eventId, outcome, step.version))) return promoted;
  }
  return promoted;
}

/** The ledger's free seats, per type; null when it cannot say (then the line goes in order). */
async function freeSeats(deps: RegistrationDeps, eventId: string): Promise<FreeSeats | null> {
  const availability = await deps.ledger.availability(eventId);
  if (!availability) return null;
  return {
    event: availability.seatsAvailable,
    types: availability.ticketTypes.map((type) => ({ id: type.id, free: type.seatsAvailable })),
    defaultTypeId: availability.ticketTypes[0]?.id ?? null,
  };
}

async function nextStep(deps: RegistrationDeps, eventId: string, skip: string[]): Promise<Step> {
  // The version before the seats are counted: a seat freed after the count moves it, and the
  // pass (or the saga) looks again.
  const before = await deps.data.repos.snapshots.find(eventId);
  if (!before) return { kind: "stop" };
  const free = await freeSeats(deps, eventId);
  return deps.data.transaction(async (tx): Promise<Step> => {
    const snapshot = await tx.snapshots.lock(eventId);
    if (!snapshot) return { kind: "stop" };
    if (!isOpenForRegistration(snapshot, new Date())) {
      await tx.snapshots.markPromotionHandled(eventId, snapshot.seatsFreed);
      return { kind: "stop" };
    }
    // Someone else's promotion is in flight (theirs loops on), or a crashed one awaits recovery.
    if (await tx.registrations.promotionInFlight(eventId)) return { kind: "stop" };
    const next = free
      ? await tx.registrations.earliestThatFits(eventId, free, skip)
      : await tx.registrations.firstWaitlisted(eventId);
    if (!next) {
      if (snapshot.seatsFreed !== before.seatsFreed) return { kind: "retry" };
      await tx.snapshots.markPromotionHandled(eventId, before.seatsFreed);
      return { kind: "stop" };
    }
    // A cancel that won the race (it takes the same lock first): look again.
    if (!(await tx.transitions.markPromoting(next.id, new Date()))) return { kind: "retry" };
    return { kind: "try", attempt: next, version: before.seatsFreed };
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
