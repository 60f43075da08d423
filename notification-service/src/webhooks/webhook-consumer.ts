import { parseEvent } from "@turnout/contracts";
import type { EventHandler } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import { EVENT_SCOPED_DEFINITIONS, PLATFORM_DEFINITIONS } from "./event-types";

export { WEBHOOK_TOPICS } from "./event-types";

/** The webhook consumer's own group: a slow receiver never holds back mail, nor mail webhooks. */
export const WEBHOOK_GROUP = "notification-service-webhooks";

interface Envelope {
  id: string;
  type: string;
  subject?: string | undefined;
  data: { event_id?: string; organizer_id?: string | undefined; user_id?: string };
}

/**
 * Per message, in the consumer's unit of work: the event's organizer is recorded when the message
 * names it, then one delivery is queued per active endpoint that wants the message (the
 * envelope unchanged as the body). The insert trigger wakes the dispatchers once it commits.
 */
function webhookHandler(
  definition: { type: string },
  parse: (raw: unknown) => Envelope,
  scoped: boolean,
): EventHandler<Repositories> {
  return {
    type: definition.type,
    prepare(raw) {
      const event = parse(raw);
      const payload = JSON.stringify(raw);
      return async (tx) => {
        const eventRef = scoped ? (event.data.event_id ?? null) : null;
        const named = event.data.organizer_id;
        if (eventRef !== null && named !== undefined) {
          await tx.webhookEndpoints.recordOwner(eventRef, named);
        }
        const organizerId =
          eventRef === null ? null : (named ?? (await tx.webhookEndpoints.ownerOf(eventRef)));
        await tx.webhookDeliveries.fanOut({
          eventId: event.id,
          eventType: event.type,
          aggregateKey: event.subject ?? event.data.event_id ?? event.data.user_id ?? event.id,
          payload,
          eventRef,
          organizerId: organizerId ?? null,
        });
      };
    },
  };
}

/** One handler per webhook type (docs/integrations.md, "What is delivered"). */
export function webhookHandlers(): EventHandler<Repositories>[] {
  return [
    ...EVENT_SCOPED_DEFINITIONS.map((definition) =>
      webhookHandler(definition, (raw) => parseEvent(definition, raw), true),
    ),
    ...PLATFORM_DEFINITIONS.map((definition) =>
      webhookHandler(definition, (raw) => parseEvent(definition, raw), false),
    ),
  ];
}
