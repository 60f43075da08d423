import { randomUUID } from "node:crypto";
import { uniqueEmail, uniqueUsername } from "@turnout/test-kit";
import { createTestApp } from "./helpers/test-app";

const { prisma, close } = createTestApp();
afterAll(() => close());

test("every Prisma model reads and writes the migrated tables (schema drift check)", async () => {
  const id = randomUUID();
  const now = new Date();
  const profile = await prisma.profile.create({
    data: {
      id,
      email: uniqueEmail("drift"),
      username: uniqueUsername("drift"),
      displayName: "Drift",
      bio: "A bio",
      avatarFile: `${"a".repeat(64)}.webp`,
      createdAt: now,
      updatedAt: now,
    },
  });
  expect(typeof profile.seq).toBe("bigint");
  expect(await prisma.profile.findUniqueOrThrow({ where: { id } })).toEqual(profile);

  const settings = await prisma.settings.create({
    data: {
      userId: id,
      emailNotifications: false,
      inAppNotifications: true,
      locale: "de-DE",
      timezone: "Europe/Berlin",
      updatedAt: now,
    },
  });
  expect(await prisma.settings.findUniqueOrThrow({ where: { userId: id } })).toEqual(settings);

  const activity = await prisma.activity.create({
    data: {
      id: randomUUID(),
      userId: id,
      type: "checked_in",
      sourceEventId: randomUUID(),
      eventId: randomUUID(),
      registrationId: randomUUID(),
      at: now,
      eventTitle: "Drift Meetup",
      eventStartsAt: now,
      createdAt: now,
    },
  });
  expect(await prisma.activity.findUniqueOrThrow({ where: { id: activity.id } })).toEqual(activity);
  // The activity type is constrained in the database too.
  await expect(
    prisma.activity.create({
      data: { ...activity, id: randomUUID(), sourceEventId: randomUUID(), type: "other" },
    }),
  ).rejects.toThrow();

  const deleted = await prisma.deletedUser.create({
    data: { userId: randomUUID(), deletedAt: now, deletedBy: id },
  });
  expect(await prisma.deletedUser.findUniqueOrThrow({ where: { userId: deleted.userId } })).toEqual(
    deleted,
  );

  // Deleting the profile removes its settings (ON DELETE CASCADE in the migration).
  await prisma.profile.delete({ where: { id } });
  expect(await prisma.settings.count({ where: { userId: id } })).toBe(0);
  await prisma.activity.deleteMany({ where: { userId: id } });
  await prisma.deletedUser.delete({ where: { userId: deleted.userId } });
});

test("usernames are unique whatever the letter case, in the database itself", async () => {
  const username = uniqueUsername("case");
  const base = { email: uniqueEmail(), createdAt: new Date(), updatedAt: new Date() };
  await prisma.profile.create({ data: { id: randomUUID(), username, ...base } });
  await expect(
    prisma.profile.create({
      data: { id: randomUUID(), username: username.toUpperCase(), ...base },
    }),
  ).rejects.toThrow();
});

test("seq only grows: a later profile sorts after an earlier one", async () => {
  const base = { email: uniqueEmail(), createdAt: new Date(), updatedAt: new Date() };
  const first = await prisma.profile.create({ data: { id: randomUUID(), ...base } });
  const second = await prisma.profile.create({ data: { id: randomUUID(), ...base } });
  expect(second.seq > first.seq).toBe(true);
});
