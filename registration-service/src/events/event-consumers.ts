import {
  eventCancelledV1,
  eventUpdatedV1,
  parseEvent,
  TOPICS,
  userDeletedV1,
  userProfileUpdatedV1,
  userRegisteredV1,
} from "@turnout/contracts";
import { onEvent, type EventHandler } from "@turnout/kit";
import type { PeopleRepository } from "../data/people";
import type { Repositories } from "../data/repositories";
import { applyEventCancelled, applyEventUpdated } from "../domain/event-changes";
import { applyProfileUpdated, applyUserDeleted, applyUserRegistered } from "../domain/people";

/** One group for the whole service (docs/foundation.md): each event is handled once per service. */
export const CONSUMER_GROUP = "registration-service";

export const EVENT_CHANGE_TOPICS = [TOPICS.eventUpdated, TOPICS.eventCancelled];
export const PEOPLE_TOPICS = [TOPICS.userRegistered, TOPICS.userProfileUpdated, TOPICS.userDeleted];
export const CONSUMED_TOPICS = [...EVENT_CHANGE_TOPICS, ...PEOPLE_TOPICS];

/** What the consumer's units of work hold: the repositories and the people copy. */
export type ConsumerRepositories = Repositories & { people: PeopleRepository };

/** `event-updated` refreshes the local copy; `event-cancelled` ends every registration. */
export function eventChangeHandlers(): EventHandler<Repositories>[] {
  return [
    onEvent(
      eventUpdatedV1.type,
      (raw) => parseEvent(eventUpdatedV1, raw),
      (event, tx) => applyEventUpdated(tx, event.data),
    ),
    onEvent(
      eventCancelledV1.type,
      (raw) => parseEvent(eventCancelledV1, raw),
      async (event, tx) => {
        await applyEventCancelled(tx, event.data);
      },
    ),
  ];
}

/** The accounts' names and emails for attendee lists, ordered by each message's time. */
export function peopleHandlers(): EventHandler<{ people: PeopleRepository }>[] {
  return [
    onEvent(
      userRegisteredV1.type,
      (raw) => parseEvent(userRegisteredV1, raw),
      (event, tx) => applyUserRegistered(tx, event.data, event.time),
    ),
    onEvent(
      userProfileUpdatedV1.type,
      (raw) => parseEvent(userProfileUpdatedV1, raw),
      (event, tx) => applyProfileUpdated(tx, event.data, event.time),
    ),
    onEvent(
      userDeletedV1.type,
      (raw) => parseEvent(userDeletedV1, raw),
      (event, tx) => applyUserDeleted(tx, event.data),
    ),
  ];
}

/** Every handler of the service's consumer group (main.ts). */
export const consumerHandlers = (): EventHandler<ConsumerRepositories>[] => [
  ...eventChangeHandlers(),
  ...peopleHandlers(),
];
