import { waitFor } from "@turnout/test-kit";
import { bookingApi, createBookingEvent, type BookingReply } from "../helpers/bookings";
import { newUser, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

export function partyWaitlistTests(ctx: SuiteContext): void {
  describe("the party waitlist: the earliest entry that fits", () => {
    const api = bookingApi(ctx);

    const book = async (user: User, body: Record<string, unknown>): Promise<BookingReply> => {
      const res = await api.post(user, body);
      expect(res.status).toBe(201);
      return res.body as BookingReply;
    };

    test("a waiting booking of a hidden type is promoted without its plain code (the ledger sees the code's hash)", async () => {
      const event = await createBookingEvent(ctx.platform, {
        capacity: 10,
        types: [{ name: "Crew", quota: 1, hidden: true, access_code: "backstage-42" }],
      });
      const crew = event.types[0]!.id;
      const body = { event_id: event.id, ticket_type_id: crew, access_code: "backstage-42" };
      const firstUser = await newUser(ctx.platform);
      const first = await book(firstUser, body);
      expect(first.status).toBe("confirmed");
      const waitingUser = await newUser(ctx.platform);
      const waiting = await book(waitingUser, body);
      expect(waiting).toMatchObject({ status: "waitlisted", waitlist_position: 1 });

      expect((await api.cancel(firstUser, first.id)).status).toBe(200);
      await waitFor(async () => (await api.read(waitingUser, waiting.id)).status === "confirmed", {
        message: "the hidden type's waiting booking promoted",
      });
      expect((await api.ledger(event.id)).seatsTaken).toBe(1);
    });

    test("a booking that joined the waitlist while its type was on sale is promoted after the sales end", async () => {
      const salesEnd = Date.now() + 4000;
      const event = await createBookingEvent(ctx.platform, {
        capacity: 1,
        types: [{ name: "Early bird", quota: 1, sales_end: new Date(salesEnd).toISOString() }],
      });
      const body = { event_id: event.id, ticket_type_id: event.types[0]!.id };
      const firstUser = await newUser(ctx.platform);
      const first = await book(firstUser, body);
      const waitingUser = await newUser(ctx.platform);
      const waiting = await book(waitingUser, body);
      expect([first.status, waiting.status]).toEqual(["confirmed", "waitlisted"]);

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, salesEnd - Date.now() + 200)));
      expect((await api.post(await newUser(ctx.platform), body)).status).toBe(422);
      expect((await api.cancel(firstUser, first.id)).status).toBe(200);
      await waitFor(async () => (await api.read(waitingUser, waiting.id)).status === "confirmed", {
        message: "the early-bird booking promoted after the sales end",
      });
    });

    test("a party of 3 at the head does not block a single behind it; it gets its seats when 3 are free", async () => {
      const event = await createBookingEvent(ctx.platform, { capacity: 4 });
      const singles: { user: User; booking: BookingReply }[] = [];
      for (let i = 0; i < 4; i++) {
        const user = await newUser(ctx.platform);
        singles.push({ user, booking: await book(user, { event_id: event.id }) });
      }
      expect(singles.map((s) => s.booking.status)).toEqual(Array(4).fill("confirmed"));

      const partyUser = await newUser(ctx.platform);
      const party = await book(partyUser, { event_id: event.id, quantity: 3 });
      expect(party).toMatchObject({ status: "waitlisted", waitlist_position: 1 });
      const singleUser = await newUser(ctx.platform);
      const single = await book(singleUser, { event_id: event.id });
      expect(single).toMatchObject({ status: "waitlisted", waitlist_position: 2 });

      // One seat free: the party does not fit, the single behind it does.
      expect((await api.cancel(singles[0]!.user, singles[0]!.booking.id)).status).toBe(200);
      await waitFor(async () => (await api.read(singleUser, single.id)).status === "confirmed", {
        message: "the single promoted past the party",
      });
      expect(await api.read(singleUser, single.id)).toMatchObject({ confirmed_via: "waitlist" });
      expect(await api.read(partyUser, party.id)).toMatchObject({
        status: "waitlisted",
        waitlist_position: 1,
      });

      // Two more free: still not three.
      for (const { user, booking } of singles.slice(1, 3)) {
        expect((await api.cancel(user, booking.id)).status).toBe(200);
      }
      expect((await api.read(partyUser, party.id)).status).toBe("waitlisted");
      expect((await api.ledger(event.id)).seatsTaken).toBe(2);

      // The third: the whole party gets its seats at once.
      expect((await api.cancel(singles[3]!.user, singles[3]!.booking.id)).status).toBe(200);
      await waitFor(async () => (await api.read(partyUser, party.id)).status === "confirmed", {
        message: "the party promoted",
      });
      const promoted = await api.read(partyUser, party.id);
      expect(promoted).toMatchObject({ quantity: 3, confirmed_via: "waitlist" });
      expect(promoted.seats.map((s) => s.status)).toEqual(Array(3).fill("confirmed"));
      expect((await api.ledger(event.id)).seatsTaken).toBe(4);
    });

    test("a newcomer queues behind a waiting entry of the same type that is no larger", async () => {
      const event = await createBookingEvent(ctx.platform, {
        capacity: 3,
        types: [{ name: "Only", quota: 3 }],
      });
      const type = event.types[0]!.id;
      const holder = await newUser(ctx.platform);
      const held = await book(holder, { event_id: event.id, ticket_type_id: type, quantity: 2 });
      expect(held.status).toBe("confirmed");
      // A pair waits (one seat is free).
      const pair = await book(await newUser(ctx.platform), {
        event_id: event.id,
        ticket_type_id: type,
        quantity: 2,
      });
      expect(pair.status).toBe("waitlisted");
      // A larger party goes straight to the line too (the pair would fit first)...
      const trio = await book(await newUser(ctx.platform), {
        event_id: event.id,
        ticket_type_id: type,
        quantity: 3,
      });
      expect(trio).toMatchObject({ status: "waitlisted", waitlist_position: 2 });
      // ...but a single, smaller than anyone waiting, takes the free seat.
      const single = await book(await newUser(ctx.platform), {
        event_id: event.id,
        ticket_type_id: type,
      });
      expect(single.status).toBe("confirmed");
      expect((await api.ledger(event.id)).seatsTaken).toBe(3);
    });
  });
}
