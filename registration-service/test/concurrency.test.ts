import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { TOPICS } from "@turnout/contracts";
import {
  readTopics,
  startServices,
  waitFor,
  type RunningServices,
  type TopicReader,
} from "@turnout/test-kit";
import { startRegistrationOutboxRelay } from "./helpers/outbox-relay";
import { createEvent, newUser, readEvent, startPlatform, type Platform } from "./helpers/platform";
import { createTestApp, type TestApp } from "./helpers/test-app";

const SIGN_UPS = 500;
const CAPACITY = 100;

const started: {
  platform?: Platform;
  replica?: RunningServices;
  testApp?: TestApp;
  server?: Server;
  relay?: { stop: () => Promise<void> };
  reader?: TopicReader;
} = {};

beforeAll(async () => {
  const platform = (started.platform = await startPlatform());
  // A second registration-service replica: a real process with its own pool, relay and saga.
  started.replica = await startServices(["registration-service"], {
    peers: platform.services.urls,
    env: { "registration-service": { DATABASE_POOL_MAX: "20" } },
  });
  started.testApp = createTestApp({ peers: platform.services.urls, poolMax: 20 });
  started.server = started.testApp.app.listen(0, "127.0.0.1");
  started.reader = await readTopics([TOPICS.registrationConfirmed]);
  started.relay = await startRegistrationOutboxRelay();
}, 240_000);
afterAll(async () => {
  // A failed start leaves later fields unset; stop what did start.
  await started.relay?.stop();
  await started.reader?.stop();
  const { server } = started;
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await started.testApp?.close();
  await started.replica?.stop();
  await started.platform?.stop();
});

test(`${SIGN_UPS} concurrent sign-ups over two replicas for ${CAPACITY} seats: ${CAPACITY} confirmed, the rest waitlisted 1–${SIGN_UPS - CAPACITY}`, async () => {
  const { platform, replica, testApp, server, reader } = started as Required<typeof started>;
  const { event } = await createEvent(platform, { capacity: CAPACITY });
  const users = await Promise.all(Array.from({ length: SIGN_UPS }, () => newUser(platform)));
  const bases = [
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replica.urls["registration-service"]!,
  ];

  const replies = await Promise.all(
    users.map(async (user, i) => {
      const res = await fetch(`${bases[i % 2]!}/api/v1/registrations`, {
        method: "POST",
        headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ event_id: event.id }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }),
  );
  expect(replies.filter((r) => r.status !== 201)).toEqual([]);

  const rows = await testApp.db.registration.findMany({ where: { eventId: event.id } });
  expect(rows).toHaveLength(SIGN_UPS);
  const confirmed = rows.filter((r) => r.status === "confirmed");
  const waitlisted = rows.filter((r) => r.status === "waitlisted");
  expect(confirmed).toHaveLength(CAPACITY);
  expect(waitlisted).toHaveLength(SIGN_UPS - CAPACITY);
  expect((await readEvent(platform, event.id)).seats_taken).toBe(CAPACITY);

  // Positions as read now, and as each reply gave them: exactly 1..400, no gaps, no twins.
  const expected = Array.from({ length: SIGN_UPS - CAPACITY }, (_, i) => i + 1);
  const page = await testApp.db.$queryRawUnsafe<{ position: bigint }[]>(
    `SELECT row_number() OVER (ORDER BY waitlist_seq) AS position FROM registrations
       WHERE event_id = $1::uuid AND status = 'waitlisted'`,
    event.id,
  );
  expect(page.map((p) => Number(p.position))).toEqual(expected);
  const replied = replies
    .filter((r) => r.body.status === "waitlisted")
    .map((r) => r.body.waitlist_position as number)
    .sort((a, b) => a - b);
  expect(replied).toEqual(expected);

  // registration-confirmed on Kafka matches the confirmed rows one for one.
  const confirmedIds = confirmed.map((r) => r.id).sort();
  const published = () =>
    reader.messages
      .map(
        (m) =>
          JSON.parse(m.value!.toString()) as {
            data: { event_id: string; registration_id: string };
          },
      )
      .filter((e) => e.data.event_id === event.id)
      .map((e) => e.data.registration_id);
  await waitFor(() => published().length >= CAPACITY, { timeoutMs: 30_000 });

  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(published().sort()).toEqual(confirmedIds);
}, 90_000);
