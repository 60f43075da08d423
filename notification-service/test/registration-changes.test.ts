import { randomUUID } from "node:crypto";
import { TOPICS } from "@turnout/contracts";
import {
  capturedMail,
  registrationConfirmedEvent,
  userRegisteredEvent,
  waitFor,
  waitForMail,
} from "@turnout/test-kit";
import {
  cancelledEvent,
  disconnectPublisher,
  eventUpdatedEvent,
  publish,
  waitlistedEvent,
  type Snapshot,
} from "./helpers/events";
import { startTestService, type TestService } from "./helpers/test-service";

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ consumer: true, mailSender: true });
});
afterAll(async () => {
  await disconnectPublisher();
  await t.close();
});

const snapshot = (title: string): Snapshot => ({
  event_id: randomUUID(),
  title,
  starts_at: "2031-03-01T10:00:00.000Z",
  ends_at: "2031-03-01T12:00:00.000Z",
  timezone: "Europe/Paris",
  location: "Salle 1",
});

async function newUser() {
  const registered = userRegisteredEvent();
  await publish(TOPICS.userRegistered, registered);
  await waitFor(
    async () =>
      (await t.db.recipient.findUnique({ where: { userId: registered.data.user_id } })) ??
      undefined,
    {
      timeoutMs: 20_000,
    },
  );
  return registered.data;
}

const processed = (eventId: string) => t.applied(eventId);

test("a changed time or place reaches confirmed and waitlisted attendees, not cancelled ones", async () => {
  const event = snapshot("Moved Meetup");
  const [confirmed, waiting, gone] = [await newUser(), await newUser(), await newUser()];
  const goneRegistration = randomUUID();
  await publish(
    TOPICS.registrationConfirmed,
    registrationConfirmedEvent({ ...event, user_id: confirmed.user_id }),
    registrationConfirmedEvent({
      ...event,
      user_id: gone.user_id,
      registration_id: goneRegistration,
    }),
  );
  await publish(TOPICS.registrationWaitlisted, waitlistedEvent(waiting.user_id, event));
  const cancel = cancelledEvent(gone.user_id, event, goneRegistration);
  await publish(TOPICS.registrationCancelled, cancel);
  await processed(cancel.id);
  await waitFor(
    async () => (await t.db.attendance.count({ where: { eventId: event.event_id } })) === 3,
    // Three topics, no order between them, on a shared 2-core machine.
    { timeoutMs: 30_000, message: "the three attendances" },
  );

  // A new title alone is not worth a message.
  const retitled = eventUpdatedEvent({ ...event, title: "Renamed Meetup" }, ["title"]);
  await publish(TOPICS.eventUpdated, retitled);
  await processed(retitled.id);
  expect(await t.db.notification.count({ where: { sourceEventId: retitled.id } })).toBe(0);

  const moved = eventUpdatedEvent({ ...event, location: "Salle 2" }, ["location", "capacity"]);
  await publish(TOPICS.eventUpdated, moved);
  for (const user of [confirmed, waiting]) {
    const mail = await waitForMail((m) => m.subject === "Moved Meetup: new place", {
      to: user.email,
    });
    expect(mail.text).toContain("Where: Salle 2");
  }
  const told = await t.db.notification.findMany({ where: { sourceEventId: moved.id } });
  expect(told.map((n) => n.userId).sort()).toEqual([confirmed.user_id, waiting.user_id].sort());
  expect(told[0]?.data).toMatchObject({ changed: ["location"], location: "Salle 2" });
  expect(
    (await capturedMail({ to: gone.email })).filter((m) => m.subject.includes("new place")),
  ).toEqual([]);
});

test("each cancellation reason is explained; a cancelled event tells its attendees", async () => {
  const user = await newUser();
  const cases = [
    ["event_cancelled", "Gala has been cancelled"],
    ["rejected", "Your registration for Gala was declined"],
    ["organizer_cancelled", "Your registration for Gala was cancelled"],
    ["something_new", "Your registration for Gala was cancelled"],
  ] as const;
  for (const [reason, subject] of cases) {
    const event = snapshot("Gala");
    const cancel = cancelledEvent(user.user_id, event, randomUUID(), reason);
    await publish(TOPICS.registrationCancelled, cancel);
    await processed(cancel.id);
    const entry = await t.db.notification.findFirstOrThrow({ where: { sourceEventId: cancel.id } });
    expect(entry).toMatchObject({ type: "registration_cancelled", title: subject });
    expect(entry.data).toMatchObject({ reason, event_id: event.event_id });
  }
  await waitForMail((m) => m.subject === "Gala has been cancelled", { to: user.email });
});

test("a confirmation that arrives after the cancellation of the same registration is not announced", async () => {
  // Applied directly, in this order (see `apply`): the topics are not ordered with each other.
  const userId = randomUUID();
  const event = snapshot("Late Show");
  const registrationId = randomUUID();
  await t.apply(cancelledEvent(userId, event, registrationId));
  const late = registrationConfirmedEvent({
    ...event,
    user_id: userId,
    registration_id: registrationId,
    confirmed_at: new Date(Date.now() - 60_000).toISOString(),
  });
  await t.apply(late);
  expect(await t.db.notification.count({ where: { sourceEventId: late.id } })).toBe(0);
  expect(await t.db.attendance.findUnique({ where: { registrationId } })).toMatchObject({
    status: "cancelled",
  });
  // Nor does a waitlisting older than the confirmation undo it.
  const other = randomUUID();
  await t.apply(registrationConfirmedEvent({ ...event, user_id: userId, registration_id: other }));
  const stale = waitlistedEvent(userId, event, other);
  await t.apply({ ...stale, data: { ...stale.data, waitlisted_at: "2020-01-01T00:00:00.000Z" } });
  expect(await t.db.attendance.findUnique({ where: { registrationId: other } })).toMatchObject({
    status: "confirmed",
  });
});
