import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, problem, renderAt, signInAs, bodyOf, urlOf } from "./helpers";

const event = {
  id: "e-1",
  title: "Intro to Kafka workshop",
  description: "Hands-on.",
  starts_at: "2031-05-04T08:00:00.000Z",
  ends_at: "2031-05-04T14:00:00.000Z",
  timezone: "Europe/Berlin",
  location: "Berlin",
  capacity: 3,
  seats_taken: 3,
  seats_available: 0,
  requires_approval: false,
  category: "workshop",
  status: "published",
  organizer_id: "org-1",
};
const full = { capacity: 3, seats_taken: 3, seats_available: 0 };

const registration = (over: Record<string, unknown>) => ({
  id: "4b1d2c3e-0000-4000-8000-000000000009",
  event_id: "e-1",
  user_id: "u-1",
  status: "confirmed",
  waitlist_position: null,
  confirmed_via: "direct",
  checked_in_at: null,
  cancelled_at: null,
  created_at: "2030-01-01T00:00:00.000Z",
  updated_at: "2030-01-01T00:00:00.000Z",
  ...over,
});

const empty = json({ items: [], next_cursor: null });

test("signed out, the event shows its seats and asks to sign in to register", async () => {
  fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/events/e-1/availability": json(full),
  });
  renderAt("/events/e-1");
  expect(await screen.findByRole("heading", { level: 1, name: event.title })).toBeInTheDocument();
  expect(await screen.findByText("Fully booked")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Sign in to register" })).toHaveAttribute(
    "href",
    "/sign-in?next=%2Fevents%2Fe-1",
  );
});

test("joining a full event puts the attendee on the waitlist with their position", async () => {
  signInAs();
  // The API's state: the list shows what the POST created.
  const mine: unknown[] = [];
  const waitlisted = registration({
    status: "waitlisted",
    waitlist_position: 2,
    confirmed_via: null,
  });
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/events/e-1/availability": json(full),
    "GET /api/v1/registrations": () => json({ items: mine, next_cursor: null }),
    "GET /api/v1/notifications": empty,
    "POST /api/v1/registrations": () => {
      mine.push(waitlisted);
      return json(waitlisted, 201);
    },
  });
  renderAt("/events/e-1");
  await userEvent.click(await screen.findByRole("button", { name: "Join the waitlist" }));

  expect(await screen.findByText(/You're number 2 on the waitlist/)).toBeInTheDocument();
  expect(screen.getByText("4B1D2C3E")).toBeInTheDocument();
  const post = fetch.mock.calls.find(([, init]) => init?.method === "POST");
  expect(bodyOf(post)).toEqual({ event_id: "e-1" });
  expect(new Headers(post?.[1]?.headers).get("Idempotency-Key")).toMatch(/^[0-9a-f-]{32,36}$/);
});

test("a refused sign-up is explained next to the button", async () => {
  signInAs();
  fakeApi({
    "GET /api/v1/events/e-1": json({ ...event, seats_available: 2 }),
    "GET /api/v1/events/e-1/availability": json({ ...full, seats_taken: 1, seats_available: 2 }),
    "GET /api/v1/registrations": empty,
    "GET /api/v1/notifications": empty,
    "POST /api/v1/registrations": problem(422, "event_not_open", "This event has already started."),
  });
  renderAt("/events/e-1");
  const button = await screen.findByRole("button", { name: "Register" });
  await userEvent.click(button);
  expect(await screen.findByRole("alert")).toHaveTextContent("This event has already started.");
});

test("cancelling asks first, then releases the seat", async () => {
  signInAs();
  let mine = [registration({})];
  const cancelled = registration({ status: "cancelled", cancelled_at: "2030-01-02T00:00:00.000Z" });
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/events/e-1/availability": json(full),
    "GET /api/v1/registrations": () => json({ items: mine, next_cursor: null }),
    "GET /api/v1/notifications": empty,
    "DELETE /api/v1/registrations/4b1d2c3e-0000-4000-8000-000000000009": () => {
      mine = [cancelled];
      return json(cancelled);
    },
  });
  renderAt("/events/e-1");
  expect(await screen.findByText("You're registered: your seat is confirmed.")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Cancel my registration" }));
  const confirm = screen.getByRole("group", { name: /Cancel your registration\?/ });
  expect(within(confirm).getByRole("button", { name: "Yes, cancel it" })).toHaveFocus();
  await userEvent.click(within(confirm).getByRole("button", { name: "Yes, cancel it" }));

  await waitFor(() => {
    expect(screen.getByText("Your registration is cancelled.")).toBeInTheDocument();
  });
  expect(fetch.mock.calls.some(([, init]) => init?.method === "DELETE")).toBe(true);
  expect(screen.getByRole("button", { name: "Join the waitlist" })).toBeInTheDocument();
});

test("the organizer checks an attendee in from the attendee list", async () => {
  signInAs(["attendee", "organizer"], 900, "org-1");
  const attendee = registration({ user_id: "u-9" });
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations/events/e-1": json({ items: [attendee], next_cursor: null }),
    "GET /api/v1/notifications": empty,
    "POST /api/v1/registrations/4b1d2c3e-0000-4000-8000-000000000009/check-in": json(
      registration({
        checked_in_at: "2031-05-04T08:05:00.000Z",
        updated_at: "2031-05-04T08:05:00.000Z",
      }),
    ),
  });
  renderAt("/events/e-1/attendees");
  await userEvent.type(await screen.findByLabelText("Find a ticket code"), "4b1d");
  expect(screen.getByText("1 of 1 registrations match 4B1D.")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Check in ticket 4B1D2C3E" }));
  const row = screen.getByRole("row", { name: /4B1D2C3E/ });
  expect(await within(row).findByText("Checked in")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: /Check in ticket/ })).not.toBeInTheDocument();
  expect(fetch.mock.calls.some((call) => urlOf(call).endsWith("/check-in"))).toBe(true);
});

test("an organizer action refused by the API says why in the row", async () => {
  signInAs(["attendee", "organizer"], 900, "org-1");
  fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations/events/e-1": json({
      items: [registration({ status: "pending", confirmed_via: null })],
      next_cursor: null,
    }),
    "GET /api/v1/notifications": empty,
    "POST /api/v1/registrations/4b1d2c3e-0000-4000-8000-000000000009/approve": problem(
      409,
      "invalid_state",
      "This registration is no longer pending.",
    ),
  });
  renderAt("/events/e-1/attendees");
  await userEvent.click(await screen.findByRole("button", { name: "Approve ticket 4B1D2C3E" }));
  const row = screen.getByRole("row", { name: /4B1D2C3E/ });
  expect(await within(row).findByRole("alert")).toHaveTextContent(
    "This registration is no longer pending.",
  );
});
