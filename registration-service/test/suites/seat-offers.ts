import { seatOfferedV1, TOPICS } from "@turnout/contracts";
import { readTopics, waitFor, type TopicReader } from "@turnout/test-kit";
import { peopleRepository } from "../../src/data/people";
import { createSeatEvent, seatApi, userWithEmail } from "../helpers/seat-api";
import { messagesFor, type SuiteContext } from "../helpers/suite-context";
import { createTestApp, type TestApp } from "../helpers/test-app";

interface Transfer {
  id: string;
}

/** An offer tells its address (`seat-offered`), and one account can only make so many. */
export function seatOfferTests(ctx: SuiteContext): void {
  describe("offering a seat by email", () => {
    const api = seatApi(ctx);
    // Two open offers, three per hour: small enough to reach in a test.
    let limited: TestApp | undefined;
    let reader: TopicReader | undefined;
    const limitedApi = seatApi({
      get platform() {
        return ctx.platform;
      },
      get testApp() {
        return limited!;
      },
      get reader() {
        return ctx.reader;
      },
    });
    beforeAll(async () => {
      limited = createTestApp({
        peers: ctx.platform.services.urls,
        settings: { offerLimits: { maxOpenPerUser: 2, maxPerHour: 3 } },
      });
      reader = await readTopics([TOPICS.seatTransferOffered]);
    });
    afterAll(async () => {
      await reader?.stop();
      await limited?.close();
    });

    test("an offer writes seat-offered with the seat, the event and the sender's name", async () => {
      const { event, organizer } = await createSeatEvent(ctx.platform, { capacity: 5 });
      const sender = await userWithEmail(ctx);
      await peopleRepository(ctx.testApp.data.pool).saveRegistered({
        userId: sender.id,
        email: sender.email,
        displayName: "Ada Sender",
        at: new Date(Date.now() + 1_000).toISOString(),
      });
      const booking = await api.book(sender, event.id, 2);
      const seat = booking.seats[1]!;
      const email = `Offer-${sender.id.slice(0, 8)}@Example.test`;
      const offered = await api.offer(sender, booking.id, seat.id, email);
      expect(offered.status).toBe(201);
      const offer = offered.body as Transfer;
      // A refused second offer of the seat writes nothing.
      expect((await api.offer(sender, booking.id, seat.id, "x@example.test")).status).toBe(409);

      const topic = TOPICS.seatTransferOffered;
      const byKey = { ...ctx, reader: reader! };
      await waitFor(() => messagesFor(byKey, topic, offer.id).length > 0, {
        message: "seat-offered for the offer",
      });
      const messages = messagesFor(byKey, topic, offer.id);
      expect(messages).toHaveLength(1);
      const parsed = seatOfferedV1.envelope.parse(messages[0]);
      expect(parsed.subject).toBe(offer.id);
      expect(parsed.data).toEqual({
        transfer_id: offer.id,
        registration_id: booking.id,
        seat_id: seat.id,
        event_id: event.id,
        from_user_id: sender.id,
        from_display_name: "Ada Sender",
        email: email.toLowerCase(),
        offered_at: expect.any(String),
        title: event.title,
        starts_at: expect.any(String),
        ends_at: expect.any(String),
        timezone: expect.any(String),
        location: expect.any(String),
        reminder_lead_minutes: 1440,
        organizer_id: organizer.id,
        ticket_type_name: expect.any(String),
        attendee_name: null,
      });
      const forSeat = reader!.messages.filter((m) => {
        const value = JSON.parse(m.value!.toString()) as { data: { seat_id: string } };
        return value.data.seat_id === seat.id;
      });
      expect(forSeat).toHaveLength(1);
    });

    test("one account's open offers and offers per hour are limited (429 too_many_offers)", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 5 });
      const sender = await userWithEmail(ctx);
      const booking = await limitedApi.book(sender, event.id, 4);
      const [a, b, c, d] = booking.seats.map((s) => s.id) as [string, string, string, string];
      const offer = (seatId: string, n: number) =>
        limitedApi.offer(
          sender,
          booking.id,
          seatId,
          `to-${n}-${sender.id.slice(0, 8)}@example.test`,
        );

      const first = (await offer(a, 1)).body as Transfer;
      expect((await offer(b, 2)).status).toBe(201);
      const tooManyOpen = await offer(c, 3);
      expect(tooManyOpen.status).toBe(429);
      expect(tooManyOpen.body).toMatchObject({ code: "too_many_offers" });
      expect((tooManyOpen.body as { detail: string }).detail).toContain("open seat offers");
      expect(tooManyOpen.headers["retry-after"]).toBeDefined();

      // Withdrawing frees a place among the open offers...
      expect((await limitedApi.withdraw(sender, first.id)).status).toBe(200);
      expect((await offer(c, 3)).status).toBe(201);
      // ...but not among the offers of the hour: three were made.
      expect((await limitedApi.withdraw(sender, first.id)).status).toBe(409);
      const open = (await limitedApi.read(sender, booking.id)) as unknown as {
        seats: { id: string; transfer: { id: string } | null }[];
      };
      const second = open.seats.find((s) => s.id === b)!.transfer!.id;
      expect((await limitedApi.withdraw(sender, second)).status).toBe(200);
      const tooManyPerHour = await offer(d, 4);
      expect(tooManyPerHour.status).toBe(429);
      expect(tooManyPerHour.body).toMatchObject({ code: "too_many_offers" });
      expect((tooManyPerHour.body as { detail: string }).detail).toContain("in the last hour");
      const retryAfter = Number(tooManyPerHour.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(3_000);
      expect(retryAfter).toBeLessThanOrEqual(3_600);

      // Another account is not held back by this one's offers.
      const other = await userWithEmail(ctx);
      const own = await limitedApi.book(other, event.id, 1);
      expect((await limitedApi.offer(other, own.id, own.seats[0]!.id, sender.email)).status).toBe(
        201,
      );
    });
  });
}
