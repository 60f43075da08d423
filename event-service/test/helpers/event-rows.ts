import { randomUUID } from "node:crypto";
import type { TestApp } from "./test-app";

export interface EventRowInput {
  organizerId?: string;
  title?: string;
  startsAt: Date;
  capacity?: number;
  category?: string | null;
}

/**
 * Writes an event row directly, for what the API refuses to create (an event in the past) or
 * for many rows quickly, with its default ticket type. Returns its id.
 */
export async function insertEventRow(testApp: TestApp, row: EventRowInput): Promise<string> {
  const id = randomUUID();
  await testApp.pool.query(
    `WITH event AS (
       INSERT INTO events (id, organizer_id, title, description, starts_at, ends_at, timezone,
                           location, capacity, category)
       VALUES ($1, $2, $3, 'Inserted directly.', $4, $4::timestamptz + interval '2 hours',
               'UTC', 'Somewhere', $5, $6)
       RETURNING id, capacity)
     INSERT INTO ticket_types (id, event_id, position, name, quota)
     SELECT gen_random_uuid(), id, 0, 'General admission', capacity FROM event`,
    [
      id,
      row.organizerId ?? randomUUID(),
      row.title ?? "Direct row",
      row.startsAt,
      row.capacity ?? 10,
      row.category ?? null,
    ],
  );
  return id;
}
