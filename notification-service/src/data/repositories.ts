import type { Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";
import { attendancesRepository } from "./attendances";
import { eventSchedulesRepository } from "./event-schedules";
import { expiredRowsRepository } from "./expired-rows";
import { notificationsRepository } from "./notifications";
import { outboundMailRepository } from "./outbound-mail";
import { recipientsRepository } from "./recipients";
import { webhookDeliveriesRepository } from "./webhook-deliveries";
import { webhookDispatchRepository } from "./webhook-dispatch";
import { webhookEndpointsRepository } from "./webhook-endpoints";

/**
 * The service's repositories on `db` (the pool, or a unit of work's connection). `prisma` is
 * given on the pool only: the methods that use Prisma's model API are for stand-alone calls
 * (the kit's `modelApi`). The service publishes no events, so it has no outbox repository.
 */
export function repositories(db: Db, prisma?: PrismaClient) {
  return {
    recipients: recipientsRepository(db),
    attendances: attendancesRepository(db),
    eventSchedules: eventSchedulesRepository(db),
    notifications: notificationsRepository(db, prisma),
    outboundMail: outboundMailRepository(db),
    expiredRows: expiredRowsRepository(db),
    webhookEndpoints: webhookEndpointsRepository(db),
    webhookDeliveries: webhookDeliveriesRepository(db),
    webhookDispatch: webhookDispatchRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
