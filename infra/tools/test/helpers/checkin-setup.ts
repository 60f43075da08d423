import { waitFor } from "@turnout/test-kit";

/** Calls through the gateway, as another client of the published API would. */
async function call(
  gateway: string,
  path: string,
  options: { token?: string; body?: unknown; method?: string; headers?: Record<string, string> },
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${gateway}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: {
      Accept: "application/json",
      ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export async function apiLogin(gateway: string, email: string, password: string): Promise<string> {
  const reply = await call(gateway, "/api/v1/auth/login", { body: { email, password } });
  if (reply.status !== 200) throw new Error(`login of ${email}: ${String(reply.status)}`);
  return (reply.body as { access_token: string }).access_token;
}

interface Seat {
  id: string;
  attendee_name: string | null;
  ticket_code?: string | null;
}

/** The door the e2e scans at: an event starting in two hours, with named seats booked on it. */
export interface DoorSetup {
  eventId: string;
  title: string;
  seats: { id: string; name: string; code: string }[];
}

/**
 * The organizer's event (starting in two hours), a booking of the attendee's with one seat per
 * name, confirmed, with its seats' ticket codes; and `helperEmail` named the event's helper.
 */
export async function setUpDoor(
  gateway: string,
  tokens: { organizer: string; attendee: string },
  names: string[],
  helperEmail: string,
): Promise<DoorSetup> {
  const title = `Door check ${String(Date.now())}`;
  const startsAt = new Date(Date.now() + 2 * 3_600_000);
  const event = await call(gateway, "/api/v1/events", {
    token: tokens.organizer,
    body: {
      title,
      description: "Tickets scanned at two gates.",
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      timezone: "Europe/Berlin",
      location: "Turnout HQ, Berlin",
      capacity: 50,
      category: "meetup",
      requires_approval: false,
    },
  });
  if (event.status !== 201)
    throw new Error(`event: ${String(event.status)} ${JSON.stringify(event.body)}`);
  const eventId = (event.body as { id: string }).id;
  const helper = await call(gateway, `/api/v1/registrations/events/${eventId}/check-in-helpers`, {
    token: tokens.organizer,
    body: { email: helperEmail },
  });
  if (helper.status >= 300) throw new Error(`helper: ${String(helper.status)}`);
  const booked = await call(gateway, "/api/v1/registrations", {
    token: tokens.attendee,
    body: { event_id: eventId, quantity: names.length, attendees: names.map((name) => ({ name })) },
    headers: { "Idempotency-Key": `checkin-e2e-${eventId}` },
  });
  if (booked.status >= 300)
    throw new Error(`booking: ${String(booked.status)} ${JSON.stringify(booked.body)}`);
  let seats: Seat[] = [];
  await waitFor(
    async () => {
      const reply = await call(
        gateway,
        `/api/v1/registrations/${(booked.body as { id: string }).id}`,
        { token: tokens.attendee },
      );
      const booking = reply.body as { status: string; seats: Seat[] };
      seats = booking.seats;
      return booking.status === "confirmed" && seats.every((s) => s.ticket_code);
    },
    {
      timeoutMs: 20_000,
      intervalMs: 200,
      message: "the booking to be confirmed with ticket codes",
    },
  );
  return {
    eventId,
    title,
    seats: seats.map((s) => ({ id: s.id, name: s.attendee_name ?? "", code: s.ticket_code ?? "" })),
  };
}

/** The seats the service has checked in for the event, with their gates. */
export async function checkedInSeats(gateway: string, token: string, eventId: string) {
  const reply = await call(gateway, `/api/v1/registrations/events/${eventId}/check-in-state`, {
    token,
  });
  const state = reply.body as { check_ins: { seat_id: string; gate: string | null }[] };
  return new Map(state.check_ins.map((c) => [c.seat_id, c.gate]));
}
