import { TOPICS } from "@turnout/contracts";
import type { EventHandler } from "@turnout/kit";
import type { FlowContext } from "./deliver";
import {
  eventUpdatedHandler,
  registrationCancelledHandler,
  registrationConfirmedHandler,
  registrationWaitlistedHandler,
} from "./registration-events";
import {
  accountMailHandlers,
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
  TOPICS.eventUpdated,
];

export function notificationHandlers(ctx: FlowContext): EventHandler[] {
  return [
    userRegisteredHandler(ctx),
    userSettingsChangedHandler(ctx),
    userDeletedHandler(ctx),
    ...accountMailHandlers(ctx),
    registrationConfirmedHandler(ctx),
    registrationWaitlistedHandler(ctx),
    registrationCancelledHandler(ctx),
    eventUpdatedHandler(ctx),
  ];
}
