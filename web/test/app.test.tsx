import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, fakeFetch, json, problem, renderAt, signInAs } from "./helpers";

const events = [
  {
    id: "0b5c1f52-3f7e-4f0e-9d2a-1f0e6c1d2a01",
    title: "TypeScript meetup",
    starts_at: "2030-05-04T17:00:00Z",
    timezone: "Europe/Berlin",
    location: "Berlin, Alexanderplatz 1",
    seats_available: 12,
  },
  {
    id: "0b5c1f52-3f7e-4f0e-9d2a-1f0e6c1d2a02",
    title: "Community garden day",
    starts_at: "2030-05-06T09:00:00Z",
    timezone: "UTC",
    location: "Riverside park",
    seats_available: 0,
  },
];

afterEach(() => {
  jest.restoreAllMocks();
});

test("the home page shows the events the API lists", async () => {
  const fetch = fakeFetch(json({ items: events, next_cursor: null }));
  renderAt("/");

  const upcoming = screen.getByRole("region", { name: "Upcoming events" });
  expect(within(upcoming).getByRole("status")).toHaveTextContent("Loading events");
  const cards = await within(upcoming).findAllByRole("article");
  expect(cards.map((card) => within(card).getByRole("heading").textContent)).toEqual([
    "TypeScript meetup",
    "Community garden day",
  ]);
  expect(within(cards[0]!).getByRole("link", { name: "TypeScript meetup" })).toHaveAttribute(
    "href",
    `/events/${events[0]!.id}`,
  );
  expect(cards[0]).toHaveTextContent("12 seats left");
  expect(cards[1]).toHaveTextContent("Fully booked");
  expect(fetch).toHaveBeenCalledTimes(1);
  expect(fetch.mock.calls[0]?.[0]).toBe("/api/v1/events?limit=6");
});

test("an API problem is shown in plain words, and Try again loads again", async () => {
  fakeFetch(
    problem(503, "service_unavailable", "The events service is not available. Retry later."),
    json({ items: [], next_cursor: null }),
  );
  renderAt("/");

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("Events could not be loaded.");
  expect(alert).toHaveTextContent("The events service is not available. Retry later.");
  expect(alert).not.toHaveTextContent("service_unavailable");

  await userEvent.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(await screen.findByText("No upcoming events yet. Check back soon.")).toBeInTheDocument();
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("an error without a problem document and an unreachable API still read plainly", async () => {
  fakeFetch({ status: 502, contentType: "text/html", body: "<html>Bad gateway</html>" });
  renderAt("/");
  expect(await screen.findByRole("alert")).toHaveTextContent("Turnout is having trouble");

  globalThis.fetch = jest.fn(() => Promise.reject(new TypeError("Failed to fetch")));
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  await waitFor(() => {
    expect(screen.getByRole("alert")).toHaveTextContent("Turnout could not be reached.");
  });
});

test("an unknown client route shows the 404 page inside the layout", () => {
  fakeFetch(json({ items: [], next_cursor: null }));
  renderAt("/no/such/page");

  expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
  expect(screen.getByText("/no/such/page")).toBeInTheDocument();
  expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "API documentation" })).toHaveAttribute(
    "href",
    "/api/docs/",
  );
  expect(document.title).toBe("Page not found · Turnout");
});

test("the navigation offers sign-in when signed out, and the account pages when signed in", async () => {
  fakeFetch(json({ items: [], next_cursor: null }));
  renderAt("/");
  const nav = screen.getByRole("navigation", { name: "Main" });
  expect(within(nav).queryByRole("link", { name: "My registrations" })).not.toBeInTheDocument();

  await userEvent.click(within(nav).getByRole("link", { name: "Sign in" }));
  expect(screen.getByRole("heading", { level: 1, name: "Sign in" })).toBeInTheDocument();
  expect(within(nav).getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  await userEvent.click(within(nav).getByRole("link", { name: "Events" }));
  expect(await screen.findByRole("heading", { level: 1, name: "Events" })).toBeInTheDocument();
});

test("a signed-in organizer sees their pages and the unread count", async () => {
  signInAs(["attendee", "organizer"]);
  fakeApi({
    "GET /api/v1/events": json({ items: [], next_cursor: null }),
    "GET /api/v1/notifications": json({
      items: [
        {
          id: "n1",
          type: "welcome",
          title: "Hi",
          body: "",
          data: {},
          read_at: null,
          created_at: "2030-01-01T00:00:00Z",
        },
        {
          id: "n2",
          type: "welcome",
          title: "Hi",
          body: "",
          data: {},
          read_at: null,
          created_at: "2030-01-01T00:00:00Z",
        },
      ],
      next_cursor: null,
    }),
  });
  renderAt("/");
  const nav = screen.getByRole("navigation", { name: "Main" });
  expect(within(nav).getByRole("link", { name: "My registrations" })).toBeInTheDocument();
  expect(within(nav).getByRole("link", { name: "My events" })).toBeInTheDocument();
  expect(within(nav).queryByRole("link", { name: "Users" })).not.toBeInTheDocument();
  expect(
    await within(nav).findByRole("link", { name: "Notifications (2 unread)" }),
  ).toBeInTheDocument();
});

test("pages for signed-in people send others to sign in, and back afterwards", () => {
  fakeFetch(json({ items: [], next_cursor: null }));
  const { router } = renderAt("/my/registrations");
  expect(screen.getByRole("heading", { level: 1, name: "Sign in" })).toBeInTheDocument();
  expect(router.state.location.search).toBe("?next=%2Fmy%2Fregistrations");
});

test("an attendee on an organizer page is told why it is closed", () => {
  signInAs(["attendee"]);
  fakeFetch(json({ items: [], next_cursor: null }));
  renderAt("/events/new");
  expect(screen.getByRole("alert")).toHaveTextContent("This page is for organizers.");
});
