import { TOPICS } from "@turnout/contracts";
import { capturedMail, userRegisteredEvent, waitFor, waitForMail } from "@turnout/test-kit";
import {
  disconnectPublisher,
  oneTimeTokenData,
  passwordResetRequestedEvent,
  publish,
  userDeletedEvent,
  verificationRequestedEvent,
} from "./helpers/events";
import { PUBLIC_URL, startTestService, type TestService } from "./helpers/test-service";

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ consumer: true, mailSender: true });
});
afterAll(async () => {
  await disconnectPublisher();
  await t.close();
});

test("the welcome mail carries the verification link from email-verification-requested", async () => {
  const registered = userRegisteredEvent();
  const data = oneTimeTokenData(registered.data);
  await publish(TOPICS.userRegistered, registered);
  await publish(TOPICS.emailVerificationRequested, verificationRequestedEvent(data));

  const mail = await waitForMail((m) => m.subject.startsWith("Welcome"), { to: data.email });
  const link = `${PUBLIC_URL}/verify-email?token=${data.token}`;
  expect(mail.text).toContain(link);
  expect(mail.html).toContain(`href="${link}"`);
  // The name typed at sign-up is not greeted with: it is a quoted, labelled detail.
  expect(mail.text.startsWith("Hello,\n")).toBe(true);
  expect(mail.text).toContain("Name given at sign-up: \u201cAda <Lovelace>\u201d");
  expect(mail.html).toContain("\u201cAda &lt;Lovelace&gt;\u201d");

  // The inbox says welcome too; the token never goes there, nor into a log line.
  const inbox = await waitFor(
    async () =>
      (await t.db.notification.findFirst({ where: { userId: data.user_id, type: "welcome" } })) ??
      undefined,
  );
  expect(JSON.stringify({ ...inbox, seq: undefined })).not.toContain(data.token);
  expect(t.logs.join("")).not.toContain(data.token);
  // Once sent, the row keeps no copy of the link.
  const row = await waitFor(async () => {
    const r = await t.db.outboundMail.findFirst({ where: { userId: data.user_id } });
    return r?.status === "sent" ? r : undefined;
  });
  // (More than one attempt when another test's SMTP outage overlapped.)
  expect(row).toMatchObject({ kind: "verify_email", textBody: null, htmlBody: null });
});

test("the password reset mail carries the reset link", async () => {
  const registered = userRegisteredEvent();
  const data = oneTimeTokenData(registered.data);
  await publish(TOPICS.passwordResetRequested, passwordResetRequestedEvent(data));

  const mail = await waitForMail((m) => m.subject === "Reset your Turnout password", {
    to: data.email,
  });
  expect(mail.text).toContain(`${PUBLIC_URL}/reset-password?token=${data.token}`);
  expect(t.logs.join("")).not.toContain(data.token);
});

test("a reset link that expired while waiting is not mailed", async () => {
  const registered = userRegisteredEvent();
  const data = { ...oneTimeTokenData(registered.data), expires_at: new Date().toISOString() };
  const event = passwordResetRequestedEvent(data);
  await publish(TOPICS.passwordResetRequested, event);

  const row = await waitFor(
    async () => {
      const r = await t.db.outboundMail.findFirst({ where: { sourceEventId: event.id } });
      return r?.status === "expired" ? r : undefined;
    },
    { timeoutMs: 20_000, message: "the mail to be expired" },
  );
  expect(row).toMatchObject({ textBody: null, htmlBody: null, sentAt: null });
  expect(await capturedMail({ to: data.email })).toEqual([]);
});

test("a deleted user is not mailed and their address is forgotten", async () => {
  const registered = userRegisteredEvent();
  const userId = registered.data.user_id;
  await publish(TOPICS.userRegistered, registered);
  await waitFor(
    async () => (await t.db.notification.findFirst({ where: { userId } })) ?? undefined,
    { timeoutMs: 20_000 },
  );

  await publish(TOPICS.userDeleted, userDeletedEvent(userId));
  await waitFor(async () => {
    const r = await t.db.recipient.findUnique({ where: { userId } });
    return r?.deletedAt != null;
  });
  expect(await t.db.recipient.findUnique({ where: { userId } })).toMatchObject({
    email: null,
    displayName: null,
  });
  expect(await t.db.notification.count({ where: { userId } })).toBe(0);

  // Mail asked for afterwards (the topics are not ordered with each other) is not sent, and a
  // late user-registered does not bring the address back. Applied directly: see `apply`.
  const reset = passwordResetRequestedEvent(oneTimeTokenData(registered.data));
  await t.apply(reset);
  expect(await t.db.outboundMail.count({ where: { userId } })).toBe(0);
  await t.apply(userRegisteredEvent({ user_id: userId }));
  expect(await t.db.recipient.findUnique({ where: { userId } })).toMatchObject({ email: null });
  expect(await t.db.notification.count({ where: { userId } })).toBe(0);
});
