import type { Attempt } from "../data/registrations";
import { laterHoldOf } from "./booking-rules";
import type { RegistrationDeps } from "./deps";
import { promoteWaitlist } from "./promotion";
import { releaseSeat } from "./seat-release";
import { PeerUnavailableError } from "./seat-ledger";
import { settleReservation } from "./settle-reservation";

const BATCH = 50;

export interface RecoveryReport {
  /** Attempts found `reserving` past the grace period and settled. */
  settled: number;
  /** Scheduled seat releases the ledger confirmed. */
  released: number;
  /** Waitlisted registrations that got a seat. */
  promoted: number;
}

export interface RecoveryOptions {
  /** Overrides `RECOVERY_GRACE_MS` (tests settle at once). */
  graceMs?: number;
}

/**
 * One pass of the recovery saga (README, "Seat saga"); every replica runs it, and claims keep
 * them apart. 1. Attempts left `reserving` (a crash, a lost reply) are reserved again with the
 * same id: the ledger is idempotent, so this finds out what happened, and the answer is settled
 * like the request would have. 2. Seat releases that failed are retried. 3. Events with a freed
 * seat that no promotion pass has handled get one. (Old idempotency keys are forgotten by the
 * scheduled purge: `purge-jobs.ts`.)
 */
export async function recoverOnce(
  deps: RegistrationDeps,
  options: RecoveryOptions = {},
): Promise<RecoveryReport> {
  const report: RecoveryReport = { settled: 0, released: 0, promoted: 0 };
  const graceMs = options.graceMs ?? deps.settings.recoveryGraceMs;
  const promote = new Set<string>();
  const { repos } = deps.data;

  for (;;) {
    const attempts = await repos.registrations.claimStale(graceMs, BATCH);
    for (const attempt of attempts) {
      if (await settleStale(deps, attempt)) {
        report.settled++;
        promote.add(attempt.eventId);
      }
    }
    if (attempts.length < BATCH) break;
  }

  for (;;) {
    const releases = await repos.seatReleases.claimDue(BATCH);
    for (const release of releases) {
      if (await releaseSeat(deps, release)) {
        report.released++;
        promote.add(release.eventId);
      }
    }
    if (releases.length < BATCH) break;
  }

  for (const eventId of await repos.snapshots.dueForPromotion(BATCH)) promote.add(eventId);
  for (const eventId of promote) report.promoted += await promoteWaitlist(deps, eventId);
  return report;
}

async function settleStale(deps: RegistrationDeps, attempt: Attempt): Promise<boolean> {
  try {
    const outcome = await deps.ledger.reserve(
      attempt.eventId,
      attempt.id,
      await laterHoldOf(deps, attempt),
    );
    const settlement = await settleReservation(deps, attempt, outcome, { refused: "cancel" });
    if (settlement.kind === "refused") {
      deps.logger.info("stale attempt cancelled: the ledger refused it", {
        registration_id: attempt.id,
        reason: settlement.reason,
      });
    }
    return settlement.kind !== "superseded";
  } catch (error) {
    if (!(error instanceof PeerUnavailableError)) throw error;
    // The claim is a lease: the row is tried again after the grace period.
    deps.logger.warn("recovery could not reach the ledger", {
      registration_id: attempt.id,
      error: error.message,
    });
    return false;
  }
}
