import { registrationCancelledV1, registrationConfirmedV1, TOPICS } from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { newUser, readEvent } from "../helpers/platform";
import { createSeatEvent, seatApi, userWithEmail, type Booking } from "../helpers/seat-api";
import { messagesFor, type SuiteContext } from "../helpers/suite-context";

interface Transfer {
  id: string;
  registration_id: string;
  seat_id: string;
  event_id: string;
  email: string;
  status: string;
}

/** Offering a seat by email, accepting it from the account, withdrawing it. */
export function seatTransferTests(ctx: SuiteContext): void {
  describe("transferring a seat", () => {
    const api = seatApi(ctx);

    test("an accepted transfer moves the seat on a sold-out event; the ledger counts do not move", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 2 });
      const sender = await userWithEmail(ctx);
      const recipient = await userWithEmail(ctx);
      const stranger = await userWithEmail(ctx);
      const booking = await api.book(sender, event.id, 2);
      expect(booking.status).toBe("confirmed");
      const seat = booking.seats[1]!;

      const offered = await api.offer(sender, booking.id, seat.id, recipient.email.toUpperCase());
      expect(offered.status).toBe(201);
      const offer = offered.body as Transfer;
      expect(offer).toMatchObject({
        registration_id: booking.id,
        seat_id: seat.id,
        event_id: event.id,
        email: recipient.email,
        status: "offered",
      });
      const incoming = await api.incoming(recipient);
      expect((incoming.body as { items: Transfer[] }).items.map((t) => t.id)).toEqual([offer.id]);
      // The sender sees the open offer on the seat when reading the booking again.
      const outgoing = (await api.read(sender, booking.id)) as unknown as {
        seats: { id: string; transfer: unknown }[];
      };
      expect(outgoing.seats.map((s) => s.transfer)).toEqual([
        null,
        { id: offer.id, email: recipient.email, status: "offered", created_at: expect.any(String) },
      ]);
      expect((await api.incoming(stranger)).body).toEqual({ items: [] });

      // Another account cannot accept it, nor tell it exists.
      const wrong = await api.accept(stranger, offer.id);
      expect(wrong.status).toBe(404);
      expect(wrong.body).toMatchObject({ code: "transfer_not_found" });

      const accepted = await api.accept(recipient, offer.id);
      expect(accepted.status).toBe(201);
      const received = accepted.body as Booking;
      expect(received).toMatchObject({
        status: "confirmed",
        quantity: 1,
        transferred_from: booking.id,
      });
      expect(received.seats.map((s) => s.id)).toEqual([seat.id]);
      expect(await api.read(sender, booking.id)).toMatchObject({
        status: "confirmed",
        quantity: 1,
      });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(2);
      expect((await api.incoming(recipient)).body).toEqual({ items: [] });

      await waitFor(() => messagesFor(ctx, TOPICS.registrationConfirmed, received.id).length > 0, {
        message: "registration-confirmed for the recipient",
      });
      const [message] = messagesFor(ctx, TOPICS.registrationConfirmed, received.id);
      expect(registrationConfirmedV1.envelope.parse(message).data).toMatchObject({
        user_id: recipient.id,
        confirmed_via: "direct",
        transferred_from: booking.id,
      });

      // The sender cancels: only the sender's remaining seat goes back; the recipient's stays held.
      expect((await api.cancel(sender, booking.id)).status).toBe(200);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);
      expect(await api.read(recipient, received.id)).toMatchObject({ status: "confirmed" });
      // And the recipient's cancel releases the seat from the sender's hold.
      expect((await api.cancel(recipient, received.id)).status).toBe(200);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(0);
    });

    test("giving away the last seat ends the sender's booking (seat_transferred) and releases nothing", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 1 });
      const sender = await userWithEmail(ctx);
      const recipient = await userWithEmail(ctx);
      const booking = await api.book(sender, event.id, 1);
      const offer = (await api.offer(sender, booking.id, booking.seats[0]!.id, recipient.email))
        .body as Transfer;
      const accepted = await api.accept(recipient, offer.id);
      expect(accepted.status).toBe(201);
      expect(await api.read(sender, booking.id)).toMatchObject({ status: "cancelled" });
      const row = await ctx.testApp.db.registration.findUnique({ where: { id: booking.id } });
      expect(row?.cancelReason).toBe("seat_transferred");
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);
      expect(await ctx.testApp.db.seatRelease.count({ where: { eventId: event.id } })).toBe(0);
      await waitFor(() => messagesFor(ctx, TOPICS.registrationCancelled, booking.id).length > 0, {
        message: "registration-cancelled for the sender",
      });
      const [message] = messagesFor(ctx, TOPICS.registrationCancelled, booking.id);
      expect(registrationCancelledV1.envelope.parse(message).data).toMatchObject({
        reason: "seat_transferred",
        previous_status: "confirmed",
      });
    });

    test("a recipient already registered for the event gets 409 already_registered", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 5 });
      const sender = await userWithEmail(ctx);
      const recipient = await userWithEmail(ctx);
      const booking = await api.book(sender, event.id, 2);
      await api.book(recipient, event.id, 1);
      const offer = (await api.offer(sender, booking.id, booking.seats[0]!.id, recipient.email))
        .body as Transfer;
      const res = await api.accept(recipient, offer.id);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: "already_registered" });
      expect(await api.read(sender, booking.id)).toMatchObject({ quantity: 2 });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(3);
    });

    test("one open offer per seat, none to oneself; withdrawn and cancelled seats' offers cannot be accepted", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 5 });
      const sender = await userWithEmail(ctx);
      const recipient = await userWithEmail(ctx);
      const other = await newUser(ctx.platform);
      const booking = await api.book(sender, event.id, 3);
      const [first, second] = booking.seats;

      const self = await api.offer(sender, booking.id, first!.id, sender.email);
      expect(self.status).toBe(422);
      expect(self.body).toMatchObject({ code: "transfer_to_self" });
      const offer = (await api.offer(sender, booking.id, first!.id, recipient.email))
        .body as Transfer;
      const twice = await api.offer(sender, booking.id, first!.id, "someone@example.test");
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ code: "transfer_pending" });

      expect((await api.withdraw(other, offer.id)).status).toBe(404);
      const withdrawn = await api.withdraw(sender, offer.id);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: "withdrawn" });
      expect((await api.accept(recipient, offer.id)).status).toBe(409);

      // Cancelling a seat voids its open offer.
      const next = (await api.offer(sender, booking.id, second!.id, recipient.email))
        .body as Transfer;
      expect((await api.cancelSeat(sender, booking.id, second!.id)).status).toBe(200);
      expect((await api.incoming(recipient)).body).toEqual({ items: [] });
      expect((await api.accept(recipient, next.id)).status).toBe(409);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(2);
    });
  });
}
