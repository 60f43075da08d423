import request from "supertest";
import { TOPICS, userRegisteredV1 } from "@turnout/contracts";
import {
  readTopics,
  uniqueEmail,
  uniqueUsername,
  waitFor,
  type TopicReader,
} from "@turnout/test-kit";
import { startAuthOutboxRelay } from "./helpers/outbox-relay";
import { createTestApp, PASSWORD } from "./helpers/test-app";

const { app, prisma, close } = createTestApp();
let relay: { stop: () => Promise<void> };
let reader: TopicReader;

beforeAll(async () => {
  reader = await readTopics([TOPICS.userRegistered]);
  relay = await startAuthOutboxRelay();
});
afterAll(async () => {
  await relay.stop();
  await reader.stop();
  await close();
});

const register = (body: object) => request(app).post("/api/v1/auth/register").send(body);
const eventsFor = (email: string) =>
  reader.messages
    .map((m) => JSON.parse(m.value!.toString()) as { data: { email: string } })
    .filter((e) => e.data.email === email);

test("registering answers 201 with the account and publishes user-registered", async () => {
  const email = uniqueEmail("Reg");
  const username = uniqueUsername("Reg");
  const res = await register({
    email: `  ${email.toUpperCase()} `,
    password: PASSWORD,
    username,
    display_name: "Ada Lovelace",
  });
  expect(res.status).toBe(201);
  const body = res.body as Record<string, unknown>;
  expect(body).toEqual({
    id: expect.any(String),
    email: email.toLowerCase(),
    username: username.toLowerCase(),
    roles: ["attendee"],
    email_verified: false,
    created_at: expect.any(String),
  });

  await waitFor(() => eventsFor(email.toLowerCase()).length > 0, { timeoutMs: 20_000 });
  const event = userRegisteredV1.envelope.parse(eventsFor(email.toLowerCase())[0]);
  expect(event).toMatchObject({
    source: "/turnout/auth-service",
    subject: body.id,
    data: {
      user_id: body.id,
      email: email.toLowerCase(),
      username: username.toLowerCase(),
      display_name: "Ada Lovelace",
      roles: ["attendee"],
      email_verified: false,
      registered_at: body.created_at,
    },
  });
});

test("without username or display name both are null, in the reply and in the event", async () => {
  const email = uniqueEmail("bare");
  const res = await register({ email, password: PASSWORD });
  expect(res.status).toBe(201);
  expect((res.body as { username: unknown }).username).toBeNull();
  await waitFor(() => eventsFor(email).length > 0, { timeoutMs: 20_000 });
  expect(eventsFor(email)[0]).toMatchObject({ data: { username: null, display_name: null } });
});

test("a taken email (any letter case) is answered like a new one but creates and publishes nothing; a taken username is 409", async () => {
  const email = uniqueEmail("dup");
  const username = uniqueUsername("dup");
  const first = await register({ email, username, password: PASSWORD });
  expect(first.status).toBe(201);

  const sameEmail = await register({ email: email.toUpperCase(), password: PASSWORD });
  expect(sameEmail.status).toBe(201);
  expect(Object.keys(sameEmail.body as object).sort()).toEqual(
    Object.keys(first.body as object).sort(),
  );
  expect(sameEmail.body).toMatchObject({ email, email_verified: false, roles: ["attendee"] });
  expect((sameEmail.body as { id: string }).id).not.toBe((first.body as { id: string }).id);
  expect(await prisma.user.count({ where: { email } })).toBe(1);
  expect(await prisma.user.count({ where: { id: (sameEmail.body as { id: string }).id } })).toBe(0);

  const otherEmail = uniqueEmail("dup2");
  const sameName = await register({
    email: otherEmail,
    username: username.toUpperCase(),
    password: PASSWORD,
  });
  expect(sameName.status).toBe(409);
  expect(sameName.body).toMatchObject({ code: "username_taken", status: 409 });
  expect(sameName.headers["content-type"]).toContain("application/problem+json");

  // A later registration's event proves the relay has published everything before it.
  const sentinel = uniqueEmail("sentinel");
  expect((await register({ email: sentinel, password: PASSWORD })).status).toBe(201);
  await waitFor(() => eventsFor(sentinel).length > 0 && eventsFor(email).length > 0, {
    timeoutMs: 20_000,
  });
  expect(eventsFor(email)).toHaveLength(1);
  expect(eventsFor(otherEmail)).toHaveLength(0);
});

test("concurrent registrations of one email: all 201, one account, one event", async () => {
  // All pass the pre-check while the password hashes; the insert decides who wins.
  const email = uniqueEmail("race");
  const replies = await Promise.all(
    Array.from({ length: 4 }, () => register({ email, password: PASSWORD })),
  );
  expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  expect(await prisma.user.count({ where: { email } })).toBe(1);

  const sentinel = uniqueEmail("race-sentinel");
  expect((await register({ email: sentinel, password: PASSWORD })).status).toBe(201);
  await waitFor(() => eventsFor(sentinel).length > 0, { timeoutMs: 20_000 });
  expect(eventsFor(email)).toHaveLength(1);
});

test.each([
  ["a missing email", { password: PASSWORD }, "email"],
  ["a missing password", { email: "x@example.test" }, "password"],
  ["a number for email", { email: 42, password: PASSWORD }, "email"],
  ["a bad email", { email: "not-an-email", password: PASSWORD }, "email"],
  ["an oversized email", { email: `${"a".repeat(250)}@example.test`, password: PASSWORD }, "email"],
  ["a short password", { email: "x@example.test", password: "short-pass1" }, "password"],
  ["a long password", { email: "x@example.test", password: "p".repeat(129) }, "password"],
  ["a short username", { email: "x@example.test", password: PASSWORD, username: "ab" }, "username"],
  ["a bad username", { email: "x@example.test", password: PASSWORD, username: "a b!" }, "username"],
  [
    "an oversized display name",
    { email: "x@example.test", password: PASSWORD, display_name: "d".repeat(101) },
    "display_name",
  ],
])("%s is a 400 validation_failed naming the field", async (_name, body, field) => {
  const res = await register(body);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: "validation_failed" });
  const errors = (res.body as { errors: { path: string }[] }).errors;
  expect(errors.map((e) => e.path)).toContain(field);
});

test("a body that is not JSON is refused without a 5xx", async () => {
  const res = await request(app)
    .post("/api/v1/auth/register")
    .set("Content-Type", "application/json")
    .send("{not json");
  expect(res.status).toBe(400);
});

test("an oversized body is 413 and a non-JSON body is 415, both as problem+json", async () => {
  const huge = await request(app)
    .post("/api/v1/auth/register")
    .set("Content-Type", "application/json")
    .send(
      JSON.stringify({
        email: uniqueEmail(),
        password: PASSWORD,
        display_name: "x".repeat(300_000),
      }),
    );
  expect(huge.status).toBe(413);
  expect(huge.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(huge.body).toMatchObject({ code: "payload_too_large" });

  const form = await request(app)
    .post("/api/v1/auth/register")
    .set("Content-Type", "application/x-www-form-urlencoded")
    .send("email=a%40b.test&password=correct+horse+battery");
  expect(form.status).toBe(415);
  expect(form.body).toMatchObject({ code: "unsupported_media_type" });
});
