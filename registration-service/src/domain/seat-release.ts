import type { SeatRelease } from "../data/seat-releases";
import type { RegistrationDeps } from "./deps";
import { promoteWaitlist } from "./promotion";
import { PeerUnavailableError } from "./seat-ledger";

/**
 * What to give back: scheduled releases (as `seatReleases.schedule` returned them), or the
 * whole-hold release scheduled for a registration (`{registrationId, eventId}`).
 */
export type PendingRelease =
  | Pick<SeatRelease, "id" | "holdId" | "seatId" | "eventId">
  | { registrationId: string; eventId: string };

/**
 * Gives one scheduled release back to the ledger (idempotent there: releasing twice, or a hold
 * that never held, is fine; a whole-hold release leaves a tombstone). A release with a `seatId`
 * frees that seat of its hold only; without one, every seat the hold still holds. On success
 * the schedule row goes and the event's `seats_freed` moves on; on failure the row stays and the
 * recovery saga retries.
 */
export async function releaseSeat(
  deps: RegistrationDeps,
  release: Pick<SeatRelease, "id" | "holdId" | "seatId" | "eventId">,
): Promise<boolean> {
  try {
    if (release.seatId === null) await deps.ledger.release(release.eventId, release.holdId);
    else await deps.ledger.releaseSeat(release.eventId, release.holdId, release.seatId);
  } catch (error) {
    if (!(error instanceof PeerUnavailableError)) throw error;
    deps.logger.warn("seat release failed; the recovery saga retries it", {
      hold_id: release.holdId,
      seat_id: release.seatId,
      error: error.message,
    });
    await deps.data.repos.seatReleases.recordFailure(release.id, error.message);
    return false;
  }
  await deps.data.transaction(async (tx) => {
    if (await tx.seatReleases.complete(release.id))
      await tx.snapshots.bumpSeatsFreed(release.eventId);
  });
  return true;
}

/** Releases the seats (each release on its own), then offers them to the waitlist. */
export async function releaseAndPromote(
  deps: RegistrationDeps,
  pending: PendingRelease | readonly PendingRelease[],
): Promise<void> {
  const list: readonly PendingRelease[] = Array.isArray(pending) ? pending : [pending];
  let released = false;
  let eventId: string | undefined;
  for (const item of list) {
    eventId = item.eventId;
    const releases =
      "id" in item
        ? [item]
        : await deps.data.repos.seatReleases.pendingForHold(item.registrationId);
    for (const release of releases) {
      if (await releaseSeat(deps, release)) released = true;
    }
  }
  if (released && eventId !== undefined) await promoteWaitlist(deps, eventId);
}
