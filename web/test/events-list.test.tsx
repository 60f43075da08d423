import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, json, problem, renderAt, urlOf } from "./helpers";

const eventAt = (n: number) => ({
  id: `e-${n}`,
  title: `Event number ${n}`,
  description: "",
  starts_at: `2031-05-${String(n).padStart(2, "0")}T10:00:00.000Z`,
  timezone: "UTC",
  location: "Somewhere",
  seats_available: 10,
  requires_approval: false,
  status: "published",
});

test("filters go to the API and the address bar, and more pages load after the cursor", async () => {
  const fetch = fakeApi({
    "GET /api/v1/events": (_init, url) =>
      url.includes("cursor=c2")
        ? json({ items: [eventAt(3)], next_cursor: null })
        : json({ items: [eventAt(1), eventAt(2)], next_cursor: "c2" }),
  });
  const { router } = renderAt("/events");
  expect(await screen.findByText("Showing 2 events (more below).")).toBeInTheDocument();

  await userEvent.click(screen.getByRole("button", { name: "Show more events" }));
  expect(await screen.findByRole("link", { name: "Event number 3" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Show more events" })).not.toBeInTheDocument();

  const search = screen.getByRole("search", { name: "Find events" });
  await userEvent.type(within(search).getByLabelText("Search"), "kafka");
  await userEvent.type(within(search).getByLabelText("Category"), "Workshop");
  await userEvent.type(within(search).getByLabelText("From"), "2031-05-01");
  await userEvent.click(within(search).getByRole("button", { name: "Search" }));

  await waitFor(() => {
    expect(router.state.location.search).toBe("?q=kafka&from=2031-05-01&category=workshop");
  });
  const url = new URL(urlOf(fetch.mock.calls.at(-1)), "http://app.test");
  expect(url.searchParams.get("q")).toBe("kafka");
  expect(url.searchParams.get("category")).toBe("workshop");
  expect(url.searchParams.get("from")).toBe(new Date(2031, 4, 1).toISOString());
  expect(url.searchParams.get("limit")).toBe("12");
});

test("a date range that ends before it starts is caught next to the field", async () => {
  fakeApi({ "GET /api/v1/events": json({ items: [], next_cursor: null }) });
  renderAt("/events?from=2031-05-10");
  const to = await screen.findByLabelText("To");
  await userEvent.type(to, "2031-05-01");
  await userEvent.click(screen.getByRole("button", { name: "Search" }));
  expect(to).toHaveAttribute("aria-invalid", "true");
  expect(to).toHaveAccessibleDescription("The last day must be on or after the first day.");
});

test("a filter the API refuses is shown at that filter; no matches say so", async () => {
  fakeApi({
    "GET /api/v1/events": problem(400, "validation_failed", "The query parameters are not valid.", [
      {
        path: "category",
        message: "must be a lower-case slug: a-z, 0-9 and '-', at most 40",
        code: "invalid_format",
      },
    ]),
  });
  renderAt("/events?category=caf%C3%A9");
  const category = await screen.findByLabelText("Category");
  await waitFor(() => {
    expect(category).toHaveAccessibleDescription(
      "Must be a lower-case slug: a-z, 0-9 and '-', at most 40.",
    );
  });

  fakeApi({ "GET /api/v1/events": json({ items: [], next_cursor: null }) });
  renderAt("/events?q=nothing");
  expect(await screen.findByText(/No events match these filters/)).toBeInTheDocument();
});
