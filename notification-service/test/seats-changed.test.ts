import { randomUUID } from "node:crypto";
import { createEvent, registrationSeatsChangedV1, TOPICS } from "@turnout/contracts";
import { capturedMail, userRegisteredEvent, waitFor, waitForMail } from "@turnout/test-kit";
import {
  cancelledEvent,
  disconnectPublisher,
  parisSnapshot,
  publish,
  settingsChangedEvent,
  type Snapshot,
} from "./helpers/events";
import { startTestService, type TestService } from "./helpers/test-service";

// `registration-seats-changed` (docs/booking-model.md, "Messages") through the real broker, the
// consumer and the SMTP capture: the booking's owner is told which seat left and what is left,
// by their settings, with the names quoted; a booking already cancelled tells nobody.

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ consumer: true, mailSender: true });
});
afterAll(async () => {
  await disconnectPublisher();
  await t.close();
});

const snapshot = parisSnapshot;

const seatsChangedEvent = (
  userId: string,
  event: Snapshot,
  change: { change: string; reason: string; status?: string; registrationId?: string },
) =>
  createEvent(registrationSeatsChangedV1, {
    source: "/turnout/registration-service",
    data: {
      registration_id: change.registrationId ?? randomUUID(),
      user_id: userId,
      status: change.status ?? "confirmed",
      ticket_type_id: randomUUID(),
      ticket_type_name: "VIP <Balcony>",
      quantity: 2,
      seats: [
        { id: randomUUID(), attendee_name: null },
        { id: randomUUID(), attendee_name: "Ada\nLovelace <b>" },
      ],
      change: change.change,
      seat_id: randomUUID(),
      reason: change.reason,
      changed_at: new Date().toISOString(),
      ...event,
    },
  });

async function newUser(settings?: { email: boolean; in_app: boolean }) {
  const registered = userRegisteredEvent();
  const user = registered.data;
  await publish(TOPICS.userRegistered, registered);
  if (settings) {
    await publish(TOPICS.userSettingsChanged, settingsChangedEvent(user.user_id, settings));
  }
  await waitFor(
    async () => {
      const r = await t.db.recipient.findUnique({ where: { userId: user.user_id } });
      return r !== null && (settings === undefined || r.settingsAt !== null);
    },
    { timeoutMs: 20_000, message: "the recipient" },
  );
  return user;
}

const inboxEntry = (sourceEventId: string) =>
  waitFor(
    async () => (await t.db.notification.findFirst({ where: { sourceEventId } })) ?? undefined,
    { timeoutMs: 20_000, message: "the inbox entry" },
  );

test("a cancelled seat is mailed and filed: which booking, what is left, the names quoted", async () => {
  const user = await newUser();
  const message = seatsChangedEvent(user.user_id, snapshot("Party <Night>"), {
    change: "seat_cancelled",
    reason: "attendee_cancelled",
  });
  await publish(TOPICS.registrationSeatsChanged, message);
  const subject = "One seat of your booking for \u201cParty <Night>\u201d was cancelled";
  const body = `${subject} \u2014 you now hold 2 seats of \u201cVIP <Balcony>\u201d.`;
  const mail = await waitForMail((m) => m.subject === subject, { to: user.email });
  expect(mail.text).toContain(body);
  expect(mail.text).toContain("\nTicket type: \u201cVIP <Balcony>\u201d\n");
  expect(mail.text).toContain("\nSeats: 2\n");
  expect(mail.text).toContain("\nNames on the seats: \u201cAda Lovelace <b>\u201d\n");
  expect(mail.text.split("\n").some((line) => line.startsWith("Lovelace"))).toBe(false);
  expect(mail.html).toContain("\u201cAda Lovelace &lt;b&gt;\u201d");
  expect(mail.html).not.toContain("<b>");

  const entry = await inboxEntry(message.id);
  expect(entry).toMatchObject({ userId: user.user_id, type: "seats_changed", title: subject });
  expect(entry.body).toBe(body);
  expect(entry.data).toMatchObject({
    registration_id: message.data.registration_id,
    change: "seat_cancelled",
    seat_id: message.data.seat_id,
    reason: "attendee_cancelled",
    quantity: 2,
    ticket_type_name: "VIP <Balcony>",
    seat_names: ["Ada Lovelace <b>"],
  });
  const row = await t.db.outboundMail.findFirst({ where: { sourceEventId: message.id } });
  expect(row).toMatchObject({ kind: "seats_changed", userId: user.user_id });
});

test("a seat given away, and one the organizer cancelled in a waiting party, say so", async () => {
  const user = await newUser();
  const event = snapshot("Transfer Night");
  const given = seatsChangedEvent(user.user_id, event, {
    change: "seat_transferred",
    reason: "seat_transferred",
  });
  await publish(TOPICS.registrationSeatsChanged, given);
  const subject =
    "One seat of your booking for \u201cTransfer Night\u201d was given to someone else";
  const mail = await waitForMail((m) => m.subject === subject, { to: user.email });
  expect(mail.text).toContain(
    `${subject} \u2014 you now hold 2 seats of \u201cVIP <Balcony>\u201d.`,
  );

  const waiting = await newUser();
  const cut = seatsChangedEvent(waiting.user_id, event, {
    change: "seat_cancelled",
    reason: "organizer_cancelled",
    status: "waitlisted",
  });
  await publish(TOPICS.registrationSeatsChanged, cut);
  expect((await inboxEntry(cut.id)).body).toBe(
    "One seat of your booking for \u201cTransfer Night\u201d was cancelled \u2014 you are now " +
      "waiting for 2 seats of \u201cVIP <Balcony>\u201d. The organizer cancelled it.",
  );
});

test("the owner's settings hold: email off files only the inbox entry", async () => {
  const user = await newUser({ email: false, in_app: true });
  const message = seatsChangedEvent(user.user_id, snapshot("Quiet Night"), {
    change: "seat_cancelled",
    reason: "attendee_cancelled",
  });
  await publish(TOPICS.registrationSeatsChanged, message);
  await inboxEntry(message.id);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await t.db.outboundMail.count({ where: { userId: user.user_id } })).toBe(0);
  expect(await capturedMail({ to: user.email })).toEqual([]);
});

test("a booking already known to have ended tells nobody of a seat change", async () => {
  const user = await newUser();
  const event = snapshot("Ended Night");
  const registrationId = randomUUID();
  const cancelled = cancelledEvent(user.user_id, event, registrationId);
  await publish(TOPICS.registrationCancelled, cancelled);
  await inboxEntry(cancelled.id);

  const late = seatsChangedEvent(user.user_id, event, {
    change: "seat_cancelled",
    reason: "attendee_cancelled",
    registrationId,
  });
  await publish(TOPICS.registrationSeatsChanged, late);
  // Handled once a later message is, give or take the other partitions' pace.
  const after = seatsChangedEvent(user.user_id, snapshot("Other Night"), {
    change: "seat_cancelled",
    reason: "attendee_cancelled",
    registrationId: randomUUID(),
  });
  await publish(TOPICS.registrationSeatsChanged, after);
  await inboxEntry(after.id);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await t.db.notification.count({ where: { sourceEventId: late.id } })).toBe(0);
  expect(await t.db.outboundMail.count({ where: { sourceEventId: late.id } })).toBe(0);
});
