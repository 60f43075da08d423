import { randomUUID } from "node:crypto";
import { createEvent, seatOfferedV1, TOPICS } from "@turnout/contracts";
import { uniqueEmail, userRegisteredEvent, waitFor, waitForMail } from "@turnout/test-kit";
import { disconnectPublisher, publish } from "./helpers/events";
import { PUBLIC_URL, startTestService, type TestService } from "./helpers/test-service";

// A seat offered by email (`seat-offered`) through the real broker, the consumer and the SMTP
// capture: the address is mailed how to accept, naming the sender (quoted), the event, the
// ticket type and the seat's name; an address of a known account also gets an inbox entry.

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ consumer: true, mailSender: true });
});
afterAll(async () => {
  await disconnectPublisher();
  await t.close();
});

const offerEvent = (email: string, fromDisplayName: string | null) =>
  createEvent(seatOfferedV1, {
    source: "/turnout/registration-service",
    data: {
      transfer_id: randomUUID(),
      registration_id: randomUUID(),
      seat_id: randomUUID(),
      event_id: randomUUID(),
      from_user_id: randomUUID(),
      from_display_name: fromDisplayName,
      email,
      offered_at: new Date().toISOString(),
      title: "Rust <Night>",
      starts_at: "2031-05-01T10:00:00.000Z",
      ends_at: "2031-05-01T12:00:00.000Z",
      timezone: "Europe/Paris",
      location: "Salle 2",
      ticket_type_name: "VIP",
      attendee_name: "Grace\nHopper",
    },
  });

const subject = "A seat at \u201cRust <Night>\u201d was offered to you";
const link = `${PUBLIC_URL}/my/registrations`;

test("an address without an account is mailed the offer, the quoted sender and the link", async () => {
  const email = uniqueEmail("offer");
  const offer = offerEvent(email, "Ada\u202e\nLovelace");
  await publish(TOPICS.seatTransferOffered, offer);

  const mail = await waitForMail((m) => m.subject === subject, { to: email });
  // The sender's name is cleaned (no line break, no direction override) and quoted.
  expect(mail.text).toContain(
    "\u201cAda Lovelace\u201d offered you a seat at \u201cRust <Night>\u201d.",
  );
  expect(mail.text).toContain("Ticket type: \u201cVIP\u201d");
  expect(mail.text).toContain("Name on the seat: \u201cGrace Hopper\u201d");
  expect(mail.text).toContain("Offered by: \u201cAda Lovelace\u201d");
  expect(mail.text).toContain("sign up with it");
  expect(mail.text).toContain(link);
  expect(mail.html).toContain(`href="${link}"`);
  expect(mail.html).toContain("Rust &lt;Night&gt;");
  expect(mail.text.startsWith("Hello,\n")).toBe(true);

  // No account: no inbox entry; the mail row is keyed to the sender.
  const row = await waitFor(
    async () =>
      (await t.db.outboundMail.findFirst({ where: { sourceEventId: offer.id } })) ?? undefined,
  );
  expect(row).toMatchObject({ kind: "seat_offered", userId: offer.data.from_user_id });
  expect(await t.db.notification.count({ where: { sourceEventId: offer.id } })).toBe(0);
});

test("an address of a known account also gets an inbox entry; a name with a web address reads 'Someone'", async () => {
  const registered = userRegisteredEvent({ display_name: "Grace" });
  await publish(TOPICS.userRegistered, registered);
  const userId = registered.data.user_id;
  await waitFor(async () => (await t.db.recipient.findUnique({ where: { userId } })) ?? undefined, {
    timeoutMs: 20_000,
  });
  const email = registered.data.email;
  const offer = offerEvent(email, "visit https://evil.example");
  await publish(TOPICS.seatTransferOffered, offer);

  const entry = await waitFor(
    async () =>
      (await t.db.notification.findFirst({ where: { sourceEventId: offer.id } })) ?? undefined,
    { timeoutMs: 20_000, message: "the inbox entry" },
  );
  expect(entry).toMatchObject({ userId, type: "seat_offered", title: subject });
  expect(entry.body).toContain("Someone offered you a seat");
  expect(entry.data).toMatchObject({
    transfer_id: offer.data.transfer_id,
    event_id: offer.data.event_id,
    ticket_type_name: "VIP",
  });

  const mail = await waitForMail((m) => m.subject === subject, { to: email });
  expect(mail.text.startsWith("Hello \u201cGrace\u201d,\n")).toBe(true);
  expect(mail.text).not.toContain("evil.example");
  expect(mail.text).toContain(link);
});
