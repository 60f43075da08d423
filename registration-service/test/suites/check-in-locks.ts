import { waitFor } from "@turnout/test-kit";
import { bookSeats, checkInApi, ticketFor } from "../helpers/check-in-api";
import { createEvent, newUser } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

/**
 * A scan takes its locks in the order every booking change does: the booking, then the seat.
 * Here another unit of work holds the booking (as a seat cancel's first statement does), then
 * updates the seat while the scan waits; in the other order the two deadlock and PostgreSQL
 * aborts one of them (the scan answered 500).
 */
export function checkInLockTests(ctx: SuiteContext): void {
  const api = checkInApi(() => ctx.testApp.app);
  test("a scan waiting for a seat change of its booking neither deadlocks nor fails", async () => {
    const { event, organizer } = await createEvent(ctx.platform, { capacity: 5 });
    const attendee = await newUser(ctx.platform);
    const booking = await bookSeats(ctx, attendee, event.id, ["Ada", "Grace"]);
    const seat = booking.seats[0]!;
    const code = await ticketFor(ctx, booking, seat, event.id);

    const other = await ctx.testApp.data.pool.connect();
    try {
      await other.query("BEGIN");
      await other.query("UPDATE registrations SET updated_at = now() WHERE id = $1", [booking.id]);
      const scan = api.scan(organizer, { ticket_code: code, gate: "North door" }).then((r) => r);
      // The scan is waiting for a lock (on the booking, with the fix; before it, on the booking
      // while holding the seat). Asked on another connection: inside a transaction
      // pg_stat_activity is a snapshot taken at its first read.
      await waitFor(
        async () =>
          (
            await ctx.testApp.data.pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE OF%'
                 AND pid <> pg_backend_pid()`,
            )
          ).rows[0]!.n > 0,
        { timeoutMs: 10_000, intervalMs: 250, message: "the scan waits for the booking" },
      );
      await other.query("UPDATE seats SET attendee_name = attendee_name WHERE id = $1", [seat.id]);
      await other.query("COMMIT");
      const res = await scan;
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ seat_id: seat.id, gate: "North door" });
    } finally {
      await other.query("ROLLBACK").catch(() => undefined);
      other.release();
    }
  });
}
