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
    },
  });
  expect(
    await db.attendance.findUniqueOrThrow({
      where: { registrationId: attendance.registrationId },
    }),
  ).toEqual(attendance);

  await db.attendance.delete({ where: { registrationId: attendance.registrationId } });
  await db.outboundMail.delete({ where: { id: mail.id } });
  await db.notification.delete({ where: { id: notification.id } });
  await db.recipient.delete({ where: { userId } });
});
