import * as z from "zod/mini";
import { apiJson, apiSend, queryString } from "./client";
import { type Page, pageOf } from "./page";

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
}

export const listEvents = (
  filters: EventFilters & { limit: number; cursor?: string | undefined },
  signal?: AbortSignal,
): Promise<Page<TurnoutEvent>> =>
  apiJson(`/api/v1/events${queryString({ ...filters })}`, parseEventPage, signal ? { signal } : {});

const base = (id: string) => `/api/v1/events/${encodeURIComponent(id)}`;

export const getEvent = (id: string, signal?: AbortSignal) =>
  apiJson(base(id), (b) => eventSchema.parse(b), signal ? { signal } : {});

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
