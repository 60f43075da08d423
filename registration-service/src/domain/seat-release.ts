import type { RegistrationDeps } from "./deps";
import { promoteWaitlist } from "./promotion";
import { PeerUnavailableError } from "./seat-ledger";

export interface PendingRelease {
  registrationId: string;
  eventId: string;
}

/**
 * Gives a scheduled seat back to the ledger (idempotent there: releasing twice, or releasing an
 * id that never held, is fine and leaves a tombstone). On success the schedule row goes and the
 * event's `seats_freed` moves on; on failure the row stays and the recovery saga retries.
 */
export async function releaseSeat(
  deps: RegistrationDeps,
  release: PendingRelease,
): Promise<boolean> {
  try {
    await deps.ledger.release(release.eventId, release.registrationId);
  } catch (error) {
    if (!(error instanceof PeerUnavailableError)) throw error;
    deps.logger.warn("seat release failed; the recovery saga retries it", {
      registration_id: release.registrationId,
      error: error.message,
    });
    await deps.data.repos.seatReleases.recordFailure(release.registrationId, error.message);
    return false;
  }
  await deps.data.transaction(async (tx) => {
    if (await tx.seatReleases.complete(release.registrationId))
      await tx.snapshots.bumpSeatsFreed(release.eventId);
  });
  return true;
}

/** Releases the seat, then offers it to the waitlist. */
export async function releaseAndPromote(
  deps: RegistrationDeps,
  release: PendingRelease,
): Promise<void> {
  if (await releaseSeat(deps, release)) await promoteWaitlist(deps, release.eventId);
}
