import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeFetch, json, problem, renderAt } from "./helpers";

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

test("the navigation reaches the pages that are coming", async () => {
  fakeFetch(json({ items: [], next_cursor: null }));
  renderAt("/");
  const nav = screen.getByRole("navigation", { name: "Main" });

  await userEvent.click(within(nav).getByRole("link", { name: "Events" }));
  expect(screen.getByRole("heading", { level: 1, name: "Events" })).toBeInTheDocument();
  expect(within(nav).getByRole("link", { name: "Events" })).toHaveAttribute("aria-current", "page");

  await userEvent.click(within(nav).getByRole("link", { name: "Sign in" }));
  expect(screen.getByRole("heading", { level: 1, name: "Sign in" })).toBeInTheDocument();
  expect(screen.getByText("This page is coming soon.")).toBeInTheDocument();
});
