import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  bookingOf,
  dietQuestion,
  emptyPage,
  eventOf,
  fakeApi,
  json,
  REGISTRATION_ID,
  renderAt,
  seatOf,
  signInAs,
  ticketTypeOf,
  urlOf,
} from "./helpers";

// The organizer cancels a seat, or a whole booking, from the attendee list.
const event = eventOf({
  ticket_types: [ticketTypeOf()],
  questions: [dietQuestion],
  seat_changes_until: null,
});
const named = (over: Record<string, unknown> = {}) => ({
  ...bookingOf(over),
  attendee: { display_name: "Ada Lovelace", email: "ada@example.test" },
  ticket_type: { id: "tt-std", name: "Standard" },
});
const later = "2030-01-02T00:00:00.000Z";

/**
 * The organizer's list of Ada's booking, which `DELETE <registration><path>` changes by `after`
 * (answering the booking so changed); answers the fake fetch and the booking's row.
 */
async function listWithCancel(path: string, after: Record<string, unknown>) {
  signInAs(["attendee", "organizer"], 900, "org-1");
  let current = named();
  const fetch = fakeApi({
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/registrations/events/e-1": () => json({ items: [current], next_cursor: null }),
    "GET /api/v1/notifications": emptyPage,
    [`DELETE /api/v1/registrations/${REGISTRATION_ID}${path}`]: () => {
      current = named(after);
      return json(bookingOf(after));
    },
  });
  renderAt("/events/e-1/attendees");
  return { fetch, row: await screen.findByRole("row", { name: /Ada Lovelace/ }) };
}

test("the organizer cancels one seat of a booking after confirming, and the list is read again", async () => {
  const { fetch, row } = await listWithCancel("/seats/s-2", {
    quantity: 1,
    updated_at: later,
    seats: [seatOf("s-1", "Ada"), seatOf("s-2", "Grace", "cancelled")],
  });
  const reads = () =>
    fetch.mock.calls.filter((call) => urlOf(call).includes("/registrations/events/e-1")).length;
  const before = reads();

  await userEvent.click(
    within(row).getByRole("button", { name: "Cancel seat 2 (Grace) of ticket 4B1D2C3E" }),
  );
  // A confirm step first, with the question focused: nothing is sent yet.
  expect(fetch.mock.calls.some(([, init]) => init?.method === "DELETE")).toBe(false);
  const confirm = within(row).getByRole("button", { name: "Yes, cancel this seat" });
  expect(confirm).toHaveFocus();
  await userEvent.click(confirm);

  expect(await within(row).findByText("Grace (cancelled)")).toBeInTheDocument();
  await waitFor(() => {
    expect(reads()).toBeGreaterThan(before);
  });
  expect(within(row).queryByRole("button", { name: /seat 2/ })).not.toBeInTheDocument();
  expect(
    within(row).getByRole("button", { name: "Cancel seat 1 (Ada) of ticket 4B1D2C3E" }),
  ).toBeInTheDocument();
});

test("the organizer cancels a whole booking; a cancelled one offers no cancel", async () => {
  const { fetch, row } = await listWithCancel("", {
    status: "cancelled",
    cancelled_at: later,
    updated_at: later,
  });
  await userEvent.click(
    within(row).getByRole("button", { name: "Cancel the booking of ticket 4B1D2C3E" }),
  );
  expect(fetch.mock.calls.some(([, init]) => init?.method === "DELETE")).toBe(false);
  await userEvent.click(within(row).getByRole("button", { name: "Yes, cancel the booking" }));

  expect(await within(row).findByText("Cancelled")).toBeInTheDocument();
  expect(within(row).queryByRole("button", { name: /^Cancel/ })).not.toBeInTheDocument();
  const deletes = fetch.mock.calls.filter(([, init]) => init?.method === "DELETE");
  expect(deletes.map(urlOf)).toEqual([`/api/v1/registrations/${REGISTRATION_ID}`]);
});
