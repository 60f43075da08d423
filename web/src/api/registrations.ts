import * as z from "zod/mini";
import { apiJson, apiRequest, queryString } from "./client";
import { type Page, pageOf } from "./page";

export const REGISTRATION_STATUSES = [
  "reserving",
  "confirmed",
  "pending",
  "waitlisted",
  "cancelled",
  "rejected",
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** An answer: text, one option, several options, or a box ticked (docs/booking-model.md). */
export type Answer = string | string[] | boolean;
const answersSchema = z.catch(
  z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()])),
  {},
);
export type Answers = z.infer<typeof answersSchema>;

export const seatSchema = z.object({
  id: z.string(),
  attendee_name: z.catch(z.nullable(z.string()), null),
  answers: answersSchema,
  status: z.string(),
  /** The seat's open offer to someone by email, or null (older replies leave it out). */
  transfer: z.catch(
    z.nullable(
      z.object({
        id: z.string(),
        email: z.string(),
        status: z.string(),
        created_at: z.optional(z.string()),
      }),
    ),
    null,
  ),
  /** What the seat's QR code encodes (docs/tickets.md); null without a ticket. */
  ticket_code: z.catch(z.nullable(z.string()), null),
});
export type Seat = z.infer<typeof seatSchema>;

export const registrationSchema = z.object({
  id: z.string(),
  event_id: z.string(),
  user_id: z.string(),
  status: z.string(),
  waitlist_position: z.catch(z.nullable(z.number()), null),
  confirmed_via: z.catch(z.nullable(z.string()), null),
  checked_in_at: z.catch(z.nullable(z.string()), null),
  cancelled_at: z.catch(z.nullable(z.string()), null),
  created_at: z.string(),
  updated_at: z.optional(z.string()),
  // The booking model's additions; older replies leave them out.
  ticket_type_id: z.catch(z.nullable(z.string()), null),
  quantity: z.catch(z.number(), 1),
  answers: answersSchema,
  transferred_from: z.catch(z.nullable(z.string()), null),
  seats: z.catch(z.array(seatSchema), []),
  // The organizer's list names the account and the type.
  attendee: z.catch(
    z.nullable(z.object({ display_name: z.nullable(z.string()), email: z.nullable(z.string()) })),
    null,
  ),
  ticket_type: z.catch(
    z.nullable(z.object({ id: z.nullable(z.string()), name: z.nullable(z.string()) })),
    null,
  ),
});
export type Registration = z.infer<typeof registrationSchema>;

const registrationPage = pageOf(registrationSchema);
const parseRegistration = (body: unknown) => registrationSchema.parse(body);
const parsePage = (body: unknown): Page<Registration> => registrationPage.parse(body);

/** Statuses that hold a seat or a place in line: one of these per attendee and event. */
export const isActive = (r: Registration): boolean =>
  r.status === "reserving" ||
  r.status === "confirmed" ||
  r.status === "pending" ||
  r.status === "waitlisted";

/** A short code for a registration, the same for attendee and organizer (a "ticket"). */
export const ticketCode = (id: string): string => id.replace(/-/g, "").slice(0, 8).toUpperCase();

const base = (id: string) => `/api/v1/registrations/${encodeURIComponent(id)}`;

export const listMyRegistrations = (params: { limit: number; cursor?: string; status?: string }) =>
  apiJson(`/api/v1/registrations${queryString(params)}`, parsePage, { auth: true });

/** Every registration of the signed-in user (a few pages at most in practice). */
export async function allMyRegistrations(): Promise<Registration[]> {
  const all: Registration[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const reply = await listMyRegistrations({ limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...reply.items);
    if (!reply.next_cursor) break;
    cursor = reply.next_cursor;
  }
  return all;
}

/** What a booking sends beside the event: the type, how many seats, names and answers. */
export interface BookingInput {
  ticket_type_id?: string;
  quantity?: number;
  access_code?: string;
  answers?: Answers;
  attendees?: { name?: string; answers?: Answers }[];
}

export const register = (eventId: string, idempotencyKey: string, booking: BookingInput = {}) =>
  apiJson("/api/v1/registrations", parseRegistration, {
    method: "POST",
    json: { event_id: eventId, ...booking },
    headers: { "Idempotency-Key": idempotencyKey },
    auth: true,
  });

export const getRegistration = (id: string) => apiJson(base(id), parseRegistration, { auth: true });

export const cancelRegistration = (id: string) =>
  apiJson(base(id), parseRegistration, { method: "DELETE", auth: true });

export type OrganizerAction = "approve" | "reject" | "check-in";

export const actOnRegistration = (id: string, action: OrganizerAction) =>
  apiJson(`${base(id)}/${action}`, parseRegistration, { method: "POST", auth: true });

/** Cancels one seat of a booking; the reply is the booking as it is after. */
export const cancelSeat = (id: string, seatId: string) =>
  apiJson(`${base(id)}/seats/${encodeURIComponent(seatId)}`, parseRegistration, {
    method: "DELETE",
    auth: true,
  });

export const listAttendees = (
  eventId: string,
  params: { limit: number; cursor?: string; q?: string },
) =>
  apiJson(
    `/api/v1/registrations/events/${encodeURIComponent(eventId)}${queryString(params)}`,
    parsePage,
    { auth: true },
  );

/** The attendee list as the CSV file the API exports. */
export async function exportAttendeesCsv(eventId: string): Promise<Blob> {
  const response = await apiRequest(`/api/v1/registrations/events/${encodeURIComponent(eventId)}`, {
    auth: true,
    accept: "text/csv",
  });
  return response.blob();
}
