import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  bodyOf,
  bookingOf,
  dietQuestion,
  emptyPage,
  eventOf,
  fakeApi,
  json,
  noContent,
  problem,
  REGISTRATION_ID,
  renderAt,
  seatOf,
  signInAs,
  ticketTypeOf,
  urlOf,
} from "./helpers";

// Per-seat self-service and the attendee list that names people (docs/booking-model.md).
const event = eventOf({
  ticket_types: [ticketTypeOf({ quota: 40, seats_taken: 2, seats_available: 38 })],
  questions: [dietQuestion],
  seat_changes_until: null,
});

test("an attendee cancels one seat after confirming, and sends the other to someone", async () => {
  signInAs();
  let current = bookingOf();
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations": () => json({ items: [current], next_cursor: null }),
    "GET /api/v1/registrations/transfers": json({ items: [] }),
    "GET /api/v1/notifications": emptyPage,
    [`DELETE /api/v1/registrations/${REGISTRATION_ID}/seats/s-2`]: () => {
      current = bookingOf({
        quantity: 1,
        seats: [seatOf("s-1", "Ada"), seatOf("s-2", "Grace", "cancelled")],
      });
      return json(current);
    },
    [`POST /api/v1/registrations/${REGISTRATION_ID}/seats/s-1/transfer`]: (init) =>
      (bodyOf(["", init]) as { email: string }).email === "me@example.test"
        ? problem(422, "transfer_to_self", "You cannot send a seat to yourself.")
        : json(
            {
              id: "t-1",
              registration_id: REGISTRATION_ID,
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
    "GET /api/v1/registrations": json({ items: [bookingOf()], next_cursor: null }),
    "GET /api/v1/registrations/transfers": json({ items: [] }),
    "GET /api/v1/notifications": emptyPage,
  });
  renderAt("/my/registrations");
  const seats = await screen.findByRole("list", { name: "Seats for Rust meetup" });
  expect(within(seats).getByText("Grace")).toBeInTheDocument();
  await screen.findByText(/Standard/);
  expect(within(seats).queryByRole("button")).not.toBeInTheDocument();
});

test("after a reload, the booking's read names the open offer, which the sender withdraws", async () => {
  signInAs();
  const offer = {
    id: "t-1",
    email: "grace@example.test",
    status: "offered",
    created_at: "2030-01-02T00:00:00.000Z",
  };
  let current = bookingOf({
    seats: [{ ...seatOf("s-1", "Ada"), transfer: offer }, seatOf("s-2", "Grace")],
  });
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations": () => json({ items: [current], next_cursor: null }),
    "GET /api/v1/registrations/transfers": json({ items: [] }),
    "GET /api/v1/notifications": emptyPage,
    "DELETE /api/v1/registrations/transfers/t-1": () => {
      current = bookingOf();
      return noContent();
    },
  });
  // A fresh page: nothing was offered in this session, the reply alone names the offer.
  renderAt("/my/registrations");
  const seats = await screen.findByRole("list", { name: "Seats for Rust meetup" });
  expect(
    await within(seats).findByText(/offered to grace@example.test, waiting for them to accept/),
  ).toBeInTheDocument();
  expect(
    within(seats).queryByRole("button", { name: "Send seat 1 (Ada) to someone" }),
  ).not.toBeInTheDocument();

  await userEvent.click(
    within(seats).getByRole("button", { name: "Withdraw the offer of seat 1 (Ada)" }),
  );
  expect(
    await within(seats).findByRole("button", { name: "Send seat 1 (Ada) to someone" }),
  ).toBeInTheDocument();
  expect(within(seats).queryByText(/offered to/)).not.toBeInTheDocument();
  const deletes = fetch.mock.calls.filter(([, init]) => init?.method === "DELETE");
  expect(deletes.map(urlOf)).toEqual(["/api/v1/registrations/transfers/t-1"]);
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
    "GET /api/v1/registrations": emptyPage,
    "GET /api/v1/registrations/transfers": () => json({ items: offers }),
    "GET /api/v1/notifications": emptyPage,
    "POST /api/v1/registrations/transfers/t-1/accept": () => {
      offers = [];
      return json(bookingOf({ transferred_from: "other", quantity: 1 }), 201);
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
    ...bookingOf(),
    attendee: { display_name: "Ada Lovelace", email: "ada@example.test" },
    ticket_type: { id: "tt-std", name: "Standard" },
    seats: [seatOf("s-1", "Ada"), seatOf("s-2", "Grace", "confirmed", "Any")],
  };
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations/events/e-1": (_init, url) =>
      json({
        items: url.includes("q=") && !url.includes("q=ada") ? [] : [named],
        next_cursor: null,
      }),
    "GET /api/v1/notifications": emptyPage,
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
