import { registrationCancelledV1, registrationSeatsChangedV1, TOPICS } from "@turnout/contracts";
import { readTopics, waitFor, type TopicReader } from "@turnout/test-kit";
import { newUser } from "../helpers/platform";
import { createSeatEvent, seatApi, userWithEmail, type Booking } from "../helpers/seat-api";
import { messagesFor, type SuiteContext } from "../helpers/suite-context";

/**
 * `registration-seats-changed`: a booking that keeps other seats announces the one it lost (a
 * cancelled seat, a seat given away), once; a booking that loses its last seat ends instead.
 */
export function seatsChangedTests(ctx: SuiteContext): void {
  describe("announcing a booking's seat changes", () => {
    const api = seatApi(ctx);
    const topic = TOPICS.registrationSeatsChanged;
    let reader: TopicReader | undefined;
    beforeAll(async () => {
      reader = await readTopics([topic]);
    });
    afterAll(async () => {
      await reader?.stop();
    });

    const changesOf = (registrationId: string) =>
      messagesFor({ ...ctx, reader: reader! }, topic, registrationId).map((raw) =>
        registrationSeatsChangedV1.envelope.parse(raw),
      );
    const changes = async (registrationId: string, count: number) => {
      await waitFor(() => changesOf(registrationId).length >= count, {
        message: `${count} seats-changed for ${registrationId}`,
      });
      return changesOf(registrationId);
    };
    const activeSeats = (booking: Booking, without: string[]) =>
      booking.seats
        .filter((seat) => !without.includes(seat.id))
        .map((seat) => ({ id: seat.id, attendee_name: seat.attendee_name }));
    /** A later seats-changed of another booking: what was written before it has been relayed. */
    const sentinel = async (eventId: string) => {
      const user = await newUser(ctx.platform);
      const booking = await api.book(user, eventId, 2);
      expect((await api.cancelSeat(user, booking.id, booking.seats[0]!.id)).status).toBe(200);
      await changes(booking.id, 1);
    };

    test("a seat cancelled by the attendee, then by the organizer: one message each, with who and what is left", async () => {
      const { event, organizer } = await createSeatEvent(ctx.platform, { capacity: 10 });
      const user = await newUser(ctx.platform);
      const booking = await api.book(user, event.id, 3);
      const [first, second] = [booking.seats[1]!.id, booking.seats[0]!.id];

      expect((await api.cancelSeat(user, booking.id, first)).status).toBe(200);
      const [byAttendee] = await changes(booking.id, 1);
      expect(byAttendee!.subject).toBe(booking.id);
      expect(byAttendee!.data).toEqual({
        registration_id: booking.id,
        event_id: event.id,
        user_id: user.id,
        status: "confirmed",
        ticket_type_id: expect.any(String),
        ticket_type_name: expect.any(String),
        quantity: 2,
        seats: activeSeats(booking, [first]),
        change: "seat_cancelled",
        seat_id: first,
        reason: "attendee_cancelled",
        changed_at: expect.any(String),
        title: event.title,
        starts_at: expect.any(String),
        ends_at: expect.any(String),
        timezone: "Europe/Berlin",
        location: "Test Hall, Berlin",
        reminder_lead_minutes: 1440,
        organizer_id: organizer.id,
      });

      expect((await api.cancelSeat(organizer, booking.id, second)).status).toBe(200);
      const all = await changes(booking.id, 2);
      expect(all).toHaveLength(2);
      expect(all[1]!.data).toMatchObject({
        quantity: 1,
        seats: activeSeats(booking, [first, second]),
        seat_id: second,
        reason: "organizer_cancelled",
      });
      // A refused cancel (the seat is gone) writes nothing.
      expect((await api.cancelSeat(user, booking.id, first)).status).toBe(409);
      await sentinel(event.id);
      expect(changesOf(booking.id)).toHaveLength(2);
    });

    test("a waitlisted party that gets smaller announces it, still waitlisted", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 1 });
      const [holder, party] = [await newUser(ctx.platform), await newUser(ctx.platform)];
      await api.book(holder, event.id, 1);
      const waiting = await api.book(party, event.id, 3);
      expect(waiting.status).toBe("waitlisted");
      const seat = waiting.seats[2]!.id;
      expect((await api.cancelSeat(party, waiting.id, seat)).status).toBe(200);
      const [message] = await changes(waiting.id, 1);
      expect(message!.data).toMatchObject({
        status: "waitlisted",
        quantity: 2,
        seats: activeSeats(waiting, [seat]),
        change: "seat_cancelled",
        seat_id: seat,
        reason: "attendee_cancelled",
      });
    });

    test("a seat given away from a booking that keeps others: one seat_transferred message for the sender", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 3 });
      const sender = await userWithEmail(ctx);
      const recipient = await userWithEmail(ctx);
      const booking = await api.book(sender, event.id, 3);
      const seat = booking.seats[1]!.id;
      const offered = await api.offer(sender, booking.id, seat, recipient.email);
      expect(offered.status).toBe(201);
      const accepted = await api.accept(recipient, (offered.body as { id: string }).id);
      expect(accepted.status).toBe(201);
      const received = accepted.body as Booking;

      const [message] = await changes(booking.id, 1);
      expect(message!.data).toMatchObject({
        registration_id: booking.id,
        user_id: sender.id,
        status: "confirmed",
        quantity: 2,
        seats: activeSeats(booking, [seat]),
        change: "seat_transferred",
        seat_id: seat,
        reason: "seat_transferred",
      });
      await sentinel(event.id);
      expect(changesOf(booking.id)).toHaveLength(1);
      // The recipient's booking is announced by registration-confirmed, not as a change.
      expect(changesOf(received.id)).toHaveLength(0);
      expect(messagesFor(ctx, TOPICS.registrationCancelled, booking.id)).toHaveLength(0);
    });

    test("cancelling the last seat writes registration-cancelled and no seats-changed", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 10 });
      const user = await newUser(ctx.platform);
      const booking = await api.book(user, event.id, 2);
      expect((await api.cancelSeat(user, booking.id, booking.seats[0]!.id)).status).toBe(200);
      const last = await api.cancelSeat(user, booking.id, booking.seats[1]!.id);
      expect(last.body).toMatchObject({ status: "cancelled" });

      await waitFor(() => messagesFor(ctx, TOPICS.registrationCancelled, booking.id).length > 0, {
        message: "registration-cancelled for the booking",
      });
      const [cancelled] = messagesFor(ctx, TOPICS.registrationCancelled, booking.id);
      expect(registrationCancelledV1.envelope.parse(cancelled).data).toMatchObject({
        reason: "attendee_cancelled",
        quantity: 1,
      });
      await sentinel(event.id);
      // Only the first cancel (the booking kept a seat) was a change.
      expect(changesOf(booking.id).map((m) => m.data.seat_id)).toEqual([booking.seats[0]!.id]);
    });
  });
}
