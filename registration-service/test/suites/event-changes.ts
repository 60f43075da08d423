import request from "supertest";
import { registrationCancelledV1, TOPICS } from "@turnout/contracts";
import { createEventConsumer, createKafka, createLogger, type EventConsumer } from "@turnout/kit";
import { quickConsumer, testStack, uniqueGroupId, waitFor } from "@turnout/test-kit";
import { recoverOnce } from "../../src/domain/recovery";
import { CONSUMED_TOPICS, eventChangeHandlers } from "../../src/events/event-consumers";
import { cancelEvent, createEvent, newUser, readEvent, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

/**
 * `event-cancelled` and `event-updated` as the event service publishes them (through its outbox
 * and the real broker), applied by this service's consumer wiring.
 */
export function eventChangeTests(ctx: SuiteContext): void {
  describe("event changes", () => {
    let consumer: EventConsumer;
    beforeAll(async () => {
      // A group of its own, so no other test's consumer shares the partitions.
      const logger = createLogger({ service: "registration-service", silent: true });
      consumer = createEventConsumer({
        kafka: createKafka({
          brokers: testStack().kafka.brokers,
          clientId: "registration-test",
          logger,
        }),
        groupId: uniqueGroupId("registration-event-changes"),
        topics: CONSUMED_TOPICS,
        handlers: eventChangeHandlers(),
        database: ctx.testApp.data,
        logger,
        consumerConfig: quickConsumer,
      });
      await consumer.start();
    });
    afterAll(() => consumer.stop());

    const register = async (user: User, eventId: string) =>
      (
        await request(ctx.testApp.app)
          .post("/api/v1/registrations")
          .set("Authorization", `Bearer ${user.token}`)
          .send({ event_id: eventId })
      ).body as { id: string; status: string };

    async function patchEvent(eventId: string, organizer: User, body: object): Promise<void> {
      const res = await fetch(`${ctx.platform.eventUrl}/api/v1/events/${eventId}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${organizer.token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) throw new Error(`patch failed: ${res.status} ${await res.text()}`);
    }

    test("a cancelled event cancels every registration, announces each and frees every seat", async () => {
      const { event, organizer } = await createEvent(ctx.platform, { capacity: 2 });
      const registrations = [];
      for (let i = 0; i < 3; i++)
        registrations.push(await register(await newUser(ctx.platform), event.id));
      expect(registrations.map((r) => r.status)).toEqual(["confirmed", "confirmed", "waitlisted"]);

      await cancelEvent(ctx.platform, event.id, organizer);
      const ids = registrations.map((r) => r.id);
      await waitFor(
        async () =>
          (await ctx.testApp.db.registration.count({
            where: { id: { in: ids }, status: "cancelled" },
          })) === 3,
        { timeoutMs: 30_000, message: "every registration cancelled" },
      );
      const rows = await ctx.testApp.db.registration.findMany({ where: { id: { in: ids } } });
      expect(rows.every((r) => r.cancelReason === "event_cancelled")).toBe(true);

      const announced = () =>
        ctx.reader.messages
          .filter((m) => m.topic === TOPICS.registrationCancelled)
          .map((m) => registrationCancelledV1.envelope.parse(JSON.parse(m.value!.toString())).data)
          .filter((d) => ids.includes(d.registration_id));
      await waitFor(() => announced().length === 3, { timeoutMs: 20_000 });
      expect(
        announced()
          .map((d) => [d.reason, d.previous_status])
          .sort(),
      ).toEqual([
        ["event_cancelled", "confirmed"],
        ["event_cancelled", "confirmed"],
        ["event_cancelled", "waitlisted"],
      ]);

      // The two held seats are handed back to the ledger by the recovery saga.
      await recoverOnce(ctx.testApp.deps);
      expect(await ctx.testApp.db.seatRelease.count({ where: { eventId: event.id } })).toBe(0);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(0);
    });

    test("an updated event refreshes the local copy", async () => {
      const { event, organizer } = await createEvent(ctx.platform);
      await register(await newUser(ctx.platform), event.id);
      await patchEvent(event.id, organizer, {
        title: "Renamed meetup",
        location: "Hall 2",
        reminder_lead_minutes: 30,
      });
      await waitFor(
        async () =>
          (await ctx.testApp.db.eventSnapshot.findUnique({ where: { eventId: event.id } }))
            ?.title === "Renamed meetup",
        { timeoutMs: 30_000 },
      );
      expect(
        await ctx.testApp.db.eventSnapshot.findUnique({ where: { eventId: event.id } }),
      ).toMatchObject({ location: "Hall 2", reminderLeadMinutes: 30 });
    });

    test("more capacity promotes the waitlist", async () => {
      const { event, organizer } = await createEvent(ctx.platform, { capacity: 1 });
      const registrations = [];
      for (let i = 0; i < 3; i++)
        registrations.push(await register(await newUser(ctx.platform), event.id));
      await patchEvent(event.id, organizer, { capacity: 3 });
      await waitFor(
        async () => {
          await recoverOnce(ctx.testApp.deps);
          return (
            (await ctx.testApp.db.registration.count({
              where: { eventId: event.id, status: "confirmed", confirmedVia: "waitlist" },
            })) === 2
          );
        },
        { timeoutMs: 30_000, intervalMs: 300, message: "two promotions" },
      );
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(3);
    });
  });
}
