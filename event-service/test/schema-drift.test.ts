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

  const type = await db.ticketType.create({
    data: {
      id: randomUUID(),
      eventId: event.id,
      position: 0,
      name: "Members",
      description: "Bring your card.",
      quota: 5,
      seatsTaken: 0,
      salesStart: new Date(),
      salesEnd: new Date(Date.now() + HOUR_MS),
      maxPerOrder: 4,
      hidden: true,
      accessCodeSha256: "a".repeat(64),
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  });
  expect(await db.ticketType.findUniqueOrThrow({ where: { id: type.id } })).toEqual(type);

  const question = await db.eventQuestion.create({
    data: {
      id: randomUUID(),
      eventId: event.id,
      position: 0,
      label: "Diet?",
      kind: "choice",
      options: ["vegan", "any"],
      required: true,
      per: "seat",
    },
  });
  expect(await db.eventQuestion.findUniqueOrThrow({ where: { id: question.id } })).toEqual(
    question,
  );

  const reservation = await db.seatReservation.create({
    data: {
      registrationId: randomUUID(),
      eventId: event.id,
      status: "released",
      createdAt: new Date(),
      releasedAt: new Date(),
      ticketTypeId: type.id,
      quantity: 2,
      seats: 0,
    },
  });
  expect(
    await db.seatReservation.findUniqueOrThrow({
      where: { registrationId: reservation.registrationId },
    }),
  ).toEqual(reservation);

  const seat = await db.releasedSeat.create({
    data: {
      registrationId: reservation.registrationId,
      seatId: randomUUID(),
      releasedAt: new Date(),
    },
  });
  expect(
    await db.releasedSeat.findUniqueOrThrow({
      where: {
        registrationId_seatId: { registrationId: seat.registrationId, seatId: seat.seatId },
      },
    }),
  ).toEqual(seat);
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
  // A held row needs a type and seats; a type never holds more than its quota.
  await expect(
    db.seatReservation.create({
      data: { registrationId: randomUUID(), eventId: event.id, status: "held" },
    }),
  ).rejects.toThrow();
  const typeData = (overrides: Record<string, unknown>) => ({
    id: randomUUID(),
    eventId: event.id,
    position: 0,
    name: "General admission",
    quota: 5,
    ...overrides,
  });
  for (const data of [
    typeData({ seatsTaken: 6 }),
    typeData({ quota: 0 }),
    typeData({ hidden: true }),
    typeData({ salesStart: new Date(), salesEnd: new Date(Date.now() - HOUR_MS) }),
  ])
    await expect(db.ticketType.create({ data })).rejects.toThrow();
  await expect(
    db.eventQuestion.create({
      data: { id: randomUUID(), eventId: event.id, position: 0, label: "Pick", kind: "choice" },
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
