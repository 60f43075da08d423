import { cleanDisplayName } from "@turnout/contracts";
import type { TimeStyle } from "./event-times";
import { eventFacts, type EventSnapshot, type Notice } from "./notices";
import { quote } from "./quoted-name";

/** What `seat-offered` says about the offer (contracts' `seatOfferedV1`). */
export interface SeatOffer extends EventSnapshot {
  transfer_id: string;
  seat_id: string;
  from_display_name: string | null;
  ticket_type_name: string | null;
  attendee_name: string | null;
}

/**
 * A seat offered to an address: who offered it, for which event, type and seat name. The
 * sender's, the type's and the seat's names were typed by people, so they are cleaned and
 * quoted like display names (a name that breaks the rule is left out: "Someone").
 */
export function seatOfferedNotice(offer: SeatOffer, style: TimeStyle): Notice {
  const facts = eventFacts(offer, style);
  const sender = cleanDisplayName(offer.from_display_name);
  const typeName = cleanDisplayName(offer.ticket_type_name);
  const seatName = cleanDisplayName(offer.attendee_name);
  const title = `\u201c${offer.title}\u201d`;
  return {
    type: "seat_offered",
    title: `A seat at ${title} was offered to you`,
    body:
      `${sender === null ? "Someone" : quote(sender)} offered you a seat at ${title}. ` +
      "Accept it under My registrations; nothing changes until you do.",
    details: [
      ...facts.details,
      ...(typeName === null ? [] : [{ label: "Ticket type", value: quote(typeName) }]),
      ...(seatName === null ? [] : [{ label: "Name on the seat", value: quote(seatName) }]),
      ...(sender === null ? [] : [{ label: "Offered by", value: quote(sender) }]),
    ],
    data: {
      ...facts.data,
      transfer_id: offer.transfer_id,
      seat_id: offer.seat_id,
      ...(typeName === null ? {} : { ticket_type_name: typeName }),
      ...(seatName === null ? {} : { attendee_name: seatName }),
      ...(sender === null ? {} : { from_display_name: sender }),
    },
    eventId: offer.event_id,
  };
}
