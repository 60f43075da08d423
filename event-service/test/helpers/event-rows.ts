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
 * for many rows quickly. Returns its id.
 */
export async function insertEventRow(testApp: TestApp, row: EventRowInput): Promise<string> {
  const id = randomUUID();
  await testApp.pool.query(
    `INSERT INTO events (id, organizer_id, title, description, starts_at, ends_at, timezone,
                         location, capacity, category)
     VALUES ($1, $2, $3, 'Inserted directly.', $4, $4::timestamptz + interval '2 hours',
             'UTC', 'Somewhere', $5, $6)`,
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
