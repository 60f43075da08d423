import { randomUUID } from "node:crypto";
import { createPrismaClient } from "@turnout/kit";
import { PrismaClient } from "../src/generated/prisma/client";
import { createTestApp } from "./helpers/test-app";

const { pool, schema, close } = createTestApp();
// Prisma as the service builds it: on the service's one pool.
const db = createPrismaClient(PrismaClient, { pool, schema });
afterAll(() => close());

const HOUR_MS = 3600 * 1000;

const eventData = (overrides: Record<string, unknown> = {}) => {
  const startsAt = new Date(Date.now() + 48 * HOUR_MS);
  return {
    id: randomUUID(),
    organizerId: randomUUID(),
    title: "Drift check",
    description: "Every column through the generated client.",
    startsAt,
    endsAt: new Date(startsAt.getTime() + HOUR_MS),
    timezone: "Europe/Berlin",
    location: "Schema Hall",
    capacity: 10,
    seatsTaken: 2,
    requiresApproval: true,
    category: "drift",
    status: "published",
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
};

test("every Prisma model reads and writes the migrated tables (schema drift check)", async () => {
  const event = await db.event.create({ data: eventData() });
  expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);

  const cancelled = await db.event.update({
    where: { id: event.id },
    data: { status: "cancelled", cancelledAt: new Date(), cancelledBy: randomUUID() },
  });
  expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toEqual(cancelled);

  const reservation = await db.seatReservation.create({
    data: {
      registrationId: randomUUID(),
      eventId: event.id,
      status: "released",
      createdAt: new Date(),
      releasedAt: new Date(),
    },
  });
  expect(
    await db.seatReservation.findUniqueOrThrow({
      where: { registrationId: reservation.registrationId },
    }),
  ).toEqual(reservation);
});

test("the database itself refuses rows that break the rules", async () => {
  const refused = [
    eventData({ seatsTaken: 11 }),
    eventData({ seatsTaken: -1 }),
    eventData({ capacity: 0 }),
    eventData({ status: "draft" }),
    eventData({ category: "Not A Slug" }),
    eventData({ title: "ab" }),
    eventData({ endsAt: new Date(Date.now()) }),
    eventData({ status: "cancelled" }),
  ];
  for (const data of refused) await expect(db.event.create({ data })).rejects.toThrow();

  const event = await db.event.create({ data: eventData() });
  await expect(
    db.seatReservation.create({
      data: { registrationId: randomUUID(), eventId: event.id, status: "pending" },
    }),
  ).rejects.toThrow();
  await expect(
    db.seatReservation.create({
      data: { registrationId: randomUUID(), eventId: randomUUID(), status: "held" },
    }),
  ).rejects.toThrow();
});

test("the search column is generated from title, category, location and description", async () => {
  const event = await db.event.create({
    data: eventData({ title: "Gardening Basics", description: "Seeds and soil" }),
  });
  const rows = await db.$queryRaw<{ search: string }[]>`
    SELECT search::text AS search FROM events WHERE id = ${event.id}::uuid`;
  expect(rows[0]!.search).toEqual(expect.stringContaining("'garden':1A"));
  expect(rows[0]!.search).toEqual(expect.stringContaining("'drift':3B"));
  expect(rows[0]!.search).toEqual(expect.stringContaining("'seed'"));
});
