import { randomUUID } from "node:crypto";
import { uniqueEmail, uniqueUsername } from "@turnout/test-kit";
import { createTestApp } from "./helpers/test-app";

const { db, close } = createTestApp();
afterAll(() => close());

test("every Prisma model reads and writes the migrated tables (schema drift check)", async () => {
  const id = randomUUID();
  const now = new Date();
  const profile = await db.profile.create({
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
  expect(await db.profile.findUniqueOrThrow({ where: { id } })).toEqual(profile);

  const settings = await db.settings.create({
    data: {
      userId: id,
      emailNotifications: false,
      inAppNotifications: true,
      locale: "de-DE",
      timezone: "Europe/Berlin",
      updatedAt: now,
    },
  });
  expect(await db.settings.findUniqueOrThrow({ where: { userId: id } })).toEqual(settings);

  const activity = await db.activity.create({
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
  expect(await db.activity.findUniqueOrThrow({ where: { id: activity.id } })).toEqual(activity);
  // The activity type is constrained in the database too.
  await expect(
    db.activity.create({
      data: { ...activity, id: randomUUID(), sourceEventId: randomUUID(), type: "other" },
    }),
  ).rejects.toThrow();

  const deleted = await db.deletedUser.create({
    data: { userId: randomUUID(), deletedAt: now, deletedBy: id },
  });
  expect(await db.deletedUser.findUniqueOrThrow({ where: { userId: deleted.userId } })).toEqual(
    deleted,
  );

  // Deleting the profile removes its settings (ON DELETE CASCADE in the migration).
  await db.profile.delete({ where: { id } });
  expect(await db.settings.count({ where: { userId: id } })).toBe(0);
  await db.activity.deleteMany({ where: { userId: id } });
  await db.deletedUser.delete({ where: { userId: deleted.userId } });
});

test("usernames are unique whatever the letter case, in the database itself", async () => {
  const username = uniqueUsername("case");
  const base = { email: uniqueEmail(), createdAt: new Date(), updatedAt: new Date() };
  await db.profile.create({ data: { id: randomUUID(), username, ...base } });
  await expect(
    db.profile.create({ data: { id: randomUUID(), username: username.toUpperCase(), ...base } }),
  ).rejects.toThrow();
});

test("seq only grows: a later profile sorts after an earlier one", async () => {
  const base = { email: uniqueEmail(), createdAt: new Date(), updatedAt: new Date() };
  const first = await db.profile.create({ data: { id: randomUUID(), ...base } });
  const second = await db.profile.create({ data: { id: randomUUID(), ...base } });
  expect(second.seq > first.seq).toBe(true);
});
