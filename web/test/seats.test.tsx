import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { bodyOf, fakeApi, json, problem, renderAt, signInAs, urlOf } from "./helpers";

// Per-seat self-service and the attendee list that names people (docs/booking-model.md).
const diet = {
  id: "q-diet",
  label: "Diet",
  kind: "choice",
  options: ["Vegan", "Any"],
  required: true,
  per: "seat",
};
const event = {
  id: "e-1",
  title: "Rust meetup",
  description: "",
  starts_at: "2031-05-04T16:00:00.000Z",
  ends_at: "2031-05-04T19:00:00.000Z",
  timezone: "Europe/Berlin",
  location: "Berlin",
  capacity: 40,
  requires_approval: false,
  status: "published",
  organizer_id: "org-1",
  ticket_types: [
    {
      id: "tt-std",
      name: "Standard",
      description: "",
      quota: 40,
      seats_taken: 2,
      seats_available: 38,
      sales_start: null,
      sales_end: null,
      max_per_order: 4,
      hidden: false,
    },
  ],
  questions: [diet],
  seat_changes_until: null,
};
const ID = "4b1d2c3e-0000-4000-8000-000000000009";
const seat = (id: string, name: string, status = "confirmed", answer = "Vegan") => ({
  id,
  attendee_name: name,
  answers: { "q-diet": answer },
  status,
});
const booking = (over: Record<string, unknown> = {}) => ({
  id: ID,
  event_id: "e-1",
  user_id: "u-1",
  status: "confirmed",
  waitlist_position: null,
  confirmed_via: "direct",
  checked_in_at: null,
  cancelled_at: null,
  created_at: "2030-01-01T00:00:00.000Z",
  updated_at: "2030-01-01T00:00:00.000Z",
  ticket_type_id: "tt-std",
  quantity: 2,
  answers: {},
  transferred_from: null,
  seats: [seat("s-1", "Ada"), seat("s-2", "Grace")],
  ...over,
});
const empty = json({ items: [], next_cursor: null });

test("an attendee cancels one seat after confirming, and sends the other to someone", async () => {
  signInAs();
  let current = booking();
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations": () => json({ items: [current], next_cursor: null }),
    "GET /api/v1/registrations/transfers": json({ items: [] }),
    "GET /api/v1/notifications": empty,
    [`DELETE /api/v1/registrations/${ID}/seats/s-2`]: () => {
      current = booking({
        quantity: 1,
        seats: [seat("s-1", "Ada"), seat("s-2", "Grace", "cancelled")],
      });
      return json(current);
    },
    [`POST /api/v1/registrations/${ID}/seats/s-1/transfer`]: (init) =>
      (bodyOf(["", init]) as { email: string }).email === "me@example.test"
        ? problem(422, "transfer_to_self", "You cannot send a seat to yourself.")
        : json(
            {
              id: "t-1",
              registration_id: ID,
              seat_id: "s-1",
              email: "grace@example.test",
              status: "offered",
              created_at: "2030-01-02T00:00:00.000Z",
            },
            201,
          ),
  });
  renderAt("/my/registrations");
  const seats = await screen.findByRole("list", { name: "Seats for Rust meetup" });
  expect(await screen.findByText(/Standard/)).toBeInTheDocument();

  await userEvent.click(within(seats).getByRole("button", { name: "Cancel seat 2 (Grace)" }));
  // A confirm step first: nothing is sent yet.
  expect(fetch.mock.calls.some(([, init]) => init?.method === "DELETE")).toBe(false);
  await userEvent.click(screen.getByRole("button", { name: "Yes, cancel this seat" }));
  await waitFor(() => {
    expect(within(seats).getAllByText("Cancelled")).toHaveLength(1);
  });
  expect(within(seats).queryByRole("button", { name: /seat 2/ })).not.toBeInTheDocument();

  await userEvent.click(
    within(seats).getByRole("button", { name: "Send seat 1 (Ada) to someone" }),
  );
  const email = screen.getByLabelText("Email of the person to send seat 1 (Ada) to");
  await userEvent.type(email, "me@example.test");
  await userEvent.click(screen.getByRole("button", { name: "Send the seat" }));
  expect(await screen.findByText("You cannot send a seat to yourself.")).toBeInTheDocument();
  await userEvent.clear(email);
  await userEvent.type(email, "grace@example.test");
  await userEvent.click(screen.getByRole("button", { name: "Send the seat" }));
  expect(
    await within(seats).findByText(/offered to grace@example.test, waiting for them to accept/),
  ).toBeInTheDocument();
  expect(
    within(seats).getByRole("button", { name: "Withdraw the offer of seat 1 (Ada)" }),
  ).toBeInTheDocument();
});

test("after the organizer's deadline the seats are listed without changes", async () => {
  signInAs();
  fakeApi({
    "GET /api/v1/events/e-1": json({ ...event, seat_changes_until: "2020-01-01T00:00:00.000Z" }),
    "GET /api/v1/registrations": json({ items: [booking()], next_cursor: null }),
    "GET /api/v1/registrations/transfers": json({ items: [] }),
    "GET /api/v1/notifications": empty,
  });
  renderAt("/my/registrations");
  const seats = await screen.findByRole("list", { name: "Seats for Rust meetup" });
  expect(within(seats).getByText("Grace")).toBeInTheDocument();
  await screen.findByText(/Standard/);
  expect(within(seats).queryByRole("button")).not.toBeInTheDocument();
});

test("a seat offered to the signed-in account is accepted from Offers for you", async () => {
  signInAs();
  let offers = [
    {
      id: "t-1",
      registration_id: "other",
      seat_id: "s-9",
      event_id: "e-1",
      email: "me@example.test",
      status: "offered",
      attendee_name: "Grace",
      created_at: "2030-01-02T00:00:00.000Z",
    },
  ];
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations": empty,
    "GET /api/v1/registrations/transfers": () => json({ items: offers }),
    "GET /api/v1/notifications": empty,
    "POST /api/v1/registrations/transfers/t-1/accept": () => {
      offers = [];
      return json(booking({ transferred_from: "other", quantity: 1 }), 201);
    },
  });
  renderAt("/my/registrations");
  const section = await screen.findByRole("region", { name: "Offers for you" });
  await userEvent.click(
    await within(section).findByRole("button", { name: "Accept the seat for Rust meetup" }),
  );
  await waitFor(() => {
    expect(screen.queryByRole("region", { name: "Offers for you" })).not.toBeInTheDocument();
  });
  expect(fetch.mock.calls.some((call) => urlOf(call).endsWith("/transfers/t-1/accept"))).toBe(true);
});

test("the organizer's list names attendees, their type, seats and answers, and searches by name", async () => {
  signInAs(["attendee", "organizer"], 900, "org-1");
  const named = {
    ...booking(),
    attendee: { display_name: "Ada Lovelace", email: "ada@example.test" },
    ticket_type: { id: "tt-std", name: "Standard" },
    seats: [seat("s-1", "Ada"), seat("s-2", "Grace", "confirmed", "Any")],
  };
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations/events/e-1": (_init, url) =>
      json({
        items: url.includes("q=") && !url.includes("q=ada") ? [] : [named],
        next_cursor: null,
      }),
    "GET /api/v1/notifications": empty,
  });
  renderAt("/events/e-1/attendees");
  const row = await screen.findByRole("row", { name: /Ada Lovelace/ });
  expect(within(row).getByText("ada@example.test")).toBeInTheDocument();
  expect(within(row).getByText("Standard")).toBeInTheDocument();
  expect(within(row).getByText("Grace")).toBeInTheDocument();
  expect(within(row).getAllByText("Diet")).toHaveLength(2);
  expect(within(row).getByText("Any")).toBeInTheDocument();

  await userEvent.type(screen.getByLabelText("Search attendees"), "zed");
  expect(await screen.findByText("Nobody matches “zed”.")).toBeInTheDocument();
  expect(fetch.mock.calls.some((call) => urlOf(call).includes("q=zed"))).toBe(true);
});
