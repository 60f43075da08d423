import request from "supertest";
import { waitFor } from "@turnout/test-kit";
import { recoverOnce } from "../../src/domain/recovery";
import { GRACE_MS, useCrashHarness } from "../helpers/crash-harness";
import { createEvent, newUser, readEvent, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

/** The ledger unreachable or answering into the void: compensation, and retries by recovery. */
export function ledgerOutageTests(ctx: SuiteContext): void {
  describe("event service outages", () => {
    const harness = useCrashHarness(ctx);

    test("when the ledger's answer is lost, the attempt is compensated: 503 and no seat held", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 2 });
      const user = await newUser(ctx.platform);
      harness.faults.reserve = "lose-reply";
      const res = await request(harness.faulty.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .send({ event_id: event.id });
      expect(res.status).toBe(503);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: "ledger_unavailable" });
      expect(await ctx.testApp.db.registration.count({ where: { userId: user.id } })).toBe(0);
      await harness.expectSeatsMatchRows(event.id, 0);

      // A retry works: the released id is a tombstone, the new attempt has a new id.
      harness.faults.reserve = "none";
      const retry = await request(harness.faulty.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .send({ event_id: event.id });
      expect(retry.body).toMatchObject({ status: "confirmed" });
      await harness.expectSeatsMatchRows(event.id, 1);
    });

    test("a release that fails after the cancel is retried by recovery, and the waitlist is served", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 1 });
      const [holder, waiting] = [await newUser(ctx.platform), await newUser(ctx.platform)];
      const sign = (user: User) =>
        request(harness.faulty.app)
          .post("/api/v1/registrations")
          .set("Authorization", `Bearer ${user.token}`)
          .send({ event_id: event.id });
      const held = (await sign(holder)).body as { id: string };
      const queued = (await sign(waiting)).body as { id: string; status: string };
      expect(queued.status).toBe("waitlisted");

      harness.faults.failReleases = true;
      const cancelled = await request(harness.faulty.app)
        .delete(`/api/v1/registrations/${held.id}`)
        .set("Authorization", `Bearer ${holder.token}`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: "cancelled" });
      expect(await ctx.testApp.db.seatRelease.count({ where: { registrationId: held.id } })).toBe(
        1,
      );
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);

      // The recovering replica's releases work; the retry is due right away after the claim lease.
      await ctx.testApp.db.seatRelease.updateMany({
        where: { registrationId: held.id },
        data: { nextAttemptAt: new Date() },
      });
      const report = await recoverOnce(ctx.testApp.deps, { graceMs: GRACE_MS });
      expect(report.released).toBeGreaterThanOrEqual(1);
      expect(await ctx.testApp.db.seatRelease.count({ where: { registrationId: held.id } })).toBe(
        0,
      );
      await waitFor(
        async () =>
          (await ctx.testApp.db.registration.findUnique({ where: { id: queued.id } }))?.status ===
          "confirmed",
      );
      await harness.expectSeatsMatchRows(event.id, 1);
    });

    test("a failed release of one cancelled seat is retried by recovery, under the seat's hold", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 5 });
      const user = await newUser(ctx.platform);
      const booking = (
        await request(harness.faulty.app)
          .post("/api/v1/registrations")
          .set("Authorization", `Bearer ${user.token}`)
          .send({ event_id: event.id, quantity: 3 })
      ).body as { id: string; seats: { id: string }[] };
      const seatId = booking.seats[0]!.id;

      harness.faults.failReleases = true;
      const cancelled = await request(harness.faulty.app)
        .delete(`/api/v1/registrations/${booking.id}/seats/${seatId}`)
        .set("Authorization", `Bearer ${user.token}`);
      expect(cancelled.status).toBe(200);
      const rows = await ctx.testApp.db.seatRelease.findMany({ where: { eventId: event.id } });
      expect(rows.map((r) => [r.registrationId, r.seatId])).toEqual([[booking.id, seatId]]);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(3);

      await ctx.testApp.db.seatRelease.updateMany({
        where: { eventId: event.id },
        data: { nextAttemptAt: new Date() },
      });
      const report = await recoverOnce(ctx.testApp.deps, { graceMs: GRACE_MS });
      expect(report.released).toBeGreaterThanOrEqual(1);
      expect(await ctx.testApp.db.seatRelease.count({ where: { eventId: event.id } })).toBe(0);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(2);
    });
  });
}
