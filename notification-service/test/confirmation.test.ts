import { TOPICS } from "@turnout/contracts";
import {
  capturedMail,
  registrationConfirmedEvent,
  stackTokenMinter,
  userRegisteredEvent,
  waitFor,
  waitForMail,
  type TokenMinter,
} from "@turnout/test-kit";
import { sync, type VEvent } from "node-ical";
import { disconnectPublisher, publish, settingsChangedEvent } from "./helpers/events";
import { openStream } from "./helpers/sse-client";
import { PUBLIC_URL, startTestService, type TestService } from "./helpers/test-service";

let t: TestService;
let minter: TokenMinter;

beforeAll(async () => {
  t = await startTestService({ consumer: true, mailSender: true });
  minter = await stackTokenMinter();
});
afterAll(async () => {
  await disconnectPublisher();
  await t.close();
});

/** ICU writes narrow and thin spaces in times; compare them as plain spaces. */
const plain = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, " ");

async function knownUser(settings: Parameters<typeof settingsChangedEvent>[1]) {
  const registered = userRegisteredEvent({ display_name: "Grace <Hopper>" });
  const user = registered.data;
  await publish(TOPICS.userRegistered, registered);
  await publish(TOPICS.userSettingsChanged, settingsChangedEvent(user.user_id, settings));
  await waitFor(
    async () => {
      const r = await t.db.recipient.findUnique({ where: { userId: user.user_id } });
      return r?.email === user.email && r.settingsAt !== null;
    },
    { timeoutMs: 20_000, message: "the recipient with address and settings" },
  );
  return user;
}

test("a confirmed registration is mailed once in the attendee's zone, put in the inbox and pushed live", async () => {
  const user = await knownUser({ timezone: "America/New_York", locale: "en-US" });
  const stream = await openStream(`${t.url}/api/v1/notifications/stream`, {
    authorization: `Bearer ${await minter.mint({ sub: user.user_id })}`,
  });
  expect(stream.status).toBe(200);
  expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
  expect(stream.headers.get("cache-control")).toBe("no-cache");
  expect(stream.headers.get("x-accel-buffering")).toBe("no");

  const title = "Hopper's <Compiler> Night & Co";
  const confirmed = registrationConfirmedEvent({
    user_id: user.user_id,
    title,
    starts_at: "2030-06-15T16:00:00.000Z",
    ends_at: "2030-06-15T18:00:00.000Z",
    timezone: "Europe/Berlin",
    location: "Hall <A>",
  });
  await publish(TOPICS.registrationConfirmed, confirmed);

  // Live: the stream carries the inbox row within a second of its being written.
  const pushed = await stream.next((e) => e.event === "notification", 20_000);
  const row = await t.db.notification.findFirstOrThrow({
    where: { userId: user.user_id, type: "registration_confirmed" },
  });
  expect(pushed.id).toBe(row.id);
  expect(pushed.receivedAt - row.createdAt.getTime()).toBeLessThan(1000);
  expect(JSON.parse(pushed.data)).toMatchObject({
    id: row.id,
    type: "registration_confirmed",
    title: `You're registered for ${title}`,
    read_at: null,
    data: { event_id: confirmed.data.event_id, registration_id: confirmed.data.registration_id },
  });

  // Mail: the event's 18:00 Berlin time shown as New York time, with the zone's name.
  const mail = await waitForMail((m) => m.subject.includes("Compiler"), { to: user.email });
  expect(mail.subject).toBe(`You're registered for ${title}`);
  expect(mail.from).toContain("no-reply@turnout.test");
  expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@turnout\.test>$/);
  expect(plain(mail.text)).toContain(
    "When: Saturday, June 15, 2030, 12:00 – 2:00 PM EDT (America/New_York)",
  );
  expect(mail.text).toContain("Hello \u201cGrace <Hopper>\u201d,");
  // It links to the ticket page and attaches the booking's calendar file (docs/tickets.md).
  const ticketPage = `${PUBLIC_URL}/tickets/${confirmed.data.registration_id}`;
  expect(mail.text).toContain(ticketPage);
  const invite = mail.attachments.find((a) => a.filename === "invite.ics");
  expect(invite?.contentType).toBe("text/calendar");
  const vevents = Object.values(sync.parseICS(invite?.content ?? "")).filter(
    (c): c is VEvent => c?.type === "VEVENT",
  );
  expect(vevents).toHaveLength(1);
  expect(vevents[0]).toMatchObject({
    uid: `${confirmed.data.registration_id}@turnout`,
    summary: title,
    location: "Hall <A>",
    url: { val: ticketPage },
    start: new Date("2030-06-15T16:00:00.000Z"),
    end: new Date("2030-06-15T18:00:00.000Z"),
  });
  expect(invite?.content).toMatch(/\r\nMETHOD:PUBLISH\r\n/);
  // User-supplied text is escaped in HTML.
  expect(mail.html).toContain("Hopper&#39;s &lt;Compiler&gt; Night &amp; Co");
  expect(mail.html).toContain("Hello \u201cGrace &lt;Hopper&gt;\u201d,");
  expect(mail.html).toContain("Hall &lt;A&gt;");
  expect(mail.html).not.toContain("<Compiler>");

  // The same envelope again (a redelivery) sends nothing more and adds no inbox entry.
  await publish(TOPICS.registrationConfirmed, confirmed);
  await t.skipped(confirmed.id);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const mails = await capturedMail({ to: user.email });
  expect(mails.filter((m) => m.subject.includes("Compiler"))).toHaveLength(1);
  expect(await t.db.outboundMail.count({ where: { sourceEventId: confirmed.id } })).toBe(1);
  expect(await t.db.notification.count({ where: { sourceEventId: confirmed.id } })).toBe(1);
  expect(stream.events.filter((e) => e.event === "notification")).toHaveLength(1);
  stream.close();
});

test("a user who turned email off gets only the in-app notification", async () => {
  const user = await knownUser({ email: false, in_app: true });
  const confirmed = registrationConfirmedEvent({ user_id: user.user_id, title: "Quiet Night" });
  await publish(TOPICS.registrationConfirmed, confirmed);

  await waitFor(
    async () =>
      (await t.db.notification.findFirst({ where: { sourceEventId: confirmed.id } })) ?? undefined,
    {
      timeoutMs: 20_000,
      message: "the inbox entry",
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await t.db.outboundMail.count({ where: { userId: user.user_id } })).toBe(0);
  expect(await capturedMail({ to: user.email })).toEqual([]);
});

test("a waitlisted attendee promoted to a seat is told so, in the event's zone when theirs is unknown", async () => {
  // Registered, but no settings yet: no zone of their own.
  const registered = userRegisteredEvent({ display_name: null });
  const user = registered.data;
  await publish(TOPICS.userRegistered, registered);
  await waitFor(
    async () => (await t.db.recipient.findUnique({ where: { userId: user.user_id } })) ?? undefined,
    { timeoutMs: 20_000 },
  );
  const promoted = registrationConfirmedEvent({
    user_id: user.user_id,
    title: "Promoted Party",
    starts_at: "2030-01-10T18:00:00.000Z",
    ends_at: "2030-01-10T20:00:00.000Z",
    timezone: "Asia/Tokyo",
    confirmed_via: "waitlist",
  });
  await publish(TOPICS.registrationConfirmed, promoted);
  const mail = await waitForMail((m) => m.subject.includes("Promoted Party"), { to: user.email });
  expect(mail.subject).toBe("A seat opened up: you're in for Promoted Party");
  expect(mail.text.startsWith("Hello,\n")).toBe(true);
  expect(plain(mail.text)).toContain("Friday, 11 January 2030, 03:00–05:00 GMT+9 (Asia/Tokyo)");
  const entry = await t.db.notification.findFirstOrThrow({ where: { sourceEventId: promoted.id } });
  expect(entry.type).toBe("registration_promoted");
});
