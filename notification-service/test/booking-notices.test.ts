import { randomUUID } from "node:crypto";
import { TOPICS } from "@turnout/contracts";
import {
  registrationConfirmedEvent,
  userRegisteredEvent,
  waitFor,
  waitForMail,
} from "@turnout/test-kit";
import {
  cancelledEvent,
  disconnectPublisher,
  parisSnapshot,
  publish,
  waitlistedEvent,
} from "./helpers/events";
import { startTestService, type TestService } from "./helpers/test-service";

// Registration messages of party bookings (docs/booking-model.md, "Messages") through the real
// broker, the consumer and the SMTP capture: the mail and the inbox name the ticket type, the
// number of seats and the seats' names, quoted; a message without them reads as before.

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ consumer: true, mailSender: true });
});
afterAll(async () => {
  await disconnectPublisher();
  await t.close();
});

const snapshot = parisSnapshot;

const booking = {
  ticket_type_id: randomUUID(),
  ticket_type_name: "VIP <Balcony>",
  quantity: 2,
  seats: [
    { id: randomUUID(), attendee_name: null },
    { id: randomUUID(), attendee_name: "Ada\nLovelace <b>" },
  ],
};
const sentence =
  "Booking: 2 seats of the ticket type \u201cVIP <Balcony>\u201d for \u201cAda Lovelace <b>\u201d.";

async function newUser() {
  const registered = userRegisteredEvent();
  await publish(TOPICS.userRegistered, registered);
  await waitFor(
    async () =>
      (await t.db.recipient.findUnique({ where: { userId: registered.data.user_id } })) ??
      undefined,
    { timeoutMs: 20_000 },
  );
  return registered.data;
}

const inboxEntry = (sourceEventId: string) =>
  waitFor(
    async () => (await t.db.notification.findFirst({ where: { sourceEventId } })) ?? undefined,
    {
      timeoutMs: 20_000,
      message: "the inbox entry",
    },
  );

test("confirmation, waitlist and cancellation name the ticket type and the seats", async () => {
  const user = await newUser();
  const event = snapshot("Party <Night>");
  const confirmed = registrationConfirmedEvent({ user_id: user.user_id, ...event, ...booking });
  await publish(TOPICS.registrationConfirmed, confirmed);
  const mail = await waitForMail((m) => m.subject.startsWith("You're registered"), {
    to: user.email,
  });
  expect(mail.text).toContain(`Your seat for Party <Night> is confirmed. ${sentence}`);
  expect(mail.text).toContain("\nTicket type: \u201cVIP <Balcony>\u201d\n");
  expect(mail.text).toContain("\nSeats: 2\n");
  expect(mail.text).toContain("\nNames on the seats: \u201cAda Lovelace <b>\u201d\n");
  // No line of the text starts with what was typed as a seat's name.
  expect(mail.text.split("\n").some((line) => line.startsWith("Lovelace"))).toBe(false);
  expect(mail.html).toContain("\u201cAda Lovelace &lt;b&gt;\u201d");
  expect(mail.html).not.toContain("<b>");
  const entry = await inboxEntry(confirmed.id);
  expect(entry.body).toContain(sentence);
  expect(entry.data).toMatchObject({
    quantity: 2,
    ticket_type_name: "VIP <Balcony>",
    seat_names: ["Ada Lovelace <b>"],
  });

  const waiting = await newUser();
  const waitlisted = waitlistedEvent(waiting.user_id, event);
  Object.assign(waitlisted.data, booking);
  await publish(TOPICS.registrationWaitlisted, waitlisted);
  const waitMail = await waitForMail((m) => m.subject.includes("waitlist"), { to: waiting.email });
  expect(waitMail.text).toContain(sentence);
  expect((await inboxEntry(waitlisted.id)).body).toContain(sentence);

  const cancelled = cancelledEvent(user.user_id, event, confirmed.data.registration_id);
  Object.assign(cancelled.data, { ...booking, quantity: 1, seats: booking.seats.slice(0, 1) });
  await publish(TOPICS.registrationCancelled, cancelled);
  const cancelMail = await waitForMail((m) => m.subject.includes("cancelled"), { to: user.email });
  expect(cancelMail.text).toContain(
    "Booking: 1 seat of the ticket type \u201cVIP <Balcony>\u201d.",
  );
  expect((await inboxEntry(cancelled.id)).body).toContain("Booking: 1 seat");
});

test("a message without booking fields is mailed and filed exactly as before", async () => {
  const user = await newUser();
  const confirmed = registrationConfirmedEvent({ user_id: user.user_id, title: "Plain Night" });
  await publish(TOPICS.registrationConfirmed, confirmed);
  const mail = await waitForMail((m) => m.subject.includes("Plain Night"), { to: user.email });
  expect(mail.text).toContain("Your seat for Plain Night is confirmed.\n");
  expect(mail.text).not.toContain("Booking:");
  expect(mail.text).not.toContain("Seats:");
  const entry = await inboxEntry(confirmed.id);
  expect(entry.body).toBe("Your seat for Plain Night is confirmed.");
  expect(entry.data).not.toHaveProperty("quantity");
});
