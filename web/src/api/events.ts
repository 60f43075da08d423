import * as z from "zod/mini";
import { apiJson, apiSend, queryString } from "./client";
import { type Page, pageOf } from "./page";

/** A ticket type as the event read lists it (docs/booking-model.md). */
export const ticketTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.catch(z.string(), ""),
  quota: z.number(),
  seats_taken: z.catch(z.number(), 0),
  seats_available: z.catch(z.number(), 0),
  sales_start: z.catch(z.nullable(z.string()), null),
  sales_end: z.catch(z.nullable(z.string()), null),
  max_per_order: z.catch(z.number(), 10),
  hidden: z.catch(z.boolean(), false),
});
export type TicketType = z.infer<typeof ticketTypeSchema>;

export const QUESTION_KINDS = ["text", "choice", "multi_choice", "checkbox"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const questionSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(QUESTION_KINDS),
  options: z.catch(z.array(z.string()), []),
  required: z.catch(z.boolean(), false),
  per: z.catch(z.enum(["booking", "seat"]), "booking"),
});
export type Question = z.infer<typeof questionSchema>;

export const eventSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.catch(z.string(), ""),
  starts_at: z.string(),
  ends_at: z.optional(z.string()),
  timezone: z.optional(z.string()),
  location: z.optional(z.string()),
  capacity: z.optional(z.number()),
  seats_taken: z.optional(z.number()),
  seats_available: z.optional(z.number()),
  requires_approval: z.catch(z.boolean(), false),
  category: z.optional(z.nullable(z.string())),
  status: z.optional(z.string()),
  organizer_id: z.optional(z.string()),
  // Read only (listings leave them out): an event read lists them.
  ticket_types: z.catch(z.array(ticketTypeSchema), []),
  questions: z.catch(z.array(questionSchema), []),
  seat_changes_until: z.catch(z.nullable(z.string()), null),
  /** Minutes before the start that attendees are reminded; 0 for none (docs/tickets.md). */
  reminder_lead_minutes: z.optional(z.number()),
});
export type TurnoutEvent = z.infer<typeof eventSchema>;
/** The fields lists show. */
export type EventSummary = TurnoutEvent;

const eventPage = pageOf(eventSchema);
export const parseEventPage = (body: unknown): Page<TurnoutEvent> => eventPage.parse(body);

export const availabilitySchema = z.object({
  capacity: z.number(),
  seats_taken: z.number(),
  seats_available: z.number(),
  ticket_types: z.catch(z.array(z.object({ id: z.string(), seats_available: z.number() })), []),
});
export type Availability = z.infer<typeof availabilitySchema>;

export interface EventFilters {
  q?: string;
  from?: string;
  to?: string;
  category?: string;
  organizer_id?: string;
  status?: "published" | "cancelled";
}

/** What an organizer writes (event-service README, POST /). */
export interface EventInput {
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  timezone: string;
  location: string;
  capacity: number;
  requires_approval: boolean;
  category?: string | null;
  /** The whole list after the change; an item with `id` updates that type. */
  ticket_types?: TicketTypeInput[];
  questions?: QuestionInput[];
  seat_changes_until?: string | null;
  reminder_lead_minutes?: number;
}

export interface TicketTypeInput {
  id?: string;
  name: string;
  description: string;
  quota: number;
  sales_start: string | null;
  sales_end: string | null;
  max_per_order: number;
  hidden: boolean;
  /** Write-only; left out on edit to keep the code. */
  access_code?: string;
}

export interface QuestionInput {
  id?: string;
  label: string;
  kind: QuestionKind;
  options: string[];
  required: boolean;
  per: "booking" | "seat";
}

export const listEvents = (
  filters: EventFilters & { limit: number; cursor?: string | undefined },
  signal?: AbortSignal,
): Promise<Page<TurnoutEvent>> =>
  apiJson(`/api/v1/events${queryString({ ...filters })}`, parseEventPage, signal ? { signal } : {});

const base = (id: string) => `/api/v1/events/${encodeURIComponent(id)}`;

/** An event; with `accessCode`, hidden types that code unlocks are listed too (header, never URL). */
export const getEvent = (id: string, signal?: AbortSignal, accessCode?: string) =>
  apiJson(base(id), (b) => eventSchema.parse(b), {
    ...(signal ? { signal } : {}),
    ...(accessCode ? { headers: { "X-Access-Code": accessCode } } : {}),
    // Organizers see their hidden types: the read carries the token when there is one.
    auth: "optional",
  });

export const getAvailability = (id: string, signal?: AbortSignal) =>
  apiJson(`${base(id)}/availability`, (b) => availabilitySchema.parse(b), signal ? { signal } : {});

export const createEvent = (input: EventInput) =>
  apiJson("/api/v1/events", (b) => eventSchema.parse(b), {
    method: "POST",
    json: input,
    auth: true,
  });

export const updateEvent = (id: string, changes: Partial<EventInput>) =>
  apiJson(base(id), (b) => eventSchema.parse(b), { method: "PATCH", json: changes, auth: true });

export const cancelEvent = (id: string) => apiSend(base(id), { method: "DELETE", auth: true });
