import request from "supertest";
import { peopleRepository } from "../../src/data/people";
import { createEvent, newUser, type Platform, type PublicEvent, type User } from "./platform";
import type { SuiteContext } from "./suite-context";

/** A booking as the API replies it (the fields these tests read). */
export interface Booking {
  id: string;
  status: string;
  quantity: number;
  transferred_from: string | null;
  waitlist_position: number | null;
  seats: { id: string; attendee_name: string | null; status: string }[];
}

/** An event published through the real event service, with a deadline for seat changes. */
export async function createSeatEvent(
  platform: Platform,
  options: { capacity: number; seatChangesUntil?: Date },
): Promise<{ event: PublicEvent; organizer: User }> {
  return createEvent(platform, {
    capacity: options.capacity,
    fields: options.seatChangesUntil
      ? { seat_changes_until: options.seatChangesUntil.toISOString() }
      : {},
  });
}

/** The seat API of the app under test, as one user. */
export function seatApi(ctx: SuiteContext) {
  const app = () => ctx.testApp.app;
  const auth = (user: User) => `Bearer ${user.token}`;
  return {
    book: async (user: User, eventId: string, quantity = 1): Promise<Booking> => {
      const res = await request(app())
        .post("/api/v1/registrations")
        .set("Authorization", auth(user))
        .send({ event_id: eventId, quantity });
      if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${res.text}`);
      return res.body as Booking;
    },
    read: async (user: User, id: string): Promise<Booking> =>
      (await request(app()).get(`/api/v1/registrations/${id}`).set("Authorization", auth(user)))
        .body as Booking,
    cancelSeat: (user: User, id: string, seatId: string) =>
      request(app())
        .delete(`/api/v1/registrations/${id}/seats/${seatId}`)
        .set("Authorization", auth(user)),
    cancel: (user: User, id: string) =>
      request(app()).delete(`/api/v1/registrations/${id}`).set("Authorization", auth(user)),
    offer: (user: User, id: string, seatId: string, email: string) =>
      request(app())
        .post(`/api/v1/registrations/${id}/seats/${seatId}/transfer`)
        .set("Authorization", auth(user))
        .send({ email }),
    incoming: (user: User) =>
      request(app()).get("/api/v1/registrations/transfers").set("Authorization", auth(user)),
    withdraw: (user: User, transferId: string) =>
      request(app())
        .delete(`/api/v1/registrations/transfers/${transferId}`)
        .set("Authorization", auth(user)),
    accept: (user: User, transferId: string) =>
      request(app())
        .post(`/api/v1/registrations/transfers/${transferId}/accept`)
        .set("Authorization", auth(user)),
  };
}

/**
 * A user whose account email the people copy knows. The copy is normally filled from the auth
 * service's messages (test/people-copy.test.ts proves that path); these tests write it through
 * the same repository instead, so they need no Kafka round trip.
 */
export async function userWithEmail(ctx: SuiteContext): Promise<User & { email: string }> {
  const user = await newUser(ctx.platform);
  const email = `seat-${user.id.slice(0, 8)}@example.test`;
  await peopleRepository(ctx.testApp.data.pool).saveRegistered({
    userId: user.id,
    email,
    displayName: null,
    at: new Date().toISOString(),
  });
  return { ...user, email };
}
