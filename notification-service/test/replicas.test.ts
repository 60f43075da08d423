import { readFileSync } from "node:fs";
import { TOPICS } from "@turnout/contracts";
import {
  capturedMail,
  registrationConfirmedEvent,
  stackTokenMinter,
  startServices,
  userRegisteredEvent,
  waitFor,
  waitForMail,
  type RunningServices,
} from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { disconnectPublisher, publish } from "./helpers/events";
import { openStream, type SseClient } from "./helpers/sse-client";
import { MAIL_FROM, PUBLIC_URL, startTestService, type TestService } from "./helpers/test-service";

// Replica A: the service as a real process (`npm start`), consuming as the `notification-service`
// group and sending mail. Replica B: a second instance in this process with no consumer, so
// whatever reaches B's streams came through PostgreSQL NOTIFY from another connection.
let a: RunningServices;
let b: TestService;
const streams: SseClient[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([
    startServices([SERVICE], {
      env: {
        [SERVICE]: {
          LOG_LEVEL: "debug",
          // The purge's "nothing expired" line is a debug line A writes on its own, whether or
          // not the shared group gave its consumer anything (or a rebalance crashed it).
          PURGE_INTERVAL_MS: "1000",
          // Replicas share the tables, so they share what goes into a mail (test-service.ts).
          PUBLIC_URL,
          MAIL_FROM,
          MAIL_POLL_MS: "200",
          MAIL_RETRY_BASE_MS: "200",
          MAIL_RETRY_MAX_MS: "1000",
        },
      },
    }),
    startTestService({ mailSender: true }),
  ]);
}, 90_000);
afterAll(async () => {
  for (const stream of streams) stream.close();
  await disconnectPublisher();
  await Promise.all([a.stop(), b.close()]);
});

test("a notification written by one replica's consumer reaches a stream on the other, and is mailed once", async () => {
  const urlA = a.urls[SERVICE] ?? "";
  const registered = userRegisteredEvent();
  const user = registered.data;
  const token = await (await stackTokenMinter()).mint({ sub: user.user_id });
  const onA = await openStream(`${urlA}/api/v1/notifications/stream`, {
    authorization: `Bearer ${token}`,
  });
  const onB = await openStream(`${b.url}/api/v1/notifications/stream`, {
    authorization: `Bearer ${token}`,
  });
  streams.push(onA, onB);
  expect([onA.status, onB.status]).toEqual([200, 200]);

  await publish(TOPICS.userRegistered, registered);
  await waitFor(
    async () => (await b.db.recipient.findUnique({ where: { userId: user.user_id } })) ?? undefined,
    {
      // The group is shared with other test files' processes; one SIGKILLed on purpose
      // (proof/consumer-killed) stalls it for the 30 s session timeout.
      timeoutMs: 75_000,
      message: "replica A to store the recipient",
    },
  );
  const confirmed = registrationConfirmedEvent({ user_id: user.user_id, title: "Two Replicas" });
  await publish(TOPICS.registrationConfirmed, confirmed);

  const isConfirmation = (e: { data: string }) =>
    (JSON.parse(e.data) as { type: string }).type === "registration_confirmed";
  const [fromA, fromB] = await Promise.all([
    onA.next(isConfirmation, 20_000),
    onB.next(isConfirmation, 20_000),
  ]);
  const row = await b.db.notification.findFirstOrThrow({ where: { sourceEventId: confirmed.id } });
  expect([fromA.id, fromB.id]).toEqual([row.id, row.id]);
  expect(fromB.receivedAt - row.createdAt.getTime()).toBeLessThan(1000);

  // Both replicas run a mail sender on the same table; the row is sent by one of them, once.
  await waitForMail((m) => m.subject.includes("Two Replicas"), { to: user.email });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const mails = await capturedMail({ to: user.email });
  expect(mails.filter((m) => m.subject.includes("Two Replicas"))).toHaveLength(1);

  // Replica A logs at debug level, and never the bearer token. (Which process of the group
  // applied the event is the broker's choice: other test files run members of it too.)
  const log = await waitFor(
    () => {
      const text = readFileSync(a.processes[SERVICE]?.logFile ?? "", "utf8");
      return text.includes('"level":"debug"') ? text : undefined;
    },
    { timeoutMs: 30_000, message: "a debug line from replica A" },
  );
  expect(log).not.toContain(token);
}, 120_000);

test("stopping a replica ends its open streams and shuts down cleanly", async () => {
  const proc = a.processes[SERVICE];
  const token = await (await stackTokenMinter()).mint({ sub: crypto.randomUUID() });
  const stream = await openStream(`${a.urls[SERVICE] ?? ""}/api/v1/notifications/stream`, {
    authorization: `Bearer ${token}`,
  });
  streams.push(stream);
  expect(stream.status).toBe(200);

  const started = Date.now();
  await a.stop();
  expect(await proc?.exited).toBe(0);
  // The streams are ended first, so the HTTP drain does not wait out its timeout.
  expect(Date.now() - started).toBeLessThan(8000);
  const log = readFileSync(proc?.logFile ?? "", "utf8");
  const lines = log.split("\n").filter((line) => line.includes('"message":"shutdown step"'));
  expect(lines.find((line) => line.includes("end notification streams"))).toContain(
    '"result":"ok"',
  );
  expect(lines.find((line) => line.includes('"step":"drain"'))).toContain('"result":"ok"');
  expect(log).toContain('"exit_code":0');
}, 30_000);
