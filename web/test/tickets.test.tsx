import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import jsQR from "jsqr";
import {
  bookingOf,
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

// The ticket page (docs/tickets.md): a QR code per active seat, the calendar file and links.
const event = eventOf({ ticket_types: [ticketTypeOf()] });
const claims = { sub: "s-1", name: "Ada Lovelace", ttn: "Standard", iss: "turnout-tickets" };
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const CODE = `${part({ alg: "EdDSA", kid: "k1", typ: "turnout-ticket+jwt" })}.${part(claims)}.c2ln`;
const profile = { id: "u-1", username: "ada", display_name: "Ada", bio: null, avatar_url: null };

function ticketsOf(registration: Record<string, unknown>) {
  signInAs(["attendee"], 900, "u-1");
  return fakeApi({
    "GET /api/v1/notifications": emptyPage,
    [`GET /api/v1/registrations/${REGISTRATION_ID}`]: json(registration),
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/users/me": json(profile),
    [`GET /api/v1/registrations/${REGISTRATION_ID}/calendar.ics`]: {
      status: 200,
      contentType: "text/calendar; charset=utf-8",
      body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    },
  });
}

/** Reads the SVG's squares back into pixels (4 per module) and decodes them as a reader would. */
function decodeQr(svg: Element): string | undefined {
  const n = Number((svg.getAttribute("viewBox") ?? "").split(" ")[2] ?? 0);
  const scale = 4;
  const pixels = new Uint8ClampedArray(n * scale * n * scale * 4).fill(255);
  const d = svg.querySelector("path")?.getAttribute("d") ?? "";
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * n * scale + Number(x) * scale + dx) * 4;
        pixels.fill(0, at, at + 3);
      }
    }
  }
  return jsQR(pixels, n * scale, n * scale)?.data;
}

test("a confirmed booking shows one ticket per active seat: its QR code decodes to the seat's ticket_code, with holder, type and the time in the event's zone", async () => {
  ticketsOf(
    bookingOf({
      seats: [{ ...seatOf("s-1", null), ticket_code: CODE }, seatOf("s-2", "Grace", "cancelled")],
    }),
  );
  renderAt(`/tickets/${REGISTRATION_ID}`);

  const ticket = await screen.findByRole("article", { name: "Ticket for seat 1 (Ada Lovelace)" });
  const qr = within(ticket).getByRole("img", { name: "QR code of the ticket for seat 1" });
  expect(decodeQr(qr)).toBe(CODE);
  // 16:00 UTC is 18:00 in Berlin, whatever zone the reader is in.
  expect(ticket).toHaveTextContent(/6:00.*PM.*\(Europe\/Berlin\)/);
  expect(ticket).toHaveTextContent("Berlin");
  expect(ticket).toHaveTextContent("Standard");
  expect(ticket).toHaveTextContent("1 of 2");
  // The cancelled seat has no ticket.
  expect(screen.getAllByRole("article")).toHaveLength(1);
  expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Tickets for Rust meetup");
});

test("the .ics is fetched with the bearer token (never in the address) and saved; the calendar links carry the event's UTC times", async () => {
  const fetch = ticketsOf(bookingOf({ seats: [{ ...seatOf("s-1", "Ada"), ticket_code: CODE }] }));
  const saved: string[] = [];
  URL.createObjectURL = jest.fn(() => "blob:ticket");
  URL.revokeObjectURL = jest.fn();
  const click = jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.push(this.download);
  });
  renderAt(`/tickets/${REGISTRATION_ID}`);

  await userEvent.click(await screen.findByRole("button", { name: "Download .ics" }));
  await waitFor(() => {
    expect(saved).toEqual(["rust-meetup.ics"]);
  });
  const call = fetch.mock.calls.find((c) => urlOf(c).endsWith("/calendar.ics"));
  expect(urlOf(call)).toBe(`/api/v1/registrations/${REGISTRATION_ID}/calendar.ics`);
  const headers = new Headers(call?.[1]?.headers);
  expect(headers.get("Authorization")).toMatch(/^Bearer /);
  expect(headers.get("Accept")).toBe("text/calendar");
  click.mockRestore();

  const google = new URL(
    screen.getByRole("link", { name: "Add to Google Calendar" }).getAttribute("href") ?? "",
  );
  expect(google.searchParams.get("dates")).toBe("20310504T160000Z/20310504T190000Z");
  expect(google.searchParams.get("text")).toBe("Rust meetup");
  expect(google.searchParams.get("details")).toContain(`/tickets/${REGISTRATION_ID}`);
  const outlook = new URL(screen.getByRole("link", { name: "Outlook" }).getAttribute("href") ?? "");
  expect(outlook.searchParams.get("startdt")).toBe("2031-05-04T16:00:00.000Z");
  expect(outlook.searchParams.get("location")).toBe("Berlin");
});

test.each([
  [
    "waitlisted",
    { status: "waitlisted", waitlist_position: 3 },
    "You're number 3 on the waitlist.",
  ],
  [
    "cancelled",
    { status: "cancelled", cancelled_at: "2030-01-02T00:00:00.000Z" },
    "tickets are void",
  ],
])("a %s booking says why it has no ticket, and shows no QR code", async (_name, over, text) => {
  ticketsOf(
    bookingOf({
      ...over,
      seats: [{ ...seatOf("s-1", "Ada", over.status), ticket_code: null }],
    }),
  );
  renderAt(`/tickets/${REGISTRATION_ID}`);

  expect(await screen.findByText(new RegExp(text))).toBeInTheDocument();
  expect(screen.queryByRole("img", { name: /QR code/ })).not.toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Download .ics" })).not.toBeInTheDocument();
});

test("My registrations and the booking panel link a confirmed booking to its tickets", async () => {
  signInAs(["attendee"], 900, "u-1");
  fakeApi({
    "GET /api/v1/notifications": emptyPage,
    "GET /api/v1/registrations": json({ items: [bookingOf()], next_cursor: null }),
    "GET /api/v1/transfers": emptyPage,
    "GET /api/v1/events/e-1": json(event),
    "GET /api/v1/events/e-1/availability": json({
      capacity: 40,
      seats_taken: 2,
      seats_available: 38,
      ticket_types: [{ id: "tt-std", seats_available: 28 }],
    }),
  });
  const { router } = renderAt("/my/registrations");
  const link = await screen.findByRole("link", { name: "Tickets for Rust meetup" });
  expect(link).toHaveAttribute("href", `/tickets/${REGISTRATION_ID}`);

  await act(() => router.navigate("/events/e-1"));
  const panelLink = await screen.findByRole("link", { name: "Show my tickets" });
  expect(panelLink).toHaveAttribute("href", `/tickets/${REGISTRATION_ID}`);
});
