import * as z from "zod/mini";
import { apiJson, apiRequest } from "./client";

const registrationPath = (id: string) => `/api/v1/registrations/${encodeURIComponent(id)}`;
const messagesPath = (eventId: string) =>
  `/api/v1/registrations/events/${encodeURIComponent(eventId)}/messages`;

/**
 * The booking's calendar file (docs/tickets.md "Calendar files"), fetched with the session's
 * bearer token: never a link with a token in it.
 */
export async function downloadCalendar(registrationId: string): Promise<Blob> {
  const response = await apiRequest(`${registrationPath(registrationId)}/calendar.ics`, {
    auth: true,
    accept: "text/calendar",
  });
  return response.blob();
}

/** The claims a ticket code carries that a page shows (read, not verified: the door verifies). */
export interface TicketClaims {
  name?: string;
  ttn?: string;
}

const claimsSchema = z.object({
  name: z.optional(z.string()),
  ttn: z.optional(z.string()),
});

/** The payload of a compact JWS, or nothing when the code is not one. */
export function ticketClaims(code: string): TicketClaims {
  const payload = code.split(".")[1];
  if (!payload) return {};
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const parsed = claimsSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export const SUBJECT_MAX = 150;
export const BODY_MAX = 5000;

export const attendeeMessageSchema = z.object({
  id: z.string(),
  subject: z.string(),
  body: z.string(),
  posted_at: z.string(),
  recipients: z.catch(z.nullable(z.number()), null),
});
export type AttendeeMessage = z.infer<typeof attendeeMessageSchema>;

// The list may come as a page or as a plain array; both read as the array.
const messageList = z.union([
  z.array(attendeeMessageSchema),
  z.object({ items: z.array(attendeeMessageSchema) }),
]);

/** Messages the organizer sent to the event's attendees, newest first. */
export const listAttendeeMessages = (eventId: string) =>
  apiJson(
    messagesPath(eventId),
    (body) => {
      const list = messageList.parse(body);
      return Array.isArray(list) ? list : list.items;
    },
    { auth: true },
  );

/** Sends a message to every confirmed attendee (202; 429 `too_many_messages` past 10 a day). */
export const sendAttendeeMessage = (eventId: string, message: { subject: string; body: string }) =>
  apiJson(messagesPath(eventId), (body) => attendeeMessageSchema.parse(body), {
    method: "POST",
    json: message,
    auth: true,
  });
