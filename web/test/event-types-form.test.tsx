import { screen, waitFor, within } from "@testing-library/react";
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
  ticketTypeOf,
  urlOf,
} from "./helpers";

// The organizer's editors of ticket types and questions (docs/booking-model.md).
test("the organizer adds a second type and a question; the service's problem lands next to that type", async () => {
  signInAs(["attendee", "organizer"], 900, "org-1");
  const fetch = fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "POST /api/v1/events": problem(422, "validation_failed", "The request body is not valid.", [
      {
        path: "ticket_types.1.quota",
        message: "Too big: expected number to be <=100000",
        code: "too_big",
      },
    ]),
  });
  renderAt("/events/new");
  for (const [label, value] of [
    ["Title", "Rust meetup"],
    ["Starts", "2031-05-04T18:00"],
    ["Ends", "2031-05-04T21:00"],
    ["Location", "Berlin"],
  ] as const) {
    await userEvent.type(screen.getByLabelText(label), value);
  }
  const zone = screen.getByLabelText("Time zone", { exact: false });
  await userEvent.clear(zone);
  await userEvent.type(zone, "Europe/Berlin");
  const seats = screen.getByLabelText("Seats");
  await userEvent.clear(seats);
  await userEvent.type(seats, "40");
  const first = screen.getByRole("group", { name: /Ticket type 1/ });
  // The default type holds every seat, and followed the seats typed.
  expect(within(first).getByLabelText("Name")).toHaveValue("General admission");
  expect(within(first).getByLabelText("Quota")).toHaveValue(40);

  await userEvent.click(screen.getByRole("button", { name: "Add a ticket type" }));
  const second = screen.getByRole("group", { name: /Ticket type 2/ });
  await userEvent.type(within(second).getByLabelText("Name"), "Crew");
  await userEvent.type(within(second).getByLabelText("Quota"), "5");
  await userEvent.click(within(second).getByLabelText(/Hidden/));
  await userEvent.click(screen.getByRole("button", { name: "Add a question" }));
  const question = screen.getByRole("group", { name: "Question 1" });
  await userEvent.type(within(question).getByLabelText("Question"), "Diet");
  await userEvent.selectOptions(within(question).getByLabelText("Answer"), "choice");
  await userEvent.selectOptions(within(question).getByLabelText("Asked"), "seat");
  await userEvent.click(screen.getByRole("button", { name: "Publish event" }));

  // Checked before sending: a hidden type needs its code, a choice two options.
  expect(errorOf(within(second).getByLabelText("Access code"))).toMatch(/access code of 4 to 64/);
  expect(errorOf(within(question).getByLabelText("Options"))).toMatch(/at least 2 different/);
  expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);

  await userEvent.type(within(second).getByLabelText("Access code"), "CREW-2031");
  await userEvent.type(within(question).getByLabelText("Options"), "Vegan{enter}Any");
  await userEvent.click(within(question).getByLabelText("An answer is required"));
  await userEvent.click(screen.getByRole("button", { name: "Publish event" }));
  await waitFor(() => {
    expect(errorOf(within(second).getByLabelText("Quota"))).toBe("Must be at most 100000.");
  });
  const post = fetch.mock.calls.find(([, init]) => init?.method === "POST");
  const body = bodyOf(post) as Record<string, unknown>;
  expect(body.ticket_types).toEqual([
    expect.objectContaining({ name: "General admission", quota: 40, hidden: false }),
    expect.objectContaining({ name: "Crew", quota: 5, hidden: true, access_code: "CREW-2031" }),
  ]);
  expect(body.questions).toEqual([
    { label: "Diet", kind: "choice", options: ["Vegan", "Any"], required: true, per: "seat" },
  ]);
});

test("editing keeps a hidden type's code unless a new one is typed, and sends the lists only when they changed", async () => {
  signInAs(["attendee", "organizer"], 900, "org-1");
  const event = eventOf({
    ticket_types: [
      ticketTypeOf({}),
      ticketTypeOf({ id: "tt-crew", name: "Crew", quota: 5, hidden: true }),
    ],
    questions: [],
    seat_changes_until: null,
  });
  const fetch = fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "GET /api/v1/events/e-1": json(event),
    "PATCH /api/v1/events/e-1": problem(409, "quota_below_taken", "Crew has 6 seats taken."),
  });
  renderAt("/events/e-1/edit");
  const crew = await screen.findByRole("group", { name: /Ticket type 2: Crew/ });
  // The organizer's read carries the token: hidden types are listed to their organizer.
  const read = fetch.mock.calls.find((call) => urlOf(call) === "/api/v1/events/e-1");
  expect(new Headers(read?.[1]?.headers).get("Authorization")).toMatch(/^Bearer /);
  expect(within(crew).getByLabelText("Access code")).toHaveValue("");
  const quota = within(crew).getByLabelText("Quota");
  await userEvent.clear(quota);
  await userEvent.type(quota, "3");
  await userEvent.click(screen.getByRole("button", { name: "Save changes" }));

  await waitFor(() => {
    expect(screen.getByText("Crew has 6 seats taken.")).toBeInTheDocument();
  });
  const patch = fetch.mock.calls.find(([, init]) => init?.method === "PATCH");
  expect(bodyOf(patch)).toEqual({
    ticket_types: [
      expect.objectContaining({ id: "tt-std", quota: 30 }),
      {
        id: "tt-crew",
        name: "Crew",
        description: "",
        quota: 3,
        sales_start: null,
        sales_end: null,
        max_per_order: 4,
        hidden: true,
      },
    ],
  });
});
