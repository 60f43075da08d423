import request from "supertest";
import { registrationCancelledV1, registrationConfirmedV1, TOPICS } from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { createEvent, newUser, readEvent, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

export function promotionTests(ctx: SuiteContext): void {
  describe("cancelling and promotion", () => {
    interface Reply {
      id: string;
      status: string;
      waitlist_position: number | null;
      confirmed_via: string | null;
    }

    const register = async (user: User, eventId: string): Promise<Reply> => {
      const res = await request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .send({ event_id: eventId });
      expect(res.status).toBe(201);
      return res.body as Reply;
    };

    const cancel = (user: User, id: string) =>
      request(ctx.testApp.app)
        .delete(`/api/v1/registrations/${id}`)
        .set("Authorization", `Bearer ${user.token}`);

    const read = async (user: User, id: string): Promise<Reply> =>
      (
        await request(ctx.testApp.app)
          .get(`/api/v1/registrations/${id}`)
          .set("Authorization", `Bearer ${user.token}`)
      ).body as Reply;

    const messages = (topic: string) =>
      ctx.reader.messages
        .filter((m) => m.topic === topic)
        .map((m) => JSON.parse(m.value!.toString()) as unknown);

    test("cancelling 10 confirmed registrations promotes waitlist positions 1–10 in order", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 10 });
      const attendees: { user: User; reply: Reply }[] = [];
      for (let i = 0; i < 25; i++) {
        const user = await newUser(ctx.platform);
        attendees.push({ user, reply: await register(user, event.id) });
      }
      const confirmed = attendees.slice(0, 10);
      const waiting = attendees.slice(10);
      expect(confirmed.every((a) => a.reply.status === "confirmed")).toBe(true);
      expect(waiting.map((a) => a.reply.waitlist_position)).toEqual(
        Array.from({ length: 15 }, (_, i) => i + 1),
      );

      for (const [i, { user, reply }] of confirmed.entries()) {
        const res = await cancel(user, reply.id);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: reply.id, status: "cancelled" });
        // The seat went to position 1 at once: the next in line is confirmed via the waitlist.
        const promoted = waiting[i]!;
        await waitFor(
          async () => (await read(promoted.user, promoted.reply.id)).status === "confirmed",
          {
            message: `position ${i + 1} promoted`,
          },
        );
        expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(10);
      }

      const after = await Promise.all(waiting.map((a) => read(a.user, a.reply.id)));
      expect(after.slice(0, 10).map((r) => [r.status, r.confirmed_via])).toEqual(
        Array.from({ length: 10 }, () => ["confirmed", "waitlist"]),
      );
      expect(after.slice(10).map((r) => [r.status, r.waitlist_position])).toEqual(
        [1, 2, 3, 4, 5].map((p) => ["waitlisted", p]),
      );
      // In order: each promotion's confirmation comes after the one before it.
      const rows = await ctx.testApp.db.registration.findMany({
        where: { id: { in: waiting.slice(0, 10).map((a) => a.reply.id) } },
      });
      const confirmedAt = new Map(rows.map((r) => [r.id, r.confirmedAt!.getTime()]));
      const times = waiting.slice(0, 10).map((a) => confirmedAt.get(a.reply.id)!);
      expect([...times].sort((a, b) => a - b)).toEqual(times);

      const promotedIds = new Set(waiting.slice(0, 10).map((a) => a.reply.id));
      const cancelledIds = new Set(confirmed.map((a) => a.reply.id));
      const viaWaitlist = () =>
        messages(TOPICS.registrationConfirmed)
          .map((m) => registrationConfirmedV1.envelope.parse(m).data)
          .filter((d) => promotedIds.has(d.registration_id));
      const cancellations = () =>
        messages(TOPICS.registrationCancelled)
          .map((m) => registrationCancelledV1.envelope.parse(m).data)
          .filter((d) => cancelledIds.has(d.registration_id));
      await waitFor(() => viaWaitlist().length === 10 && cancellations().length === 10, {
        timeoutMs: 20_000,
      });
      expect(viaWaitlist().every((d) => d.confirmed_via === "waitlist")).toBe(true);
      expect(cancellations().every((d) => d.reason === "attendee_cancelled")).toBe(true);
      expect(cancellations().every((d) => d.previous_status === "confirmed")).toBe(true);
    });

    test("cancelling a waitlisted registration frees no seat and moves the line up", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 1 });
      const users = [
        await newUser(ctx.platform),
        await newUser(ctx.platform),
        await newUser(ctx.platform),
      ];
      const replies = [];
      for (const user of users) replies.push(await register(user, event.id));
      expect((await cancel(users[1]!, replies[1]!.id)).status).toBe(200);
      expect(await read(users[2]!, replies[2]!.id)).toMatchObject({
        status: "waitlisted",
        waitlist_position: 1,
      });
      expect(await read(users[0]!, replies[0]!.id)).toMatchObject({ status: "confirmed" });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);
    });

    test("cancelling twice is 409 already_cancelled", async () => {
      const { event } = await createEvent(ctx.platform);
      const user = await newUser(ctx.platform);
      const reply = await register(user, event.id);
      expect((await cancel(user, reply.id)).status).toBe(200);
      const again = await cancel(user, reply.id);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: "already_cancelled" });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(0);
    });

    test("a newcomer queues behind the waitlist even when a seat is free for a moment", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 1 });
      const [a, b, c] = [
        await newUser(ctx.platform),
        await newUser(ctx.platform),
        await newUser(ctx.platform),
      ];
      const first = await register(a, event.id);
      const second = await register(b, event.id);
      expect(second.status).toBe("waitlisted");
      expect((await cancel(a, first.id)).status).toBe(200);
      await waitFor(async () => (await read(b, second.id)).status === "confirmed");
      // The seat went to the waitlist; the newcomer waits.
      expect(await register(c, event.id)).toMatchObject({
        status: "waitlisted",
        waitlist_position: 1,
      });
    });
  });
}
