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

/** What a notice says about a booking: its sentence, mail detail lines and inbox facts. */
export interface BookingText {
  quantity: number;
  /** The type's name, cleaned and quoted; null when there is none (or it breaks the rule). */
  type: string | null;
  sentence: string;
  details: { label: string; value: string }[];
  data: Record<string, string | number | string[]>;
}

export const seatsText = (n: number): string => (n === 1 ? "1 seat" : `${n} seats`);

/**
 * The booking's ticket type, its number of seats and the names given for them. The type's and
 * the seats' names were typed by people, so they are cleaned and quoted like display names; a
 * name that breaks the rule is left out.
 */
export function bookingText(booking: BookingFacts): BookingText {
  const quantity = booking.quantity ?? booking.seats?.length ?? 1;
  const typeName = cleanDisplayName(booking.ticket_type_name);
  const seatNames = (booking.seats ?? []).flatMap((seat) => {
    const name = cleanDisplayName(seat.attendee_name);
    return name === null ? [] : [name];
  });
  const type = typeName === null ? null : quote(typeName);
  const names = seatNames.map(quote).join(", ");
  return {
    quantity,
    type,
    sentence:
      `Booking: ${seatsText(quantity)}` +
      (type === null ? "" : ` of the ticket type ${type}`) +
      (names === "" ? "" : ` for ${names}`) +
      ".",
    details: [
      ...(type === null ? [] : [{ label: "Ticket type", value: type }]),
      { label: "Seats", value: String(quantity) },
      ...(names === "" ? [] : [{ label: "Names on the seats", value: names }]),
    ],
    data: {
      quantity,
      ...(typeName === null ? {} : { ticket_type_name: typeName }),
      ...(seatNames.length === 0 ? {} : { seat_names: seatNames }),
    },
  };
}

/**
 * The notice naming the booking (`bookingText`): its sentence added to the body (the inbox
 * shows the body), its detail lines for mail, and its facts in `data`.
 */
export function withBooking(notice: Notice, booking: BookingFacts): Notice {
  const carried =
    booking.quantity !== undefined ||
    booking.seats !== undefined ||
    (booking.ticket_type_name ?? null) !== null;
  if (!carried) return notice;
  const text = bookingText(booking);
  return {
    ...notice,
    body: `${notice.body} ${text.sentence}`,
    details: [...notice.details, ...text.details],
    data: { ...notice.data, ...text.data },
  };
}
