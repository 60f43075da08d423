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
    },
  });
  expect(await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).toEqual(
    registration,
  );

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
      eventId: snapshot.eventId,
      attempts: 2,
      nextAttemptAt: now,
      lastError: "ledger down",
      createdAt: now,
    },
  });
  expect(
    await db.seatRelease.findUniqueOrThrow({ where: { registrationId: release.registrationId } }),
  ).toEqual(release);

  // Deleting the registration removes its idempotency key (ON DELETE CASCADE in the migration).
  await db.registration.delete({ where: { id: registration.id } });
  expect(await db.idempotencyKey.count({ where: { registrationId: registration.id } })).toBe(0);
  await db.seatRelease.delete({ where: { registrationId: release.registrationId } });
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
