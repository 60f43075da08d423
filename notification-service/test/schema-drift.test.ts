import { randomUUID } from "node:crypto";
import { uniqueEmail } from "@turnout/test-kit";
import { startTestService, type TestService } from "./helpers/test-service";

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(() => t.close());

test("every Prisma model reads and writes the migrated tables (schema drift check)", async () => {
  const { db } = t;
  const userId = randomUUID();
  const now = new Date();

  const recipient = await db.recipient.create({
    data: {
      userId,
      email: uniqueEmail("drift"),
      displayName: "Drift",
      emailEnabled: false,
      inAppEnabled: true,
      eventReminders: false,
      locale: "de-DE",
      timezone: "Europe/Berlin",
      settingsAt: now,
      deletedAt: now,
      updatedAt: now,
    },
  });
  expect(await db.recipient.findUniqueOrThrow({ where: { userId } })).toEqual(recipient);

  const notification = await db.notification.create({
    data: {
      id: randomUUID(),
      userId,
      type: "welcome",
      title: "Hi",
      body: "Body",
      data: { event_id: randomUUID(), n: 1 },
      sourceEventId: randomUUID(),
      readAt: now,
      createdAt: now,
    },
  });
  expect(typeof notification.seq).toBe("bigint");
  expect(await db.notification.findUniqueOrThrow({ where: { id: notification.id } })).toEqual(
    notification,
  );
  // One notification per (source event, user, type), in the database itself.
  await expect(
    db.notification.create({
      data: {
        id: randomUUID(),
        userId,
        type: notification.type,
        title: "Again",
        body: "Again",
        sourceEventId: notification.sourceEventId,
      },
    }),
  ).rejects.toThrow();

  const mail = await db.outboundMail.create({
    data: {
      id: randomUUID(),
      sourceEventId: randomUUID(),
      kind: "verify_email",
      userId,
      toAddress: uniqueEmail("drift"),
      subject: "Subject",
      textBody: "text",
      htmlBody: "<p>html</p>",
      messageId: `<${randomUUID()}@turnout.test>`,
      status: "sent",
      attempts: 2,
      nextAttemptAt: now,
      expiresAt: now,
      lastError: "ECONNREFUSED",
      createdAt: now,
      sentAt: now,
      calendarIcs: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    },
  });
  expect(await db.outboundMail.findUniqueOrThrow({ where: { id: mail.id } })).toEqual(mail);
  await expect(
    db.outboundMail.create({
      data: { ...mail, id: randomUUID(), messageId: `<${randomUUID()}@t>`, status: "other" },
    }),
  ).rejects.toThrow();

  const attendance = await db.attendance.create({
    data: {
      registrationId: randomUUID(),
      eventId: randomUUID(),
      userId,
      status: "waitlisted",
      statusAt: now,
      updatedAt: now,
      ticketTypeName: "VIP",
      quantity: 2,
    },
  });
  expect(
    await db.attendance.findUniqueOrThrow({
      where: { registrationId: attendance.registrationId },
    }),
  ).toEqual(attendance);

  const schedule = await db.eventSchedule.create({
    data: {
      eventId: randomUUID(),
      title: "Drift",
      startsAt: now,
      endsAt: now,
      timezone: "Europe/Berlin",
      location: "Hall",
      status: "published",
      reminderLeadMinutes: 60,
      remindedStartsAt: now,
      sourceUpdatedAt: now,
      snapshotAt: now,
      updatedAt: now,
    },
  });
  expect(
    await db.eventSchedule.findUniqueOrThrow({ where: { eventId: schedule.eventId } }),
  ).toEqual(schedule);
  // Lead times are 0 (none) to 20160 minutes (14 days), in the database itself.
  await expect(
    db.eventSchedule.create({
      data: { ...schedule, eventId: randomUUID(), reminderLeadMinutes: 20161 },
    }),
  ).rejects.toThrow();

  await db.eventSchedule.delete({ where: { eventId: schedule.eventId } });
  await db.attendance.delete({ where: { registrationId: attendance.registrationId } });
  await db.outboundMail.delete({ where: { id: mail.id } });
  await db.notification.delete({ where: { id: notification.id } });
  await db.recipient.delete({ where: { userId } });
});
