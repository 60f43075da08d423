import { TOPICS } from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { bookingApi, createBookingEvent, type BookingReply } from "../helpers/bookings";
import { newUser } from "../helpers/platform";
import { messagesFor, type SuiteContext } from "../helpers/suite-context";

export function bookingTests(ctx: SuiteContext): void {
  describe("party bookings of a ticket type", () => {
    const api = bookingApi(ctx);

    test("a party books 3 seats of a type: one booking, its seats named, the ledger holds 3 of that type", async () => {
      const event = await createBookingEvent(ctx.platform, {
        capacity: 10,
        types: [
          { name: "Standard", quota: 6 },
          { name: "Student", quota: 6 },
        ],
      });
      const student = event.types[1]!;
      const user = await newUser(ctx.platform);
      const res = await api.post(user, {
        event_id: event.id,
        ticket_type_id: student.id,
        quantity: 3,
        attendees: [{ name: "Ada Lovelace" }, { name: "  Grace   Hopper " }],
      });
      expect(res.status).toBe(201);
      const booking = res.body as BookingReply;
      expect(booking).toMatchObject({
        status: "confirmed",
        quantity: 3,
        ticket_type_id: student.id,
        transferred_from: null,
        answers: {},
      });
      expect(booking.seats.map((s) => [s.attendee_name, s.status])).toEqual([
        ["Ada Lovelace", "confirmed"],
        ["Grace Hopper", "confirmed"],
        [null, "confirmed"],
      ]);
      const ledger = await api.ledger(event.id);
      expect(ledger.seatsTaken).toBe(3);
      expect(ledger.ticketTypes.map((t) => t.seatsTaken)).toEqual([0, 3]);

      // Reads and lists carry the seats too.
      expect((await api.read(user, booking.id)).seats).toEqual(booking.seats);
      expect((await api.mine(user)).find((b) => b.id === booking.id)?.seats).toEqual(booking.seats);

      // The message names the type and the seats (additive fields).
      await waitFor(() => messagesFor(ctx, TOPICS.registrationConfirmed, booking.id).length === 1, {
        message: "registration-confirmed of the party",
      });
      const [message] = messagesFor(ctx, TOPICS.registrationConfirmed, booking.id) as {
        data: Record<string, unknown>;
      }[];
      expect(message!.data).toMatchObject({
        ticket_type_id: student.id,
        ticket_type_name: "Student",
        quantity: 3,
        confirmed_via: "direct",
        seats: booking.seats.map((s) => ({ id: s.id, attendee_name: s.attendee_name })),
      });
    });

    test("an old client's {event_id} books one seat of the default type, as before", async () => {
      const event = await createBookingEvent(ctx.platform, { capacity: 2 });
      const user = await newUser(ctx.platform);
      const res = await api.post(user, { event_id: event.id });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        event_id: event.id,
        user_id: user.id,
        status: "confirmed",
        waitlist_position: null,
        confirmed_via: "direct",
        quantity: 1,
        ticket_type_id: event.types[0]!.id,
      });
      expect((res.body as BookingReply).seats).toHaveLength(1);
    });

    test("all or nothing: a party that does not fit takes no seat and waits as one entry", async () => {
      const event = await createBookingEvent(ctx.platform, {
        capacity: 10,
        types: [{ name: "Small room", quota: 4 }],
      });
      const type = event.types[0]!;
      const first = await api.post(await newUser(ctx.platform), {
        event_id: event.id,
        ticket_type_id: type.id,
        quantity: 3,
      });
      expect(first.body).toMatchObject({ status: "confirmed", quantity: 3 });
      const party = await api.post(await newUser(ctx.platform), {
        event_id: event.id,
        ticket_type_id: type.id,
        quantity: 2,
      });
      expect(party.status).toBe(201);
      expect(party.body).toMatchObject({ status: "waitlisted", waitlist_position: 1, quantity: 2 });
      expect((party.body as BookingReply).seats.map((s) => s.status)).toEqual([
        "waitlisted",
        "waitlisted",
      ]);
      // The one free seat stays free: nothing of the party was held.
      const ledger = await api.ledger(event.id);
      expect([ledger.seatsTaken, ledger.ticketTypes[0]!.seatsTaken]).toEqual([3, 3]);
    });

    test("concurrent bookings of the last seats never oversell a type or the event", async () => {
      const event = await createBookingEvent(ctx.platform, {
        capacity: 10,
        types: [
          { name: "A", quota: 7 },
          { name: "B", quota: 7 },
        ],
      });
      const users = await Promise.all(Array.from({ length: 24 }, () => newUser(ctx.platform)));
      const replies = await Promise.all(
        users.map((user, i) =>
          api.post(user, {
            event_id: event.id,
            ticket_type_id: event.types[i % 2]!.id,
            quantity: 1 + (i % 3),
          }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(users.map(() => 201));
      const bookings = replies.map((r) => r.body as BookingReply);
      const held = bookings.filter((b) => b.status === "confirmed");
      const ledger = await api.ledger(event.id);
      const heldOf = (typeId: string) =>
        held.filter((b) => b.ticket_type_id === typeId).reduce((sum, b) => sum + b.quantity, 0);
      expect(ledger.seatsTaken).toBeLessThanOrEqual(10);
      expect(ledger.seatsTaken).toBe(held.reduce((sum, b) => sum + b.quantity, 0));
      for (const type of ledger.ticketTypes) {
        expect(type.seatsTaken).toBeLessThanOrEqual(7);
        expect(type.seatsTaken).toBe(heldOf(type.id));
      }
      // Everyone else waits, whole.
      for (const booking of bookings.filter((b) => b.status !== "confirmed")) {
        expect(booking.status).toBe("waitlisted");
        expect(booking.seats).toHaveLength(booking.quantity);
      }
    });
  });
}
