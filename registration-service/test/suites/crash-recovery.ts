import request from "supertest";
import { TOPICS } from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { recoverOnce } from "../../src/domain/recovery";
import { GRACE_MS, useCrashHarness, type CrashHarness } from "../helpers/crash-harness";
import { cancelEvent, createEvent, newUser, readEvent } from "../helpers/platform";
import { messagesFor, type SuiteContext } from "../helpers/suite-context";

const published = (ctx: SuiteContext, topic: string, registrationId: string): number =>
  messagesFor(ctx, topic, registrationId).length;

/**
 * A crash at each point of the seat saga leaves a `reserving` row; the recovery saga, run by
 * another replica, settles it so that seats held in the ledger and registrations holding one
 * agree.
 */
export function crashRecoveryTests(ctx: SuiteContext): void {
  describe("recovery after a crash", () => {
    const harness = useCrashHarness(ctx);
    /** The faulty replica with its faults off: a second replica running recovery. */
    const secondReplica = () => {
      harness.faults.reserve = "none";
      return harness.faulty.deps;
    };

    test("a crash between the reservation and the commit is settled by recovery: confirmed, seat and event once", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 2 });
      const user = await newUser(ctx.platform);
      harness.faults.reserve = "hang-after-reserve";
      const crash = await harness.signUpThatCrashes(user, event.id);
      await waitFor(async () => (await readEvent(ctx.platform, event.id)).seats_taken === 1);
      // The seat is held by a registration nobody settled.
      expect(
        (await ctx.testApp.db.registration.findUnique({ where: { id: crash.row.id } }))?.status,
      ).toBe("reserving");
      crash.abort();

      // Settled by this recovery, or by another replica's on the shared schema (other test files
      // run registration services with a short recovery interval): either way, once.
      await harness.recover();
      await waitFor(
        async () =>
          (await ctx.testApp.db.registration.findUnique({ where: { id: crash.row.id } }))
            ?.status === "confirmed",
        { timeoutMs: 10_000 },
      );
      expect(
        await ctx.testApp.db.registration.findUnique({ where: { id: crash.row.id } }),
      ).toMatchObject({
        status: "confirmed",
        confirmedVia: "direct",
      });
      await harness.expectSeatsMatchRows(event.id, 1);
      await waitFor(() => published(ctx, TOPICS.registrationConfirmed, crash.row.id) === 1, {
        timeoutMs: 20_000,
      });
    });

    test("a crash after the ledger said full is settled onto the waitlist", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 1 });
      const first = await request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${(await newUser(ctx.platform)).token}`)
        .send({ event_id: event.id });
      expect(first.body).toMatchObject({ status: "confirmed" });

      harness.faults.reserve = "hang-after-reserve";
      const crash = await harness.signUpThatCrashes(await newUser(ctx.platform), event.id);
      crash.abort();
      await harness.recover();
      expect(
        await ctx.testApp.db.registration.findUnique({ where: { id: crash.row.id } }),
      ).toMatchObject({
        status: "waitlisted",
      });
      await harness.expectSeatsMatchRows(event.id, 1);
      await waitFor(() => published(ctx, TOPICS.registrationWaitlisted, crash.row.id) === 1, {
        timeoutMs: 20_000,
      });
    });

    test("a crash before the ledger was asked is settled by reserving then", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 2 });
      harness.faults.reserve = "hang-before-reserve";
      const crash = await harness.signUpThatCrashes(await newUser(ctx.platform), event.id);
      crash.abort();
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(0);
      await harness.recover();
      expect(
        await ctx.testApp.db.registration.findUnique({ where: { id: crash.row.id } }),
      ).toMatchObject({
        status: "confirmed",
      });
      await harness.expectSeatsMatchRows(event.id, 1);
    });

    test("an attempt left behind for an event cancelled meanwhile ends cancelled and holds nothing", async () => {
      const { event, organizer } = await createEvent(ctx.platform, { capacity: 2 });
      harness.faults.reserve = "hang-before-reserve";
      const crash = await harness.signUpThatCrashes(await newUser(ctx.platform), event.id);
      crash.abort();
      await cancelEvent(ctx.platform, event.id, organizer);
      await harness.recover();
      // Recovery finds the ledger refusing (`event_not_open`), unless a replica's consumer of
      // `event-cancelled` got there first (`event_cancelled`): either way it ends, holding nothing.
      const settled = await ctx.testApp.db.registration.findUnique({ where: { id: crash.row.id } });
      expect(settled?.status).toBe("cancelled");
      expect(["event_not_open", "event_cancelled"]).toContain(settled?.cancelReason);
      await recoverOnce(ctx.testApp.deps, { graceMs: GRACE_MS });
      expect(
        await ctx.testApp.db.seatRelease.count({ where: { registrationId: crash.row.id } }),
      ).toBe(0);
      await harness.expectSeatsMatchRows(event.id, 0);
    });

    test("two replicas recovering at once settle each attempt exactly once", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 20 });
      harness.faults.reserve = "hang-after-reserve";
      const crashes: Awaited<ReturnType<CrashHarness["signUpThatCrashes"]>>[] = [];
      for (let i = 0; i < 12; i++)
        crashes.push(await harness.signUpThatCrashes(await newUser(ctx.platform), event.id));
      for (const crash of crashes) crash.abort();
      await waitFor(async () => (await readEvent(ctx.platform, event.id)).seats_taken === 12);

      await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 100));
      await Promise.all([
        recoverOnce(ctx.testApp.deps, { graceMs: GRACE_MS }),
        recoverOnce(secondReplica(), { graceMs: GRACE_MS }),
      ]);
      // A row another replica on the shared schema had already claimed is settled by it.
      const statuses = async () =>
        (await ctx.testApp.db.registration.findMany({ where: { eventId: event.id } })).map(
          (r) => r.status,
        );
      await waitFor(async () => (await statuses()).every((s) => s === "confirmed"), {
        timeoutMs: 10_000,
      });
      expect(await statuses()).toEqual(Array.from({ length: 12 }, () => "confirmed"));
      await harness.expectSeatsMatchRows(event.id, 12);
      await waitFor(
        () => crashes.every((c) => published(ctx, TOPICS.registrationConfirmed, c.row.id) >= 1),
        { timeoutMs: 20_000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(crashes.map((c) => published(ctx, TOPICS.registrationConfirmed, c.row.id))).toEqual(
        Array.from({ length: 12 }, () => 1),
      );
    });
  });
}
