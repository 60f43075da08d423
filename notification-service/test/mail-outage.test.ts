import { TOPICS } from "@turnout/contracts";
import {
  capturedMail,
  mailOutage,
  registrationConfirmedEvent,
  userRegisteredEvent,
  waitFor,
  waitForMail,
} from "@turnout/test-kit";
import { disconnectPublisher, publish } from "./helpers/events";
import { startTestService, type TestService } from "./helpers/test-service";

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ consumer: true, mailSender: true });
});
afterAll(async () => {
  await disconnectPublisher();
  await t.close();
});

test("with the SMTP server down, the mail waits, is retried with backoff and is sent once it is back", async () => {
  const registered = userRegisteredEvent();
  const user = registered.data;
  await publish(TOPICS.userRegistered, registered);
  await waitFor(
    async () => (await t.db.recipient.findUnique({ where: { userId: user.user_id } })) ?? undefined,
    {
      timeoutMs: 20_000,
    },
  );

  const outage = await mailOutage();
  const confirmed = registrationConfirmedEvent({ user_id: user.user_id, title: "Outage Fest" });
  try {
    await publish(TOPICS.registrationConfirmed, confirmed);
    const failing = await waitFor(
      async () => {
        const row = await t.db.outboundMail.findFirst({ where: { sourceEventId: confirmed.id } });
        return row && row.attempts >= 2 ? row : undefined;
      },
      { timeoutMs: 20_000, message: "two failed attempts" },
    );
    expect(failing.status).toBe("pending");
    expect(failing.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    // The next attempt is scheduled after a backoff, not at once.
    expect(failing.nextAttemptAt.getTime()).toBeGreaterThan(failing.createdAt.getTime());
    expect(await capturedMail({ to: user.email })).toEqual([]);
    // The inbox does not wait for SMTP.
    expect(await t.db.notification.count({ where: { sourceEventId: confirmed.id } })).toBe(1);
  } finally {
    await outage.end();
  }

  const mail = await waitForMail((m) => m.subject.includes("Outage Fest"), { to: user.email });
  const sent = await t.db.outboundMail.findFirstOrThrow({ where: { sourceEventId: confirmed.id } });
  expect(sent.status).toBe("sent");
  expect(sent.attempts).toBeGreaterThanOrEqual(3);
  expect(mail.messageId).toBe(sent.messageId);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(
    (await capturedMail({ to: user.email })).filter((m) => m.subject.includes("Outage")),
  ).toHaveLength(1);
});
