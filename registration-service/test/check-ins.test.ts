import { decodeProtectedHeader, generateKeyPair } from "jose";
import request from "supertest";
import { TOPICS } from "@turnout/contracts";
import { signTicket } from "@turnout/kit";
import { waitFor } from "@turnout/test-kit";
import { bookSeats, checkInApi, ticketFor } from "./helpers/check-in-api";
import { createEvent, newUser } from "./helpers/platform";
import { seatApi, userWithEmail } from "./helpers/seat-api";
import { messagesFor, useSuiteContext } from "./helpers/suite-context";
import { calendarTests } from "./suites/calendar";
import { checkInLockTests } from "./suites/check-in-locks";
import { checkInStreamTests } from "./suites/check-in-stream";
import { ticketCodeTests } from "./suites/ticket-codes";
import { ticketRotationTests } from "./suites/ticket-rotation";

// Tickets over the real stack (docs/tickets.md), one platform for the file: the codes in replies
// (suites/ticket-codes.ts), calendar files (suites/calendar.ts), and scanning at the door: the
// order of the checks, refused tickets, helpers, the offline state and the stats; a key rotation
// (suites/ticket-rotation.ts); the live stream across two app instances (suites/check-in-stream.ts).
const ctx = useSuiteContext({ settings: { publicUrl: "https://turnout.test" } });
const api = checkInApi(() => ctx.testApp.app);
const seats = seatApi(ctx);

const MINUTE = 60_000;
const bucketOf = (at: Date) => new Date(Math.floor(at.getTime() / (10 * MINUTE)) * 10 * MINUTE);

test("a ticket checks its seat in once; the second scan is 409 naming the first scan's time and gate", async () => {
  const { event, organizer } = await createEvent(ctx.platform, { capacity: 5 });
  const attendee = await newUser(ctx.platform);
  const booking = await bookSeats(ctx, attendee, event.id, ["Ada", "Grace"]);
  const [first, second] = booking.seats;
  const code = await ticketFor(ctx, booking, first!, event.id);

  const scanned = await api.scan(organizer, { ticket_code: code, gate: " North door " });
  expect(scanned.status).toBe(200);
  expect(scanned.body).toMatchObject({
    seat_id: first!.id,
    registration_id: booking.id,
    event_id: event.id,
    holder_name: "Ada",
    ticket_type_id: booking.ticket_type_id,
    ticket_type_name: "General admission",
    seat_position: 1,
    gate: "North door",
  });
  const again = await api.scan(organizer, { ticket_code: code, gate: "South door" });
  expect(again.status).toBe(409);
  expect(again.body).toMatchObject({
    code: "already_checked_in",
    checked_in_at: (scanned.body as { checked_in_at: string }).checked_in_at,
    gate: "North door",
  });
  // The first seat set the booking's field; one message per seat, with the seat and the gate.
  expect((await seats.read(attendee, booking.id)) as unknown).toMatchObject({
    checked_in_at: (scanned.body as { checked_in_at: string }).checked_in_at,
  });
  const secondCode = await ticketFor(ctx, booking, second!, event.id);
  expect((await api.scan(organizer, { ticket_code: secondCode })).status).toBe(200);
  await waitFor(() => messagesFor(ctx, TOPICS.registrationCheckedIn, booking.id).length >= 2, {
    timeoutMs: 15_000,
    message: "two registration-checked-in messages",
  });
  const data = messagesFor(ctx, TOPICS.registrationCheckedIn, booking.id).map(
    (m) => (m as { data: Record<string, unknown> }).data,
  );
  expect(data).toEqual([
    expect.objectContaining({
      seat_id: first!.id,
      gate: "North door",
      checked_in_by: organizer.id,
    }),
    expect.objectContaining({ seat_id: second!.id, gate: null, checked_in_by: organizer.id }),
  ]);
});

test("forged, altered, cancelled and transferred tickets are 422 invalid_ticket; the new holder's scans", async () => {
  const { event, organizer } = await createEvent(ctx.platform, { capacity: 5 });
  const sender = await newUser(ctx.platform);
  const recipient = await userWithEmail(ctx);
  const booking = await bookSeats(ctx, sender, event.id, ["Ada", "Grace", "Alan"]);
  const [kept, cancelled, moved] = booking.seats;
  const code = await ticketFor(ctx, booking, kept!, event.id);

  // Signed by another key under the real key's id.
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const payload = JSON.parse(
    Buffer.from(code.split(".")[1]!, "base64url").toString(),
  ) as Parameters<typeof signTicket>[0];
  const forged = await signTicket(payload, {
    kid: decodeProtectedHeader(code).kid!,
    alg: "EdDSA",
    privateKey,
  });
  // One character of the payload changed.
  const parts = code.split(".");
  const i = Math.floor(parts[1]!.length / 2);
  parts[1] = parts[1]!.slice(0, i) + (parts[1]![i] === "A" ? "B" : "A") + parts[1]!.slice(i + 1);
  const altered = parts.join(".");
  for (const ticket of [forged, altered, "not-a-ticket"]) {
    const res = await api.scan(organizer, { ticket_code: ticket });
    expect([res.status, (res.body as { code: string }).code]).toEqual([422, "invalid_ticket"]);
  }
  // A bad code is 422 before anything else; a good one by a stranger is 403.
  const stranger = await newUser(ctx.platform, ["attendee", "organizer"]);
  expect((await api.scan(stranger, { ticket_code: forged })).status).toBe(422);
  expect((await api.scan(stranger, { ticket_code: code })).status).toBe(403);

  const cancelledCode = await ticketFor(ctx, booking, cancelled!, event.id);
  expect((await seats.cancelSeat(sender, booking.id, cancelled!.id)).status).toBe(200);
  const movedCode = await ticketFor(ctx, booking, moved!, event.id);
  const offer = await seats.offer(sender, booking.id, moved!.id, recipient.email);
  const received = await seats.accept(recipient, (offer.body as { id: string }).id);
  expect(received.status).toBe(201);
  for (const ticket of [cancelledCode, movedCode]) {
    const res = await api.scan(organizer, { ticket_code: ticket });
    expect([res.status, (res.body as { code: string }).code]).toEqual([422, "invalid_ticket"]);
  }
  const newBooking = received.body as { id: string; ticket_type_id: string | null };
  const newCode = await ticketFor(ctx, newBooking, moved!, event.id);
  expect((await api.scan(organizer, { ticket_code: newCode })).status).toBe(200);

  // The offline state lists the cancelled seat as void and the moved one with its new booking.
  const state = await api.eventGet(organizer, event.id, "check-in-state");
  expect(state.status).toBe(200);
  expect(state.body).toMatchObject({
    event: { id: event.id },
    void_seat_ids: [cancelled!.id],
    moved_seats: [{ seat_id: moved!.id, registration_id: newBooking.id }],
    check_ins: [{ seat_id: moved!.id, gate: null }],
  });
});

test("helpers: named by email, may scan and watch but not manage; revoked, they are refused", async () => {
  const { event, organizer } = await createEvent(ctx.platform, { capacity: 5 });
  const helper = await userWithEmail(ctx);
  const attendee = await newUser(ctx.platform);
  const booking = await bookSeats(ctx, attendee, event.id, ["Ada", "Grace"]);
  const codes = await Promise.all(booking.seats.map((s) => ticketFor(ctx, booking, s, event.id)));

  expect((await api.scan(helper, { ticket_code: codes[0] })).status).toBe(403);
  const unknown = await api.nameHelper(organizer, event.id, "nobody-here@example.test");
  expect([unknown.status, (unknown.body as { code: string }).code]).toEqual([
    422,
    "unknown_account",
  ]);
  expect((await api.nameHelper(attendee, event.id, helper.email)).status).toBe(403);
  const named = await api.nameHelper(organizer, event.id, helper.email.toUpperCase());
  expect(named.status).toBe(201);
  expect(named.body).toMatchObject({ user_id: helper.id, email: helper.email });
  expect((await api.nameHelper(organizer, event.id, helper.email)).status).toBe(200);
  expect((await api.eventGet(organizer, event.id, "check-in-helpers")).body).toEqual([
    expect.objectContaining({ user_id: helper.id }),
  ]);

  expect((await api.scan(helper, { ticket_code: codes[0], gate: "Side" })).status).toBe(200);
  expect((await api.eventGet(helper, event.id, "check-in-state")).status).toBe(200);
  expect((await api.eventGet(helper, event.id, "check-in-stats")).status).toBe(200);
  expect((await api.eventGet(helper, event.id, "check-in-helpers")).status).toBe(403);
  expect(
    (
      await request(ctx.testApp.app)
        .get(`/api/v1/registrations/events/${event.id}`)
        .set("Authorization", `Bearer ${helper.token}`)
    ).status,
  ).toBe(403);
  const mine = (await api.scanEvents(helper)).body as { event_id: string; role: string }[];
  expect(mine).toEqual([expect.objectContaining({ event_id: event.id, role: "helper" })]);
  expect(
    ((await api.scanEvents(organizer)).body as { event_id: string; role: string }[]).find(
      (e) => e.event_id === event.id,
    ),
  ).toMatchObject({ role: "organizer" });

  expect((await api.revokeHelper(organizer, event.id, helper.id)).status).toBe(204);
  expect((await api.scan(helper, { ticket_code: codes[1] })).status).toBe(403);
  expect((await api.eventGet(helper, event.id, "check-in-state")).status).toBe(403);
  expect((await api.scanEvents(helper)).body).toEqual([]);
});

test("stats count checked in against confirmed per type and arrivals per 10 minutes; the old route checks in every seat", async () => {
  const { event, organizer } = await createEvent(ctx.platform, { capacity: 10 });
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => newUser(ctx.platform)));
  const scanned = await bookSeats(ctx, a!, event.id, ["A1", "A2", "A3"]);
  const whole = await bookSeats(ctx, b!, event.id, ["B1", "B2"]);
  await bookSeats(ctx, c!, event.id, ["C1"]);
  const now = Date.now();
  const times = [now - 25 * MINUTE, now - 24 * MINUTE, now];
  for (const [i, seat] of scanned.seats.entries()) {
    const code = await ticketFor(ctx, scanned, seat, event.id);
    const at = new Date(times[i]!).toISOString();
    expect((await api.scan(organizer, { ticket_code: code, scanned_at: at })).status).toBe(200);
  }
  const tooOld = await api.scan(organizer, {
    ticket_code: await ticketFor(ctx, whole, whole.seats[0]!, event.id),
    scanned_at: new Date(now - 8 * 86_400_000).toISOString(),
  });
  expect(tooOld.status).toBe(400);
  const checkIn = await request(ctx.testApp.app)
    .post(`/api/v1/registrations/${whole.id}/check-in`)
    .set("Authorization", `Bearer ${organizer.token}`);
  expect(checkIn.status).toBe(200);

  const stats = await api.eventGet(organizer, event.id, "check-in-stats");
  expect(stats.status).toBe(200);
  const body = stats.body as {
    confirmed: number;
    checked_in: number;
    ticket_types: { id: string; confirmed: number; checked_in: number }[];
    arrivals: { from: string; count: number }[];
  };
  expect([body.confirmed, body.checked_in]).toEqual([6, 5]);
  expect(body.ticket_types).toEqual([
    expect.objectContaining({ id: scanned.ticket_type_id, confirmed: 6, checked_in: 5 }),
  ]);
  // Every bucket from the first to the last, empty ones included; the whole booking's two seats
  // arrived now with the last scan.
  const first = bucketOf(new Date(times[0]!)).getTime();
  const last = bucketOf(
    new Date((checkIn.body as { checked_in_at: string }).checked_in_at),
  ).getTime();
  expect(body.arrivals.map((r) => new Date(r.from).getTime())).toEqual(
    Array.from({ length: (last - first) / (10 * MINUTE) + 1 }, (_, k) => first + k * 10 * MINUTE),
  );
  expect(body.arrivals.reduce((sum, r) => sum + r.count, 0)).toBe(5);
  expect(body.arrivals[0]!.count).toBe(bucketOf(new Date(times[1]!)).getTime() === first ? 2 : 1);
});

ticketCodeTests(ctx);
calendarTests(ctx);
ticketRotationTests(ctx);
checkInLockTests(ctx);
checkInStreamTests(ctx);
