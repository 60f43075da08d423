import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  bodyOf,
  emptyPage,
  errorOf,
  eventOf,
  fakeApi,
  json,
  problem,
  renderAt,
  signInAs,
  urlOf,
} from "./helpers";

async function fillEvent(overrides: Partial<Record<string, string>> = {}) {
  const values = {
    Title: "Rust meetup",
    Starts: "2031-05-04T18:00",
    Ends: "2031-05-04T21:00",
    "Time zone": "Europe/Berlin",
    Location: "c-base, Berlin",
    Seats: "40",
    ...overrides,
  };
  for (const [label, value] of Object.entries(values)) {
    const field = screen.getByLabelText(label, { exact: false });
    await userEvent.clear(field);
    if (value) await userEvent.type(field, value);
  }
}

const created = eventOf({
  location: "c-base, Berlin",
  seats_taken: 0,
  seats_available: 40,
  category: null,
  organizer_id: "u-1",
});

test("the event form checks times and seats before sending", async () => {
  signInAs(["attendee", "organizer"]);
  const fetch = fakeApi({ "GET /api/v1/notifications": emptyPage });
  renderAt("/events/new");
  await fillEvent({ Ends: "2031-05-04T17:00", Seats: "0" });
  await userEvent.click(screen.getByRole("button", { name: "Publish event" }));

  expect(errorOf(screen.getByLabelText("Ends"))).toBe("The end must be after the start.");
  expect(errorOf(screen.getByLabelText("Seats"))).toMatch(/whole number of seats/);
  expect(screen.getByLabelText("Ends")).toHaveFocus();
  expect(fetch.mock.calls.some((call) => urlOf(call) === "/api/v1/events")).toBe(false);
});

test("an event is created with its wall-clock times in its own zone", async () => {
  signInAs(["attendee", "organizer"], 900, "u-1");
  const fetch = fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "POST /api/v1/events": json(created, 201),
    "GET /api/v1/events/e-1": json(created),
    "GET /api/v1/events/e-1/availability": json({
      capacity: 40,
      seats_taken: 0,
      seats_available: 40,
    }),
    "GET /api/v1/registrations": emptyPage,
  });
  const { router } = renderAt("/events/new");
  await fillEvent();
  await userEvent.click(screen.getByRole("button", { name: "Publish event" }));

  await waitFor(() => {
    expect(router.state.location.pathname).toBe("/events/e-1");
  });
  const post = fetch.mock.calls.find(([, init]) => init?.method === "POST");
  expect(bodyOf(post)).toEqual({
    title: "Rust meetup",
    description: "",
    starts_at: "2031-05-04T16:00:00.000Z",
    ends_at: "2031-05-04T19:00:00.000Z",
    timezone: "Europe/Berlin",
    location: "c-base, Berlin",
    capacity: 40,
    requires_approval: false,
    category: null,
    // One default type holds every seat (it followed the seats typed); no questions.
    ticket_types: [
      {
        name: "General admission",
        description: "",
        quota: 40,
        sales_start: null,
        sales_end: null,
        max_per_order: 10,
        hidden: false,
      },
    ],
    questions: [],
    seat_changes_until: null,
    reminder_lead_minutes: 1440,
  });
  expect(await screen.findByRole("heading", { name: "Organizer tools" })).toBeInTheDocument();
});

test("the API's field problems and rule refusals land next to their fields", async () => {
  signInAs(["attendee", "organizer"]);
  const replies = [
    problem(400, "validation_failed", "The request body is not valid.", [
      {
        path: "title",
        message: "Too small: expected string to have >=3 characters",
        code: "too_small",
      },
      {
        path: "timezone",
        message: "must be an IANA time zone such as Europe/Berlin",
        code: "custom",
      },
    ]),
    problem(422, "starts_in_past", "An event must start in the future."),
  ];
  fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "POST /api/v1/events": () => replies.shift()!,
  });
  renderAt("/events/new");
  await fillEvent();
  await userEvent.click(screen.getByRole("button", { name: "Publish event" }));

  await waitFor(() => {
    expect(errorOf(screen.getByLabelText("Title"))).toBe("Use at least 3 characters.");
  });
  expect(errorOf(screen.getByLabelText("Time zone", { exact: false }))).toBe(
    "Must be an IANA time zone such as Europe/Berlin.",
  );
  expect(screen.getByLabelText("Title")).toHaveFocus();

  await userEvent.click(screen.getByRole("button", { name: "Publish event" }));
  await waitFor(() => {
    expect(errorOf(screen.getByLabelText("Starts"))).toBe("An event must start in the future.");
  });
  expect(errorOf(screen.getByLabelText("Title"))).toBe("");
});
