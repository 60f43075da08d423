import { randomUUID } from "node:crypto";
import { createEvent, registrationCheckedInV1, TOPICS } from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { processedCount, startUserServiceConsumer } from "./helpers/consumer";
import { newIds, publish, registrationCheckedInEvent } from "./helpers/events";
import { createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { prisma, pool, close } = createTestApp();
let consumer: Awaited<ReturnType<typeof startUserServiceConsumer>>;

beforeAll(async () => {
  consumer = await startUserServiceConsumer();
});
afterAll(async () => {
  await consumer.stop();
  await close();
});

test("a booking whose seats are checked in one by one makes one history entry", async () => {
  const { id } = await createProfile(prisma);
  const ids = newIds(id);
  const seat = (at: string) => {
    const base = registrationCheckedInEvent(ids, at);
    return createEvent(registrationCheckedInV1, {
      source: base.source,
      data: { ...base.data, seat_id: randomUUID(), gate: "North door", checked_in_by: id },
    });
  };
  const seats = [
    seat("2030-01-04T10:00:00.000Z"),
    seat("2030-01-04T10:05:00.000Z"),
    seat("2030-01-04T10:09:00.000Z"),
  ];
  await publish(TOPICS.registrationCheckedIn, seats);
  // Every message was handled (the consumer records each one it applied or skipped).
  await waitFor(
    async () => {
      const counts = await Promise.all(
        seats.map((m) => processedCount(pool, consumer.groupId, m.id)),
      );
      return counts.every((n) => n === 1);
    },
    { timeoutMs: 20_000, message: "the three seats' messages handled" },
  );
  const entries = await prisma.activity.findMany({
    where: { userId: id, registrationId: ids.registration_id },
  });
  expect(entries.map((e) => [e.type, e.at.toISOString()])).toEqual([
    ["checked_in", "2030-01-04T10:00:00.000Z"],
  ]);
});
