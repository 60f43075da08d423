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

  const endpoint = await db.webhookEndpoint.create({
    data: {
      id: randomUUID(),
      ownerId: userId,
      ownerKind: "organizer",
      eventId: randomUUID(),
      url: "https://hooks.example.com/turnout",
      eventTypes: ["turnout.event.updated.v1"],
      description: "CRM",
      status: "disabled",
      disabledReason: "failing",
      failingSince: now,
      secretCiphertext: "v1.a.b.c",
      previousSecretCiphertext: "v1.d.e.f",
      previousSecretExpiresAt: now,
      createdAt: now,
      updatedAt: now,
    },
  });
  expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toEqual(
    endpoint,
  );
  const owner = await db.webhookEventOwner.create({
    data: { eventId: randomUUID(), organizerId: userId, updatedAt: now },
  });
  expect(
    await db.webhookEventOwner.findUniqueOrThrow({ where: { eventId: owner.eventId } }),
  ).toEqual(owner);
  const delivery = await db.webhookDelivery.create({
    data: {
      id: randomUUID(),
      endpointId: endpoint.id,
      eventId: randomUUID(),
      eventType: "turnout.event.updated.v1",
      aggregateKey: randomUUID(),
      origin: "stream",
      payload: "{}",
      status: "failed",
      attempts: 2,
      nextAttemptAt: now,
      leaseUntil: now,
      lastAttemptAt: now,
      responseStatus: 503,
      latencyMs: 12,
      createdAt: now,
      settledAt: now,
    },
  });
  expect(typeof delivery.seq).toBe("bigint");
  expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toEqual(
    delivery,
  );
  // One stream delivery per (endpoint, event id), in the database itself; resends may repeat it.
  await expect(
    db.webhookDelivery.create({ data: { ...delivery, id: randomUUID(), seq: undefined } }),
  ).rejects.toThrow();
  await db.webhookDelivery.create({
    data: { ...delivery, id: randomUUID(), seq: undefined, origin: "resend" },
  });
  const attempt = await db.webhookAttempt.create({
    data: {
      deliveryId: delivery.id,
      attempt: 1,
      at: now,
      responseStatus: 503,
      latencyMs: 12,
      error: "http_status",
      responseExcerpt: "busy",
    },
  });
  expect(
    await db.webhookAttempt.findUniqueOrThrow({
      where: { deliveryId_attempt: { deliveryId: delivery.id, attempt: 1 } },
    }),
  ).toEqual(attempt);
  // Deleting an endpoint drops its deliveries and their attempts.
  await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
  expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
  expect(await db.webhookAttempt.count({ where: { deliveryId: delivery.id } })).toBe(0);
  await db.webhookEventOwner.delete({ where: { eventId: owner.eventId } });

  await db.eventSchedule.delete({ where: { eventId: schedule.eventId } });
  await db.attendance.delete({ where: { registrationId: attendance.registrationId } });
  await db.outboundMail.delete({ where: { id: mail.id } });
  await db.notification.delete({ where: { id: notification.id } });
  await db.recipient.delete({ where: { userId } });
});
