import { outboxRepository, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";
import { eventSearchRepository } from "./event-search";
import { eventsRepository } from "./events";
import { questionsRepository } from "./questions";
import { seatLedgerRepository } from "./seat-ledger";
import { ticketTypesRepository } from "./ticket-types";

/**
 * Every event-service repository on `db` (the pool, or a unit of work's connection). `prisma`
 * is given on the pool only: the methods that use Prisma's model API are for stand-alone calls.
 */
export function repositories(db: Db, prisma?: PrismaClient) {
  return {
    events: eventsRepository(db, prisma),
    eventSearch: eventSearchRepository(db),
    ticketTypes: ticketTypesRepository(db),
    questions: questionsRepository(db),
    seatLedger: seatLedgerRepository(db),
    outbox: outboxRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
