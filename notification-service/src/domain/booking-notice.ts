import { cleanDisplayName } from "@turnout/contracts";
import type { Notice } from "./notices";
import { quote } from "./quoted-name";

/**
 * What a registration message may say about its booking (docs/booking-model.md, "Messages").
 * Messages written before bookings carry none of it, and their notices stay as they were.
 */
export interface BookingFacts {
  ticket_type_name?: string | null | undefined;
  quantity?: number | undefined;
  seats?: readonly { id: string; attendee_name: string | null }[] | undefined;
}

const seatsText = (n: number): string => (n === 1 ? "1 seat" : `${n} seats`);

/**
 * The notice naming the booking's ticket type, its number of seats and the names given for
 * them: one sentence added to the body (the inbox shows the body), the same as detail lines for
 * mail, and the facts in `data`. The type's and the seats' names were typed by people, so they
 * are cleaned and quoted like display names; a name that breaks the rule is left out.
 */
export function withBooking(notice: Notice, booking: BookingFacts): Notice {
  const carried =
    booking.quantity !== undefined ||
    booking.seats !== undefined ||
    (booking.ticket_type_name ?? null) !== null;
  if (!carried) return notice;
  const quantity = booking.quantity ?? booking.seats?.length ?? 1;
  const typeName = cleanDisplayName(booking.ticket_type_name);
  const seatNames = (booking.seats ?? []).flatMap((seat) => {
    const name = cleanDisplayName(seat.attendee_name);
    return name === null ? [] : [name];
  });
  const type = typeName === null ? null : quote(typeName);
  const names = seatNames.map(quote).join(", ");
  const sentence =
    `Booking: ${seatsText(quantity)}` +
    (type === null ? "" : ` of the ticket type ${type}`) +
    (names === "" ? "" : ` for ${names}`) +
    ".";
  return {
    ...notice,
    body: `${notice.body} ${sentence}`,
    details: [
      ...notice.details,
      ...(type === null ? [] : [{ label: "Ticket type", value: type }]),
      { label: "Seats", value: String(quantity) },
      ...(names === "" ? [] : [{ label: "Names on the seats", value: names }]),
    ],
    data: {
      ...notice.data,
      quantity,
      ...(typeName === null ? {} : { ticket_type_name: typeName }),
      ...(seatNames.length === 0 ? {} : { seat_names: seatNames }),
    },
  };
}
