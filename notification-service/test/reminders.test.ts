import { randomUUID } from "node:crypto";
import { sync, type VEvent } from "node-ical";
import {
  attendeesMessagedV1,
  createEvent,
  eventUpdatedV1,
  registrationConfirmedV1,
  userSettingsChangedV1,
  type AnyCloudEvent,
} from "@turnout/contracts";
import {
  capturedMail,
  startServices,
  userRegisteredEvent,
  waitFor,
  waitForMail,
  type CapturedMail,
  type RunningServices,
} from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { waitlistedEvent, type Snapshot } from "./helpers/events";
import { MAIL_FROM, PUBLIC_URL, startTestService, type TestService } from "./helpers/test-service";

// Reminders and messages to attendees (docs/tickets.md): two replicas as real processes, each
// running the reminder job every 300 ms and sending mail; facts are applied through the
// consumer's handlers in this process (no consumer, no sender here), so their order is fixed.
let replicas: RunningServices[];
let t: TestService;

const replicaEnv = {
  REMINDER_INTERVAL_MS: "300",
  PUBLIC_URL,
  MAIL_FROM,
  MAIL_POLL_MS: "200",
};

beforeAll(async () => {
  [t, ...replicas] = await Promise.all([
    startTestService(),
    startServices([SERVICE], { env: { [SERVICE]: replicaEnv } }),
    startServices([SERVICE], { env: { [SERVICE]: replicaEnv } }),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([...replicas.map((r) => r.stop()), t.close()]);
});

const applyAll = async (...events: AnyCloudEvent[]) => {
  for (const event of events) await t.apply(event);
};

/** A user with an address; `reminders: false` turns event reminders off in their settings. */
async function user(reminders = true) {
  const registered = userRegisteredEvent();
  const settings = createEvent(userSettingsChangedV1, {
    source: "/turnout/user-service",
    data: {
      user_id: registered.data.user_id,
      notifications: { email: true, in_app: true },
      locale: "en-GB",
      timezone: "Europe/Berlin",
      event_reminders: reminders,
      changed_at: new Date().toISOString(),
    },
  });
  await applyAll(registered, settings);
  return registered.data;
}

const confirmedEvent = (userId: string, snapshot: Snapshot) =>
  createEvent(registrationConfirmedV1, {
    source: "/turnout/registration-service",
    data: {
      registration_id: randomUUID(),
      user_id: userId,
      confirmed_at: new Date().toISOString(),
      ticket_type_name: "Standard",
      quantity: 2,
      ...snapshot,
    },
  });

/** The organizer's change: the whole event after it, with its lead time. */
const updatedEvent = (snapshot: Snapshot, leadMinutes: number) =>
  createEvent(eventUpdatedV1, {
    source: "/turnout/event-service",
    data: {
      ...snapshot,
      organizer_id: randomUUID(),
      description: "Talks.",
      capacity: 50,
      requires_approval: false,
      category: null,
      status: "published",
      reminder_lead_minutes: leadMinutes,
      changed: ["starts_at", "ends_at"],
      updated_at: new Date().toISOString(),
    },
  });

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const isReminder = (title: string) => (m: CapturedMail) =>
  m.subject === `Reminder: ${title} is coming up`;
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

test("a reminder is sent once with two replicas, to confirmed attendees who take reminders; a moved event is reminded again", async () => {
  const [going, optedOut, waiting] = [await user(), await user(false), await user()];
  const title = `Reminded ${randomUUID().slice(0, 8)}`;
  // Booked while the event is three days away: not due yet (the default lead is 24 h).
  const snapshot: Snapshot = {
    event_id: randomUUID(),
    title,
    starts_at: inMinutes(3 * 24 * 60),
    ends_at: inMinutes(3 * 24 * 60 + 120),
    timezone: "Europe/Berlin",
    location: "Hall 1",
  };
  const booking = confirmedEvent(going.user_id, snapshot);
  await applyAll(
    booking,
    confirmedEvent(optedOut.user_id, snapshot),
    waitlistedEvent(waiting.user_id, snapshot),
  );

  // Moved to 30 minutes from now, with an hour's lead: due at once, on both replicas.
  const soon = { ...snapshot, starts_at: inMinutes(30), ends_at: inMinutes(90) };
  await applyAll(updatedEvent(soon, 60));
  const mail = await waitForMail(isReminder(title), { to: going.email });
  await settle();
  expect((await capturedMail({ to: going.email })).filter(isReminder(title))).toHaveLength(1);
  expect(
    await t.db.notification.count({ where: { userId: going.user_id, type: "event_reminder" } }),
  ).toBe(1);
  // The opted-out attendee and the waitlisted one get nothing.
  for (const other of [optedOut, waiting]) {
    expect((await capturedMail({ to: other.email })).filter(isReminder(title))).toHaveLength(0);
    expect(
      await t.db.notification.count({ where: { userId: other.user_id, type: "event_reminder" } }),
    ).toBe(0);
  }
  // The mail links to the ticket and carries the booking's calendar file.
  const ticketPage = `${PUBLIC_URL}/tickets/${booking.data.registration_id}`;
  expect(mail.text).toContain(ticketPage);
  const ics = mail.attachments.find((a) => a.filename === "invite.ics")?.content ?? "";
  const vevent = Object.values(sync.parseICS(ics)).find((c): c is VEvent => c?.type === "VEVENT");
  expect(vevent).toMatchObject({
    uid: `${booking.data.registration_id}@turnout`,
    summary: title,
    description: "Ticket type: Standard\nSeats: 2",
  });
  expect(vevent?.start.getTime()).toBe(Math.floor(Date.parse(soon.starts_at) / 1000) * 1000);

  // Moved again: a reminder for the new time.
  const later = { ...soon, starts_at: inMinutes(45), ends_at: inMinutes(105) };
  await applyAll(updatedEvent(later, 60));
  await waitFor(
    async () =>
      (await capturedMail({ to: going.email })).filter(isReminder(title)).length === 2 || undefined,
    { timeoutMs: 15_000, message: "the moved event's reminder" },
  );
  await settle();
  expect((await capturedMail({ to: going.email })).filter(isReminder(title))).toHaveLength(2);
  const schedule = await t.db.eventSchedule.findUniqueOrThrow({
    where: { eventId: snapshot.event_id },
  });
  expect(schedule.remindedStartsAt?.getTime()).toBe(schedule.startsAt.getTime());
});

test("a message to attendees reaches confirmed attendees only, by mail and inbox, once", async () => {
  const [going, waiting] = [await user(), await user()];
  const snapshot: Snapshot = {
    event_id: randomUUID(),
    title: `Messaged ${randomUUID().slice(0, 8)}`,
    starts_at: inMinutes(10 * 24 * 60),
    ends_at: inMinutes(10 * 24 * 60 + 60),
    timezone: "Europe/Berlin",
    location: "Hall 2",
  };
  await applyAll(
    confirmedEvent(going.user_id, snapshot),
    waitlistedEvent(waiting.user_id, snapshot),
  );
  const message = createEvent(attendeesMessagedV1, {
    source: "/turnout/registration-service",
    data: {
      message_id: randomUUID(),
      sender_id: randomUUID(),
      subject: "Doors open at 17:30",
      body: "We start later.\n\nPizza at 18:00 <b>sharp</b>.",
      posted_at: new Date().toISOString(),
      ...snapshot,
    },
  });
  await applyAll(message, message);

  const subject = `${snapshot.title}: Doors open at 17:30`;
  const mail = await waitForMail((m) => m.subject === subject, { to: going.email });
  expect(mail.text).toContain("Pizza at 18:00 <b>sharp</b>.");
  expect(mail.html).toContain("Pizza at 18:00 &lt;b&gt;sharp&lt;/b&gt;.");
  await settle();
  expect(
    (await capturedMail({ to: going.email })).filter((m) => m.subject === subject),
  ).toHaveLength(1);
  expect(
    (await capturedMail({ to: waiting.email })).filter((m) => m.subject === subject),
  ).toHaveLength(0);
  const inbox = await t.db.notification.findMany({
    where: { sourceEventId: message.data.message_id },
  });
  expect(inbox.map((n) => [n.userId, n.type])).toEqual([[going.user_id, "attendee_message"]]);
});
