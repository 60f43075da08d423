import request from "supertest";
import type { Express } from "express";
import type { User } from "./platform";
import type { SuiteContext } from "./suite-context";

/** A confirmed booking as the API replies it (the fields these tests read). */
export interface ConfirmedBooking {
  id: string;
  status: string;
  ticket_type_id: string | null;
  checked_in_at: string | null;
  confirmed_at?: string | null;
  seats: { id: string; attendee_name: string | null; status: string }[];
}

/** The check-in routes of one app instance. */
export function checkInApi(app: () => Express) {
  const auth = (user: User) => `Bearer ${user.token}`;
  const base = "/api/v1/registrations";
  return {
    scan: (user: User, body: Record<string, unknown>) =>
      request(app()).post(`${base}/check-ins`).set("Authorization", auth(user)).send(body),
    /** `GET /events/:id/<what>` (check-in-state, check-in-stats, check-in-helpers). */
    eventGet: (user: User, eventId: string, what: string) =>
      request(app()).get(`${base}/events/${eventId}/${what}`).set("Authorization", auth(user)),
    nameHelper: (user: User, eventId: string, email: string) =>
      request(app())
        .post(`${base}/events/${eventId}/check-in-helpers`)
        .set("Authorization", auth(user))
        .send({ email }),
    revokeHelper: (user: User, eventId: string, userId: string) =>
      request(app())
        .delete(`${base}/events/${eventId}/check-in-helpers/${userId}`)
        .set("Authorization", auth(user)),
    scanEvents: (user: User) =>
      request(app()).get(`${base}/check-in-events`).set("Authorization", auth(user)),
  };
}

/** Books `quantity` seats of the event's first type; the booking is confirmed. */
export async function bookSeats(
  ctx: SuiteContext,
  user: User,
  eventId: string,
  names: string[],
): Promise<ConfirmedBooking> {
  const res = await request(ctx.testApp.app)
    .post("/api/v1/registrations")
    .set("Authorization", `Bearer ${user.token}`)
    .send({
      event_id: eventId,
      quantity: names.length,
      attendees: names.map((name) => ({ name })),
    });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${res.text}`);
  const booking = res.body as ConfirmedBooking;
  if (booking.status !== "confirmed") throw new Error(`booking is ${booking.status}`);
  return booking;
}

/** A seat's ticket code, signed by the service's own ticket signer (the current key). */
export function ticketFor(
  ctx: SuiteContext,
  booking: Pick<ConfirmedBooking, "id" | "ticket_type_id">,
  seat: { id: string; attendee_name: string | null },
  eventId: string,
): Promise<string> {
  return ctx.testApp.deps.tickets.code({
    seatId: seat.id,
    registrationId: booking.id,
    eventId,
    ticketTypeId: booking.ticket_type_id ?? "",
    ticketTypeName: "General admission",
    holderName: seat.attendee_name ?? "",
    confirmedAt: new Date(),
    eventEndsAt: new Date(Date.now() + 8 * 86_400_000),
  });
}
