import { TOPICS } from "@turnout/contracts";
import type { EventHandler } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import { attendeesMessagedHandler } from "./attendee-messages";
import type { FlowContext } from "./deliver";
import {
  eventUpdatedHandler,
  registrationCancelledHandler,
  registrationConfirmedHandler,
  registrationSeatsChangedHandler,
  registrationWaitlistedHandler,
} from "./registration-events";
import { seatOfferedHandler } from "./transfer-events";
import {
  accountMailHandlers,
  signUpAttemptHandler,
  userDeletedHandler,
  userRegisteredHandler,
  userSettingsChangedHandler,
} from "./user-events";

/**
 * Everything the service consumes, as one work group (`notification-service`): each event is
 * handled once per service however many replicas run. `event-cancelled` is not among them:
 * the registration service announces every cancelled registration (reason `event_cancelled`).
 */
export const CONSUMED_TOPICS = [
  TOPICS.userRegistered,
  TOPICS.emailVerificationRequested,
  TOPICS.passwordResetRequested,
  TOPICS.userSettingsChanged,
  TOPICS.userDeleted,
  TOPICS.registrationConfirmed,
  TOPICS.registrationWaitlisted,
  TOPICS.registrationCancelled,
  TOPICS.registrationSeatsChanged,
  TOPICS.eventUpdated,
  TOPICS.seatTransferOffered,
  TOPICS.attendeesMessaged,
];

/**
 * Each handler gets the repositories of the consumer's unit of work (a whole fetched batch):
 * database work only. Mail is queued in `outbound_mail` and sent by the mail sender later.
 */
export function notificationHandlers(ctx: FlowContext): EventHandler<Repositories>[] {
  return [
    userRegisteredHandler(ctx),
    userSettingsChangedHandler(),
    userDeletedHandler(),
    ...accountMailHandlers(ctx),
    signUpAttemptHandler(ctx),
    registrationConfirmedHandler(ctx),
    registrationWaitlistedHandler(ctx),
    registrationCancelledHandler(ctx),
    registrationSeatsChangedHandler(ctx),
    eventUpdatedHandler(ctx),
    seatOfferedHandler(ctx),
    attendeesMessagedHandler(ctx),
  ];
}
