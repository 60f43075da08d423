import { TOPICS } from "@turnout/contracts";
import type { EventHandler, Logger } from "@turnout/kit";
import { SERVICE } from "../config";
import type { Repositories } from "../data/repositories";
import { activityHandlers } from "./activity.consumer";
import { userRegisteredHandler } from "./user-registered.consumer";

/** One group for the whole service (as auth's): each event is handled once per service. */
export const CONSUMER_GROUP = SERVICE;

/** The work topics this service consumes. */
export const CONSUMED_TOPICS = [
  TOPICS.userRegistered,
  TOPICS.registrationConfirmed,
  TOPICS.registrationCancelled,
  TOPICS.registrationCheckedIn,
];

export function userServiceHandlers(logger: Logger): EventHandler<Repositories>[] {
  return [userRegisteredHandler(logger), ...activityHandlers()];
}
