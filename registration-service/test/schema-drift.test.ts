import { randomUUID } from "node:crypto";
import { createTestApp } from "./helpers/test-app";

const { db, close } = createTestApp();
afterAll(() => close());

const newSnapshot = () => {
  const now = new Date();
  return {
    eventId: randomUUID(),
    organizerId: randomUUID(),
    title: "Drift Meetup",
    startsAt: new Date(now.getTime() + 86_400_000),
    endsAt: new Date(now.getTime() + 90_000_000),
    timezone: "Europe/Berlin",
    location: "Hall 1",
    requiresApproval: true,
    status: "published",
    sourceUpdatedAt: now,
    waitlistSeq: 7n,
    seatsFreed: 3n,
    seatsFreedHandled: 2n,
    refreshedAt: now,
    ticketTypes: [{ id: randomUUID(), name: "Standard" }],
    seatChangesUntil: now,
    reminderLeadMinutes: 90,
  };
};

test("every Prisma model reads and writes the migrated tables (schema drift check)", async () => {
  const snapshot = await db.eventSnapshot.create({ data: newSnapshot() });
  expect(
    await db.eventSnapshot.findUniqueOrThrow({ where: { eventId: snapshot.eventId } }),
  ).toEqual(snapshot);

  const now = new Date();
  const registration = await db.registration.create({
    data: {
      id: randomUUID(),
      eventId: snapshot.eventId,
      userId: randomUUID(),
      status: "confirmed",
      waitlistSeq: 4n,
      confirmedVia: "waitlist",
      confirmedAt: now,
      checkedInAt: now,
      cancelledAt: null,
      cancelReason: null,
      createdAt: now,
      updatedAt: now,
      ticketTypeId: randomUUID(),
      quantity: 3,
      answers: { q: "yes" },
    },
  });
  expect(await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).toEqual(
    registration,
  );
  const received = await db.registration.create({
    data: {
      id: randomUUID(),
      eventId: snapshot.eventId,
      userId: randomUUID(),
      status: "confirmed",
      createdAt: now,
      updatedAt: now,
      transferredFrom: registration.id,
    },
  });
  expect(await db.registration.findUniqueOrThrow({ where: { id: received.id } })).toEqual(received);

  const seat = await db.seat.create({
    data: {
      id: randomUUID(),
      registrationId: registration.id,
      eventId: snapshot.eventId,
      holdId: registration.id,
      position: 2,
      attendeeName: "Grace Hopper",
      answers: { diet: "vegan" },
      status: "cancelled",
      cancelledAt: now,
      createdAt: now,
    },
  });
  expect(await db.seat.findUniqueOrThrow({ where: { id: seat.id } })).toEqual(seat);
  const transfer = await db.seatTransfer.create({
    data: {
      id: randomUUID(),
      seatId: seat.id,
      registrationId: registration.id,
      eventId: snapshot.eventId,
      fromUserId: registration.userId,
      email: "grace@example.com",
      status: "accepted",
      toUserId: received.userId,
      toRegistrationId: received.id,
      createdAt: now,
      decidedAt: now,
    },
  });
  expect(await db.seatTransfer.findUniqueOrThrow({ where: { id: transfer.id } })).toEqual(transfer);
  const checkIn = await db.seatCheckIn.create({
    data: {
      seatId: seat.id,
      eventId: snapshot.eventId,
      registrationId: registration.id,
      gate: "North door",
      checkedInAt: now,
      scannedAt: now,
      checkedInBy: randomUUID(),
      createdAt: now,
    },
  });
  expect(await db.seatCheckIn.findUniqueOrThrow({ where: { seatId: seat.id } })).toEqual(checkIn);
  await expect(
    db.seatCheckIn.update({ where: { seatId: seat.id }, data: { gate: "x".repeat(41) } }),
  ).rejects.toThrow();
  const helper = await db.checkInHelper.create({
    data: {
      eventId: snapshot.eventId,
      userId: randomUUID(),
      grantedBy: randomUUID(),
      grantedAt: now,
    },
  });
  expect(
    await db.checkInHelper.findUniqueOrThrow({
      where: { eventId_userId: { eventId: helper.eventId, userId: helper.userId } },
    }),
  ).toEqual(helper);
  await db.checkInHelper.delete({
    where: { eventId_userId: { eventId: helper.eventId, userId: helper.userId } },
  });
  const message = await db.eventMessage.create({
    data: {
      id: randomUUID(),
      eventId: snapshot.eventId,
      senderId: snapshot.organizerId,
      subject: "Doors open",
      body: "At 17:30.",
      recipients: 2,
      postedAt: now,
    },
  });
  expect(await db.eventMessage.findUniqueOrThrow({ where: { id: message.id } })).toEqual(message);
  await expect(
    db.eventMessage.update({ where: { id: message.id }, data: { subject: "" } }),
  ).rejects.toThrow();
  await db.eventMessage.delete({ where: { id: message.id } });
  const person = await db.person.create({
    data: {
      userId: randomUUID(),
      email: "Ada@example.com",
      displayName: "Ada",
      sourceUpdatedAt: now,
    },
  });
  expect(await db.person.findUniqueOrThrow({ where: { userId: person.userId } })).toEqual(person);
  await db.person.delete({ where: { userId: person.userId } });

  const key = await db.idempotencyKey.create({
    data: {
      userId: registration.userId,
      key: `drift-${randomUUID()}`,
      requestHash: "hash",
      registrationId: registration.id,
      responseStatus: 201,
      responseBody: { id: registration.id },
      createdAt: now,
    },
  });
  expect(
    await db.idempotencyKey.findUniqueOrThrow({
      where: { userId_key: { userId: key.userId, key: key.key } },
    }),
  ).toEqual(key);

  const release = await db.seatRelease.create({
    data: {
      registrationId: randomUUID(),
      seatId: randomUUID(),
      eventId: snapshot.eventId,
      attempts: 2,
      nextAttemptAt: now,
      lastError: "ledger down",
      createdAt: now,
    },
  });
  expect(await db.seatRelease.findUniqueOrThrow({ where: { id: release.id } })).toEqual(release);

  // Deleting the registration removes its idempotency key (ON DELETE CASCADE in the migration).
  // Deleting it removes its seats and their transfers too.
  await db.registration.delete({ where: { id: received.id } });
  await db.registration.delete({ where: { id: registration.id } });
  expect(await db.idempotencyKey.count({ where: { registrationId: registration.id } })).toBe(0);
  expect(await db.seat.count({ where: { registrationId: registration.id } })).toBe(0);
  expect(await db.seatTransfer.count({ where: { seatId: seat.id } })).toBe(0);
  expect(await db.seatCheckIn.count({ where: { seatId: seat.id } })).toBe(0);
  await db.seatRelease.delete({ where: { id: release.id } });
});

test("the database allows one active registration per user and event, and checks statuses", async () => {
  const snapshot = await db.eventSnapshot.create({ data: newSnapshot() });
  const userId = randomUUID();
  const base = { eventId: snapshot.eventId, userId, createdAt: new Date(), updatedAt: new Date() };
  await db.registration.create({ data: { ...base, id: randomUUID(), status: "confirmed" } });
  await expect(
    db.registration.create({ data: { ...base, id: randomUUID(), status: "pending" } }),
  ).rejects.toThrow();
  // An ended registration does not count: the user may register again.
  await db.registration.create({
    data: { ...base, id: randomUUID(), status: "cancelled", cancelledAt: new Date() },
  });
  await expect(
    db.registration.create({ data: { ...base, id: randomUUID(), status: "attending" } }),
  ).rejects.toThrow();
  // A waitlisted registration always has its place in line.
  await expect(
    db.registration.create({
      data: { ...base, userId: randomUUID(), id: randomUUID(), status: "waitlisted" },
    }),
  ).rejects.toThrow();
});
