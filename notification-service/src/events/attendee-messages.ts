import { attendeesMessagedV1, parseEvent } from "@turnout/contracts";
import { onEvent, type EventHandler } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import { attendeeMessageNotice } from "../domain/reminder-notices";
import { attendeeMessageMail } from "../mail/templates";
import type { FlowContext } from "./deliver";
import { BATCH_SIZE, deliverToBookings } from "./deliver-batch";

/**
 * `attendees-messaged`: the organizer's message goes to every confirmed booking this service
 * knows for the event, by each holder's channel settings, keyed by the message (a redelivery
 * adds nothing). Written a page of bookings per statement pair, in the consumer's unit of work.
 */
export function attendeesMessagedHandler(ctx: FlowContext): EventHandler<Repositories> {
  return onEvent(
    attendeesMessagedV1.type,
    (raw) => parseEvent(attendeesMessagedV1, raw),
    async (event, tx) => {
      const data = event.data;
      let after: string | undefined;
      for (;;) {
        const page = await tx.attendances.confirmedPage(data.event_id, {
          ...(after === undefined ? {} : { after }),
          limit: BATCH_SIZE,
          remindersOnly: false,
        });
        await deliverToBookings(tx, ctx, {
          sourceEventId: data.message_id,
          kind: "attendee_message",
          eventZone: data.timezone,
          bookings: page,
          notice: (_booking, style) => attendeeMessageNotice(data, style),
          mail: (notice, name) => attendeeMessageMail(notice, name, ctx.publicUrl),
        });
        after = page[page.length - 1]?.registrationId;
        if (page.length < BATCH_SIZE) break;
      }
    },
  );
}
