import request from "supertest";
import { createEvent, type Platform, type User } from "./platform";
import type { SuiteContext } from "./suite-context";

/** A ticket type as `POST /api/v1/events` takes it. */
export interface TypeInput {
  name: string;
  quota: number;
  max_per_order?: number;
  hidden?: boolean;
  access_code?: string;
  sales_start?: string;
  sales_end?: string;
}

export interface QuestionInput {
  label: string;
  kind: "text" | "choice" | "multi_choice" | "checkbox";
  options?: string[];
  required?: boolean;
  per?: "booking" | "seat";
}

/** The event as created (ids of its types and questions, in the order given). */
export interface BookingEvent {
  id: string;
  types: { id: string; name: string }[];
  questions: { id: string; label: string }[];
  organizer: User;
}

/** Publishes an event with ticket types and questions through the real event service. */
export async function createBookingEvent(
  platform: Platform,
  options: { capacity: number; types?: TypeInput[]; questions?: QuestionInput[] },
): Promise<BookingEvent> {
  const { event, organizer } = await createEvent(platform, {
    capacity: options.capacity,
    fields: {
      ...(options.types ? { ticket_types: options.types } : {}),
      ...(options.questions ? { questions: options.questions } : {}),
    },
  });
  // The organizer's read lists hidden types too (the create reply may not).
  const read = await fetch(`${platform.eventUrl}/api/v1/events/${event.id}`, {
    headers: { Authorization: `Bearer ${organizer.token}` },
  });
  const full = (await read.json()) as {
    ticket_types?: { id: string; name: string }[];
    questions?: { id: string; label: string }[];
  };
  return {
    id: event.id,
    types: full.ticket_types ?? [],
    questions: full.questions ?? [],
    organizer,
  };
}

/** A booking as the API replies it (the fields these tests read). */
export interface BookingReply {
  id: string;
  status: string;
  quantity: number;
  ticket_type_id: string | null;
  answers: Record<string, unknown>;
  transferred_from: string | null;
  waitlist_position: number | null;
  confirmed_via: string | null;
  seats: {
    id: string;
    attendee_name: string | null;
    answers: Record<string, unknown>;
    status: string;
  }[];
}

export function bookingApi(ctx: SuiteContext) {
  const auth = (user: User) => `Bearer ${user.token}`;
  return {
    /** `POST /api/v1/registrations` with any body; the raw reply. */
    post: (user: User, body: Record<string, unknown>, key?: string) => {
      const req = request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", auth(user));
      if (key !== undefined) void req.set("Idempotency-Key", key);
      return req.send(body);
    },
    read: async (user: User, id: string): Promise<BookingReply> =>
      (
        await request(ctx.testApp.app)
          .get(`/api/v1/registrations/${id}`)
          .set("Authorization", auth(user))
      ).body as BookingReply,
    mine: async (user: User): Promise<BookingReply[]> =>
      (
        (
          await request(ctx.testApp.app)
            .get("/api/v1/registrations")
            .set("Authorization", auth(user))
        ).body as { items: BookingReply[] }
      ).items,
    cancel: (user: User, id: string) =>
      request(ctx.testApp.app)
        .delete(`/api/v1/registrations/${id}`)
        .set("Authorization", auth(user)),
    /** The ledger's count now (the internal availability read, with the service's token). */
    ledger: async (eventId: string) => {
      const availability = await ctx.testApp.deps.ledger.availability(eventId);
      if (!availability) throw new Error("no availability");
      return availability;
    },
  };
}
