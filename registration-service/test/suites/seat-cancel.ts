import { waitFor } from "@turnout/test-kit";
import { newUser, readEvent } from "../helpers/platform";
import { createSeatEvent, seatApi, userWithEmail } from "../helpers/seat-api";
import type { SuiteContext } from "../helpers/suite-context";

/** `DELETE /registrations/{id}/seats/{seat_id}` and the seat-change deadline. */
export function seatCancelTests(ctx: SuiteContext): void {
  describe("cancelling one seat", () => {
    const api = seatApi(ctx);

    test("cancelling one seat of three frees exactly one seat in the ledger", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 10 });
      const user = await newUser(ctx.platform);
      const booking = await api.book(user, event.id, 3);
      expect(booking).toMatchObject({ status: "confirmed", quantity: 3 });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(3);

      const seat = booking.seats[1]!;
      const res = await api.cancelSeat(user, booking.id, seat.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: booking.id, status: "confirmed", quantity: 2 });
      const seats = (res.body as typeof booking).seats;
      expect(seats.find((s) => s.id === seat.id)?.status).toBe("cancelled");
      expect(seats.filter((s) => s.status !== "cancelled")).toHaveLength(2);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(2);

      // Once only.
      const again = await api.cancelSeat(user, booking.id, seat.id);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: "already_cancelled" });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(2);
    });

    test("the freed seat goes to the earliest waiting entry it fits: a single behind a pair", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 3 });
      const [holder, pair, single] = [
        await newUser(ctx.platform),
        await newUser(ctx.platform),
        await newUser(ctx.platform),
      ];
      const booking = await api.book(holder, event.id, 3);
      const waitingPair = await api.book(pair, event.id, 2);
      const waitingSingle = await api.book(single, event.id, 1);
      expect([waitingPair.status, waitingSingle.status]).toEqual(["waitlisted", "waitlisted"]);

      expect((await api.cancelSeat(holder, booking.id, booking.seats[0]!.id)).status).toBe(200);
      await waitFor(async () => (await api.read(single, waitingSingle.id)).status === "confirmed", {
        message: "the single promoted",
      });
      // One seat came free, not the holder's three: the pair still waits.
      expect(await api.read(pair, waitingPair.id)).toMatchObject({ status: "waitlisted" });
      expect(await api.read(holder, booking.id)).toMatchObject({ quantity: 2 });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(3);
    });

    test("cancelling the last seat cancels the booking", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 5 });
      const user = await newUser(ctx.platform);
      const booking = await api.book(user, event.id, 2);
      expect((await api.cancelSeat(user, booking.id, booking.seats[0]!.id)).status).toBe(200);
      const last = await api.cancelSeat(user, booking.id, booking.seats[1]!.id);
      expect(last.status).toBe(200);
      expect(last.body).toMatchObject({ id: booking.id, status: "cancelled", quantity: 1 });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(0);
      const row = await ctx.testApp.db.registration.findUnique({ where: { id: booking.id } });
      expect(row?.cancelReason).toBe("attendee_cancelled");
    });

    test("concurrent cancels of every seat and of the booking free each seat once", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 10 });
      const user = await newUser(ctx.platform);
      const booking = await api.book(user, event.id, 3);
      const replies = await Promise.all([
        ...booking.seats.map((seat) => api.cancelSeat(user, booking.id, seat.id)),
        api.cancel(user, booking.id),
      ]);
      for (const reply of replies) expect([200, 409]).toContain(reply.status);
      expect(await api.read(user, booking.id)).toMatchObject({ status: "cancelled" });
      await waitFor(async () => (await readEvent(ctx.platform, event.id)).seats_taken === 0, {
        message: "every seat released",
      });
      expect(await ctx.testApp.db.seatRelease.count({ where: { eventId: event.id } })).toBe(0);
    });

    test("a waitlisted party gets smaller without touching the ledger", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 1 });
      const [holder, party] = [await newUser(ctx.platform), await newUser(ctx.platform)];
      await api.book(holder, event.id, 1);
      const waiting = await api.book(party, event.id, 3);
      expect(waiting.status).toBe("waitlisted");
      const res = await api.cancelSeat(party, waiting.id, waiting.seats[2]!.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: "waitlisted", quantity: 2 });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);
    });

    test("someone else's seat is not found; an unknown seat is seat_not_found", async () => {
      const { event } = await createSeatEvent(ctx.platform, { capacity: 5 });
      const [user, stranger] = [await newUser(ctx.platform), await newUser(ctx.platform)];
      const booking = await api.book(user, event.id, 2);
      const foreign = await api.cancelSeat(stranger, booking.id, booking.seats[0]!.id);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toMatchObject({ code: "registration_not_found" });
      const unknown = await api.cancelSeat(user, booking.id, stranger.id);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: "seat_not_found" });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(2);
    });

    test("after seat_changes_until the attendee may not cancel or offer a seat; the organizer may cancel", async () => {
      const { event, organizer } = await createSeatEvent(ctx.platform, {
        capacity: 5,
        seatChangesUntil: new Date(Date.now() + 3_000),
      });
      const user = await newUser(ctx.platform);
      const recipient = await userWithEmail(ctx);
      const booking = await api.book(user, event.id, 3);
      const early = await api.offer(user, booking.id, booking.seats[2]!.id, recipient.email);
      expect(early.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 3_500));

      const late = await api.accept(recipient, (early.body as { id: string }).id);
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ code: "seat_changes_closed" });

      const refused = await api.cancelSeat(user, booking.id, booking.seats[0]!.id);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: "seat_changes_closed" });
      const offer = await api.offer(user, booking.id, booking.seats[0]!.id, recipient.email);
      expect(offer.status).toBe(409);
      expect(offer.body).toMatchObject({ code: "seat_changes_closed" });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(3);

      const byOrganizer = await api.cancelSeat(organizer, booking.id, booking.seats[0]!.id);
      expect(byOrganizer.status).toBe(200);
      expect(byOrganizer.body).toMatchObject({ quantity: 2 });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(2);
      // Cancelling the whole booking keeps its earlier rules.
      expect((await api.cancel(user, booking.id)).status).toBe(200);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(0);
    });
  });
}
