import { randomUUID } from "node:crypto";
import { uniqueEmail, uniqueUsername } from "@turnout/test-kit";
import { createTestApp } from "./helpers/test-app";

const { prisma, close } = createTestApp();
afterAll(() => close());

test("every Prisma model reads and writes the migrated tables (schema drift check)", async () => {
  const userId = randomUUID();
  const now = new Date();
  const user = await prisma.user.create({
    data: {
      id: userId,
      email: uniqueEmail("drift"),
      username: uniqueUsername("drift"),
      displayName: "Drift",
      passwordHash: "$argon2id$placeholder",
      roles: ["attendee", "organizer"],
      emailVerified: true,
      createdAt: now,
      updatedAt: now,
    },
  });
  expect(await prisma.user.findUniqueOrThrow({ where: { id: userId } })).toEqual(user);

  const token = await prisma.refreshToken.create({
    data: {
      id: randomUUID(),
      userId,
      familyId: randomUUID(),
      tokenHash: randomUUID(),
      expiresAt: new Date(now.getTime() + 60_000),
      usedAt: now,
      revokedAt: now,
    },
  });
  expect(await prisma.refreshToken.findUniqueOrThrow({ where: { id: token.id } })).toEqual(token);

  const oneTime = await prisma.oneTimeToken.create({
    data: {
      id: randomUUID(),
      userId,
      purpose: "password_reset",
      tokenHash: randomUUID(),
      expiresAt: new Date(now.getTime() + 60_000),
      usedAt: now,
      createdAt: now,
    },
  });
  expect(await prisma.oneTimeToken.findUniqueOrThrow({ where: { id: oneTime.id } })).toEqual(
    oneTime,
  );
  // The purpose is constrained in the database too.
  await expect(
    prisma.oneTimeToken.create({
      data: {
        id: randomUUID(),
        userId,
        purpose: "other",
        tokenHash: randomUUID(),
        expiresAt: now,
      },
    }),
  ).rejects.toThrow();

  const apiToken = await prisma.apiToken.create({
    data: {
      id: randomUUID(),
      userId,
      name: "drift",
      tokenSha256: new Uint8Array(32).fill(7),
      prefix: "tnt_pat_drft",
      scopes: ["events:read", "profile:read"],
      expiresAt: new Date(now.getTime() + 60_000),
      lastUsedAt: now,
      revokedAt: now,
    },
  });
  expect(await prisma.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).toEqual(apiToken);
  // The hash is exactly 32 bytes (a SHA-256), in the database too.
  await expect(
    prisma.apiToken.create({
      data: {
        id: randomUUID(),
        userId,
        name: "short",
        tokenSha256: new Uint8Array(16),
        prefix: "tnt_pat_shrt",
        scopes: [],
        expiresAt: now,
      },
    }),
  ).rejects.toThrow();

  const subject = `drift:${randomUUID()}`;
  const throttle = await prisma.loginThrottle.create({
    data: { scope: "account", subject, windowStart: now, failures: 2 },
  });
  expect(
    await prisma.loginThrottle.findUniqueOrThrow({
      where: { scope_subject: { scope: "account", subject } },
    }),
  ).toEqual(throttle);

  // Deleting the account removes its sessions (ON DELETE CASCADE in the migration).
  await prisma.user.delete({ where: { id: userId } });
  expect(await prisma.refreshToken.count({ where: { userId } })).toBe(0);
  expect(await prisma.oneTimeToken.count({ where: { userId } })).toBe(0);
  expect(await prisma.apiToken.count({ where: { userId } })).toBe(0);
  await prisma.loginThrottle.delete({ where: { scope_subject: { scope: "account", subject } } });
});

test("email and username are unique whatever the letter case, in the database itself", async () => {
  const email = uniqueEmail("case");
  const base = { passwordHash: "x", createdAt: new Date(), updatedAt: new Date() };
  await prisma.user.create({ data: { id: randomUUID(), email, ...base } });
  await expect(
    prisma.user.create({ data: { id: randomUUID(), email: email.toUpperCase(), ...base } }),
  ).rejects.toThrow();
});
