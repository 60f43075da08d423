import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  bodyOf,
  bookingOf,
  dietQuestion,
  emptyPage,
  errorOf,
  eventOf,
  fakeApi,
  json,
  problem,
  renderAt,
  signInAs,
  ticketTypeOf,
  urlOf,
} from "./helpers";

// Party bookings on an event with two types and questions (docs/booking-model.md).
const standard = ticketTypeOf({ seats_taken: 10, seats_available: 20 });
const early = {
  ...standard,
  id: "tt-early",
  name: "Early bird",
  seats_available: 0,
  sales_end: "2020-01-01T00:00:00.000Z",
};
const crew = { ...standard, id: "tt-crew", name: "Crew", hidden: true };
const consent = {
  id: "q-photo",
  label: "Photos may be taken",
  kind: "checkbox",
  options: [],
  required: true,
  per: "booking",
};
const event = eventOf({
  seats_taken: 10,
  seats_available: 30,
  ticket_types: [early, standard],
  questions: [dietQuestion, consent],
  seat_changes_until: null,
});
const availability = {
  capacity: 40,
  seats_taken: 10,
  seats_available: 30,
  ticket_types: [
    { id: "tt-early", seats_available: 0 },
    { id: "tt-std", seats_available: 20 },
  ],
};
// The booking ticked the consent box.
const booking = (over: Record<string, unknown> = {}) =>
  bookingOf({ answers: { "q-photo": true }, ...over });

test("two seats of a chosen type, with a name and answers per seat and the booking's consent", async () => {
  signInAs();
  const mine: unknown[] = [];
  const replies = [
    problem(422, "validation_failed", "Some answers are not valid.", [
      { path: "attendees.1.answers.q-diet", message: "is not one of the options", code: "custom" },
    ]),
  ];
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/events/e-1/availability": json(availability),
    "GET /api/v1/registrations": () => json({ items: mine, next_cursor: null }),
    "GET /api/v1/notifications": emptyPage,
    "POST /api/v1/registrations": () => {
      const failed = replies.shift();
      if (failed) return failed;
      mine.push(booking());
      return json(booking(), 201);
    },
  });
  renderAt("/events/e-1");

  // The type whose sales ended cannot be chosen; the open one is, with its seats left.
  const closed = await screen.findByRole("radio", { name: /Early bird \(sales have ended\)/ });
  expect(closed).toBeDisabled();
  expect(screen.getByRole("radio", { name: /Standard \(20 seats left\)/ })).toBeChecked();
  // At most the type's max per order.
  const quantity = screen.getByLabelText("Number of seats");
  expect(within(quantity).getAllByRole("option")).toHaveLength(4);
  await userEvent.selectOptions(quantity, "2");
  await userEvent.type(screen.getByLabelText("Name on seat 1 (optional)"), "Ada");
  await userEvent.type(screen.getByLabelText("Name on seat 2 (optional)"), "Grace");
  const seat1 = screen.getByRole("group", { name: "Seat 1" });
  const seat2 = screen.getByRole("group", { name: "Seat 2" });
  await userEvent.selectOptions(within(seat1).getByLabelText("Diet"), "Vegan");
  await userEvent.click(screen.getByRole("button", { name: "Register" }));

  // Required answers are checked before sending, next to their fields.
  expect(errorOf(within(seat2).getByLabelText("Diet"))).toBe("This question needs an answer.");
  expect(errorOf(screen.getByLabelText("Photos may be taken"))).toBe("Tick this box to book.");
  expect(within(seat2).getByLabelText("Diet")).toHaveFocus();
  expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);

  await userEvent.selectOptions(within(seat2).getByLabelText("Diet"), "Any");
  await userEvent.click(screen.getByLabelText("Photos may be taken"));
  await userEvent.click(screen.getByRole("button", { name: "Register" }));
  // The service's refusal of one seat's answer lands next to that seat's question.
  await waitFor(() => {
    expect(errorOf(within(seat2).getByLabelText("Diet"))).toBe("Is not one of the options.");
  });

  await userEvent.click(screen.getByRole("button", { name: "Register" }));
  expect(
    await screen.findByText("You're registered: your 2 seats are confirmed."),
  ).toBeInTheDocument();
  const seats = screen.getByRole("list", { name: "Seats" });
  expect(within(seats).getByText("Ada")).toBeInTheDocument();
  expect(within(seats).getByText("Grace")).toBeInTheDocument();
  const post = fetch.mock.calls.filter(([, init]) => init?.method === "POST").at(-1);
  expect(bodyOf(post)).toEqual({
    event_id: "e-1",
    ticket_type_id: "tt-std",
    quantity: 2,
    answers: { "q-photo": true },
    attendees: [
      { name: "Ada", answers: { "q-diet": "Vegan" } },
      { name: "Grace", answers: { "q-diet": "Any" } },
    ],
  });
});

test("a hidden type is listed with its access code (sent in a header) and booked with it", async () => {
  signInAs();
  const simple = { ...event, questions: [], ticket_types: [standard] };
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": (init) =>
      new Headers(init?.headers).get("X-Access-Code") === "CREW-2031"
        ? json({ ...simple, ticket_types: [standard, crew] })
        : json(simple),
    "GET /api/v1/events/e-1/availability": json(availability),
    "GET /api/v1/registrations": emptyPage,
    "GET /api/v1/notifications": emptyPage,
    "POST /api/v1/registrations": problem(409, "event_full", "No seats of this type are left."),
  });
  renderAt("/events/e-1");
  expect(await screen.findByRole("radio", { name: /Standard/ })).toBeChecked();
  expect(screen.queryByRole("radio", { name: /Crew/ })).not.toBeInTheDocument();

  await userEvent.click(screen.getByText("Have an access code?"));
  await userEvent.type(screen.getByLabelText("Access code (optional)"), "CREW-2031");
  await userEvent.click(screen.getByRole("button", { name: "Show tickets for this code" }));
  await userEvent.click(await screen.findByRole("radio", { name: /Crew/ }));
  await userEvent.click(screen.getByRole("button", { name: "Register" }));

  expect(await screen.findByRole("alert")).toHaveTextContent("No seats of this type are left.");
  const post = fetch.mock.calls.find(([, init]) => init?.method === "POST");
  expect(bodyOf(post)).toEqual({
    event_id: "e-1",
    ticket_type_id: "tt-crew",
    access_code: "CREW-2031",
  });
  // The code never goes in a URL.
  expect(fetch.mock.calls.some((call) => urlOf(call).includes("CREW"))).toBe(false);
});
