import { PeerUnavailableError, type SeatLedger } from "../../src/domain/seat-ledger";

/** How the next ledger calls misbehave. */
export interface Faults {
  /**
   * `hang-after-reserve`: the real reservation is made, then the call never returns (the process
   * "dies" between the ledger's answer and the commit); `hang-before-reserve`: it dies before
   * asking; `lose-reply`: the reservation is made but the answer is lost (a timeout).
   */
  reserve: "none" | "hang-after-reserve" | "hang-before-reserve" | "lose-reply";
  /** Releases fail as if the event service were down (nothing is released). */
  failReleases: boolean;
}

const never = () => new Promise<never>(() => undefined);

/** The real ledger client with injected crashes and outages, for recovery tests. */
export function faultyLedger(ledger: SeatLedger, faults: Faults): SeatLedger {
  return {
    async reserve(eventId, registrationId, hold) {
      switch (faults.reserve) {
        case "none":
          return ledger.reserve(eventId, registrationId, hold);
        case "hang-before-reserve":
          return never();
        case "hang-after-reserve":
          await ledger.reserve(eventId, registrationId, hold);
          return never();
        case "lose-reply":
          await ledger.reserve(eventId, registrationId, hold);
          throw new PeerUnavailableError("injected: the reply was lost");
      }
    },
    async release(eventId, registrationId) {
      if (faults.failReleases) throw new PeerUnavailableError("injected: the ledger is down");
      return ledger.release(eventId, registrationId);
    },
    async releaseSeat(eventId, holdId, seatId) {
      if (faults.failReleases) throw new PeerUnavailableError("injected: the ledger is down");
      return ledger.releaseSeat(eventId, holdId, seatId);
    },
    availability: (eventId) => ledger.availability(eventId),
  };
}
