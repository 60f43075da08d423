import { apiGet } from "./client";

/** The fields of an event (API.md, events) that lists show; the rest are optional here. */
export interface EventSummary {
  id: string;
  title: string;
  starts_at: string;
  ends_at?: string;
  timezone?: string;
  location?: string;
  seats_available?: number;
  status?: string;
}

/** A page of a list route (API.md "Pagination"). */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

class ShapeError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseEvent(value: unknown): EventSummary {
  if (
    !isRecord(value) ||
    typeof value.id !== "string" ||
    typeof value.title !== "string" ||
    typeof value.starts_at !== "string"
  ) {
    throw new ShapeError("not an event");
  }
  const event: EventSummary = { id: value.id, title: value.title, starts_at: value.starts_at };
  // Optional fields are kept only with the type the page expects.
  for (const key of ["ends_at", "timezone", "location", "status"] as const) {
    const field = value[key];
    if (typeof field === "string") event[key] = field;
  }
  if (typeof value.seats_available === "number") event.seats_available = value.seats_available;
  return event;
}

export function parseEventPage(body: unknown): Page<EventSummary> {
  if (!isRecord(body) || !Array.isArray(body.items)) throw new ShapeError("not a page");
  const cursor = body.next_cursor;
  return {
    items: body.items.map(parseEvent),
    next_cursor: typeof cursor === "string" ? cursor : null,
  };
}

export const listEvents = (limit: number, signal?: AbortSignal): Promise<Page<EventSummary>> =>
  apiGet(`/api/v1/events?limit=${limit}`, parseEventPage, signal ? { signal } : {});
