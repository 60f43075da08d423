import { outboxRepository, type Db } from "@turnout/kit";
import { attendeeListRepository } from "./attendee-list";
import { checkInHelpersRepository } from "./check-in-helpers";
import { checkInViewsRepository } from "./check-in-views";
import { checkInsRepository } from "./check-ins";
import { eventMessagesRepository } from "./event-messages";
import { snapshotsRepository, type SnapshotMemo } from "./event-snapshots";
import { expiredRowsRepository } from "./expired-rows";
import { idempotencyKeysRepository } from "./idempotency-keys";
import { peopleRepository } from "./people";
import { registrationsRepository } from "./registrations";
import { transitionsRepository } from "./registration-transitions";
import { seatPathRepository } from "./seat-path";
import { seatsRepository } from "./seats";
import { seatTransfersRepository } from "./seat-transfers";
import { seatRowsRepository } from "./seat-rows";
import { seatReleasesRepository } from "./seat-releases";
import { ticketFactsRepository } from "./ticket-facts";

export { snapshotMemo } from "./event-snapshots";

/** Every repository of the service, on the pool or on one unit of work's connection. */
export function repositories(db: Db, memo: SnapshotMemo) {
  return {
    snapshots: snapshotsRepository(db, memo),
    registrations: registrationsRepository(db),
    transitions: transitionsRepository(db),
    seatPath: seatPathRepository(db),
    seatRows: seatRowsRepository(db),
    seats: seatsRepository(db),
    seatTransfers: seatTransfersRepository(db),
    idempotencyKeys: idempotencyKeysRepository(db),
    seatReleases: seatReleasesRepository(db),
    outbox: outboxRepository(db),
    expiredRows: expiredRowsRepository(db),
    people: peopleRepository(db),
    attendeeList: attendeeListRepository(db),
    eventMessages: eventMessagesRepository(db),
    ticketFacts: ticketFactsRepository(db),
    checkIns: checkInsRepository(db),
    checkInViews: checkInViewsRepository(db),
    checkInHelpers: checkInHelpersRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
