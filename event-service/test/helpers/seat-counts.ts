import type { TestApp } from "./test-app";

type Pool = TestApp["pool"];

/** Each type of the event with the seats its holds still hold (`held`), in the organizer's order. */
export const typeCounts = (pool: Pool, eventId: string) =>
  pool.query<{ id: string; quota: number; seats_taken: number; held: number }>(
    `SELECT t.id, t.quota, t.seats_taken,
            coalesce((SELECT sum(r.seats) FROM seat_reservations r
                      WHERE r.ticket_type_id = t.id AND r.status = 'held'), 0)::int AS held
     FROM ticket_types t WHERE t.event_id = $1 ORDER BY t.position`,
    [eventId],
  );

/** The event's counts and the seats all its holds still hold (`held`). */
export const eventSeats = async (pool: Pool, eventId: string) =>
  (
    await pool.query<{ capacity: number; seats_taken: number; held: number }>(
      `SELECT e.capacity, e.seats_taken,
              coalesce((SELECT sum(r.seats) FROM seat_reservations r
                        WHERE r.event_id = e.id AND r.status = 'held'), 0)::int AS held
       FROM events e WHERE e.id = $1`,
      [eventId],
    )
  ).rows[0]!;
