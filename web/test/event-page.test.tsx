import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  bodyOf,
  emptyPage,
  eventOf,
  fakeApi,
  json,
  problem,
  registrationOf,
  renderAt,
  signInAs,
  urlOf,
} from "./helpers";

const event = eventOf({
  title: "Intro to Kafka workshop",
  description: "Hands-on.",
  starts_at: "2031-05-04T08:00:00.000Z",
  ends_at: "2031-05-04T14:00:00.000Z",
  capacity: 3,
  seats_taken: 3,
  seats_available: 0,
  category: "workshop",
});
const full = { capacity: 3, seats_taken: 3, seats_available: 0 };

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
  const waitlisted = registrationOf({
    status: "waitlisted",
    waitlist_position: 2,
    confirmed_via: null,
  });
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/events/e-1/availability": json(full),
    "GET /api/v1/registrations": () => json({ items: mine, next_cursor: null }),
    "GET /api/v1/notifications": emptyPage,
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
    "GET /api/v1/registrations": emptyPage,
    "GET /api/v1/notifications": emptyPage,
    "POST /api/v1/registrations": problem(422, "event_not_open", "This event has already started."),
  });
  renderAt("/events/e-1");
  const button = await screen.findByRole("button", { name: "Register" });
  await userEvent.click(button);
  expect(await screen.findByRole("alert")).toHaveTextContent("This event has already started.");
});

test("cancelling asks first, then releases the seat", async () => {
  signInAs();
  let mine = [registrationOf({})];
  const cancelled = registrationOf({
    status: "cancelled",
    cancelled_at: "2030-01-02T00:00:00.000Z",
  });
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/events/e-1/availability": json(full),
    "GET /api/v1/registrations": () => json({ items: mine, next_cursor: null }),
    "GET /api/v1/notifications": emptyPage,
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
  const attendee = registrationOf({ user_id: "u-9" });
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations/events/e-1": json({ items: [attendee], next_cursor: null }),
    "GET /api/v1/notifications": emptyPage,
    "POST /api/v1/registrations/4b1d2c3e-0000-4000-8000-000000000009/check-in": json(
      registrationOf({
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
      items: [registrationOf({ status: "pending", confirmed_via: null })],
      next_cursor: null,
    }),
    "GET /api/v1/notifications": emptyPage,
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
