import { eventCancelledV1, eventUpdatedV1, parseEvent, TOPICS } from "@turnout/contracts";
import { onEvent, type EventHandler } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import { applyEventCancelled, applyEventUpdated } from "../domain/event-changes";

/** One group for the whole service (docs/foundation.md): each event is handled once per service. */
export const CONSUMER_GROUP = "registration-service";

export const CONSUMED_TOPICS = [TOPICS.eventUpdated, TOPICS.eventCancelled];

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
