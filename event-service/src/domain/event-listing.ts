import { badRequest } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import type { EventRecord, EventStatus } from "./event";

export interface EventListFilters {
  /** Web-search syntax (`"exact phrase"`, `-excluded`, `or`), English stemming. */
  q?: string;
  /** Inclusive lower bound on `starts_at`. */
  from?: Date;
  /** Exclusive upper bound on `starts_at`. */
  to?: Date;
  category?: string;
  organizerId?: string;
  status: EventStatus;
}

/** Where a page ended: the last row's sort key, `starts_at` as PostgreSQL spells it (µs). */
export interface ListPosition {
  startsAt: string;
  id: string;
}

export interface EventPage {
  items: EventRecord[];
  nextCursor: string | null;
}

const MAX_CURSOR_LENGTH = 200;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A real instant PostgreSQL can read: no 31 February, no year 0. */
function isCalendarTime(text: string): boolean {
  const time = new Date(text);
  return (
    !Number.isNaN(time.getTime()) &&
    time.getUTCFullYear() >= 1 &&
    time.toISOString().slice(0, 19) === text.slice(0, 19)
  );
}

/** Opaque to clients: base64url of `[starts_at, id]`. */
export const encodeCursor = (position: ListPosition): string =>
  Buffer.from(JSON.stringify([position.startsAt, position.id])).toString("base64url");

export function decodeCursor(cursor: string): ListPosition {
  const invalid = () => badRequest("invalid_cursor", "The cursor is not one this API issued.");
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid();
  const [startsAt, id] = decoded as unknown[];
  if (typeof startsAt !== "string" || typeof id !== "string") throw invalid();
  if (!TIMESTAMP.test(startsAt) || !UUID.test(id) || !isCalendarTime(startsAt)) throw invalid();
  return { startsAt, id };
}

/**
 * Keyset pagination on (starts_at, id): each page continues strictly after the previous one's
 * last row, so rows inserted meanwhile never shift a page (no duplicates, no gaps among rows
 * that existed when paging began), unlike OFFSET.
 */
export async function listEvents(
  deps: { data: ServiceDatabase },
  filters: EventListFilters,
  page: { limit: number; cursor?: string | undefined },
): Promise<EventPage> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  // One row more than asked says whether another page exists.
  const rows = await deps.data.repos.eventSearch.page(filters, after, page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => row.event),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.position) : null,
  };
}
