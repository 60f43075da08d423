import { withBooking } from "./booking-notice";
import type { Notice } from "./notices";

const notice: Notice = {
  type: "registration_confirmed",
  title: "You're registered for Night",
  body: "Your seat for Night is confirmed.",
  data: { event_id: "e" },
  details: [{ label: "Where", value: "Hall" }],
};

test("a message without booking fields leaves the notice exactly as it was", () => {
  expect(withBooking(notice, {})).toBe(notice);
  expect(withBooking(notice, { ticket_type_name: null })).toBe(notice);
});

test("the type, the number of seats and the seats' names are named, quoted", () => {
  const out = withBooking(notice, {
    ticket_type_name: "VIP",
    quantity: 3,
    seats: [
      { id: "a", attendee_name: null },
      { id: "b", attendee_name: "Ada\nLovelace" },
      { id: "c", attendee_name: "Bob <b>" },
    ],
  });
  expect(out.body).toBe(
    "Your seat for Night is confirmed. Booking: 3 seats of the ticket type \u201cVIP\u201d for " +
      "\u201cAda Lovelace\u201d, \u201cBob <b>\u201d.",
  );
  expect(out.details.slice(1)).toEqual([
    { label: "Ticket type", value: "\u201cVIP\u201d" },
    { label: "Seats", value: "3" },
    { label: "Names on the seats", value: "\u201cAda Lovelace\u201d, \u201cBob <b>\u201d" },
  ]);
  expect(out.data).toMatchObject({
    quantity: 3,
    ticket_type_name: "VIP",
    seat_names: ["Ada Lovelace", "Bob <b>"],
  });
});

test("a name with a web address is left out; the count falls back to the seats given", () => {
  const out = withBooking(notice, {
    ticket_type_name: "Free at www.evil.example",
    seats: [{ id: "a", attendee_name: "visit http://evil.example" }],
  });
  expect(out.body).toBe("Your seat for Night is confirmed. Booking: 1 seat.");
  expect(out.details.slice(1)).toEqual([{ label: "Seats", value: "1" }]);
});
