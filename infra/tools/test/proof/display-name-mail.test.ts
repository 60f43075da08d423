import { randomBytes, randomUUID } from "node:crypto";
import { createEvent, emailVerificationRequestedV1, TOPICS } from "@turnout/contracts";
import {
  stackTokenMinter,
  startServices,
  testKafka,
  uniqueEmail,
  userRegisteredEvent,
  waitFor,
  waitForMail,
  type RunningServices,
} from "@turnout/test-kit";
import { MAIL_WAIT_MS } from "./proof-platform";

jest.setTimeout(180_000);

/**
 * Issue 18, item 5: a display name must not inject text into the welcome mail, which goes to
 * whatever address was typed at sign-up. One rule at every door: auth's sign-up refuses such a
 * name; the consumers of an event that still carries one (an older producer) clean it; the mail
 * prints a name only quoted and labelled, escaped in HTML.
 */
let services: RunningServices;
const url = (service: string) => services.urls[service]!;
beforeAll(async () => {
  services = await startServices(["auth-service", "user-service", "notification-service"]);
}, 180_000);
afterAll(() => services.stop());

const INJECTION = "Bob\n\nYour account is locked, visit http://evil.example";

const register = (body: object) =>
  fetch(`${url("auth-service")}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: "a long enough password", ...body }),
  });

test("sign-up refuses a display name with line breaks and a link: 400 validation_failed", async () => {
  const res = await register({ email: uniqueEmail("inject"), display_name: INJECTION });
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as { code: string; errors: { path: string }[] };
  expect(problem.code).toBe("validation_failed");
  expect(problem.errors.map((e) => e.path)).toContain("display_name");
});

test("a name that is allowed is printed inert: quoted, labelled, escaped, never a line of its own", async () => {
  const email = uniqueEmail("inert");
  const name = 'Support "Team" <b>evil.example</b>';
  expect((await register({ email, display_name: name })).status).toBe(201);

  const mail = await waitForMail((m) => m.subject.startsWith("Welcome"), {
    to: email,
    timeoutMs: MAIL_WAIT_MS,
  });
  // Not greeted with: the name is a labelled detail, in quotes.
  expect(mail.text.startsWith("Hello,\n")).toBe(true);
  expect(mail.text).toContain(`\nName given at sign-up: \u201c${name}\u201d\n`);
  for (const line of mail.text.split(/\r?\n/)) expect(line.startsWith("Support")).toBe(false);
  // In HTML it is text, not markup, and no link points anywhere but the verification page.
  expect(mail.html).toContain(
    "\u201cSupport &quot;Team&quot; &lt;b&gt;evil.example&lt;/b&gt;\u201d",
  );
  expect(mail.html).not.toContain("<b>");
  for (const [, href] of mail.html.matchAll(/href="([^"]*)"/g)) {
    expect(href).toMatch(/\/verify-email\?token=/);
  }
});

test("an event that still carries such a name is cleaned by its consumers, not dead-lettered", async () => {
  // What an older producer could still have written to the topics.
  const registered = userRegisteredEvent({ display_name: INJECTION, username: null });
  const { user_id: userId, email } = registered.data;
  const verification = createEvent(emailVerificationRequestedV1, {
    source: "/turnout/auth-service",
    data: {
      user_id: userId,
      email,
      display_name: INJECTION,
      token: randomBytes(32).toString("base64url"),
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      requested_at: new Date().toISOString(),
    },
  });
  const producer = testKafka(`proof-display-name-${randomUUID()}`).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: TOPICS.userRegistered,
      messages: [{ key: userId, value: JSON.stringify(registered) }],
    });
    await producer.send({
      topic: TOPICS.emailVerificationRequested,
      messages: [{ key: userId, value: JSON.stringify(verification) }],
    });
  } finally {
    await producer.disconnect();
  }

  const mail = await waitForMail((m) => m.subject.startsWith("Welcome"), {
    to: email,
    timeoutMs: MAIL_WAIT_MS,
  });
  expect(mail.text).not.toMatch(/locked|evil\.example/);
  expect(mail.html).not.toMatch(/locked|evil\.example/);

  // The profile exists (the event was applied, not dead-lettered) without the injected name.
  const token = await (await stackTokenMinter()).mint({ sub: userId, roles: ["attendee"] });
  const profile = await waitFor(
    async () => {
      const res = await fetch(`${url("user-service")}/api/v1/users/me`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      return res.status === 200
        ? ((await res.json()) as { display_name: string | null })
        : undefined;
    },
    { timeoutMs: MAIL_WAIT_MS, message: "the profile from user-registered" },
  );
  expect(profile.display_name).toBeNull();
});
