import { randomUUID } from "node:crypto";
import request from "supertest";
import { TOPICS, userSettingsChangedV1 } from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { watchPublished } from "./helpers/outbox-relay";
import { bearer, createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, close } = createTestApp();
afterAll(async () => {
  await close();
});
const eventsFor = watchPublished(TOPICS.userSettingsChanged, userSettingsChangedV1.envelope);

const put = async (userId: string, body: unknown) =>
  request(app)
    .put("/api/v1/users/me/settings")
    .set("Authorization", await bearer(userId))
    .send(body as object);
const patch = async (userId: string, body: unknown) =>
  request(app)
    .patch("/api/v1/users/me/settings")
    .set("Authorization", await bearer(userId))
    .send(body as object);

test("settings are the defaults until saved", async () => {
  const { id } = await createProfile(prisma);
  const res = await request(app)
    .get("/api/v1/users/me/settings")
    .set("Authorization", await bearer(id));
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    notifications: { email: true, in_app: true },
    locale: "en",
    timezone: "UTC",
    event_reminders: true,
  });
});

test("a change is saved in canonical form and published as user-settings-changed", async () => {
  const { id } = await createProfile(prisma);
  const res = await put(id, {
    notifications: { email: false, in_app: true },
    locale: "de-de",
    timezone: "europe/berlin",
  });
  expect(res.status).toBe(200);
  const saved = {
    notifications: { email: false, in_app: true },
    locale: "de-DE",
    timezone: "Europe/Berlin",
    event_reminders: true,
  };
  expect(res.body).toEqual(saved);
  const read = await request(app)
    .get("/api/v1/users/me/settings")
    .set("Authorization", await bearer(id));
  expect(read.body).toEqual(saved);

  await waitFor(() => eventsFor(id).length > 0, { timeoutMs: 20_000, message: "the event" });
  expect(eventsFor(id)[0]).toMatchObject({
    type: "turnout.user.settings-changed.v1",
    source: "/turnout/user-service",
    subject: id,
    data: { user_id: id, ...saved, changed_at: expect.any(String) },
  });
});

test("saving what is already in effect publishes nothing", async () => {
  const { id } = await createProfile(prisma);
  const defaults = { notifications: { email: true, in_app: true }, locale: "en", timezone: "UTC" };
  expect((await put(id, defaults)).status).toBe(200);
  const changed = { ...defaults, timezone: "Asia/Tokyo" };
  expect((await put(id, changed)).status).toBe(200);
  expect((await put(id, changed)).status).toBe(200);
  // A later change is published after anything before it (same key): a sentinel.
  expect((await put(id, { ...changed, locale: "ja" })).status).toBe(200);
  await waitFor(() => eventsFor(id).length >= 2, { timeoutMs: 20_000, message: "the events" });
  expect(eventsFor(id).map((e) => [e.data.timezone, e.data.locale])).toEqual([
    ["Asia/Tokyo", "en"],
    ["Asia/Tokyo", "ja"],
  ]);
});

test.each([
  ["an unknown locale", { locale: "not a locale" }, "locale"],
  ["an underscore locale", { locale: "en_US" }, "locale"],
  ["an unknown time zone", { timezone: "Mars/Olympus_Mons" }, "timezone"],
  ["an offset as time zone", { timezone: "+01:00" }, "timezone"],
  [
    "a string for a channel",
    { notifications: { email: "yes", in_app: true } },
    "notifications.email",
  ],
  ["a missing channel", { notifications: { email: true } }, "notifications.in_app"],
  ["an unknown field", { theme: "dark" }, ""],
])("%s is a 400 validation_failed naming the field", async (_name, change, field) => {
  const { id } = await createProfile(prisma);
  const body = {
    notifications: { email: true, in_app: true },
    locale: "en",
    timezone: "UTC",
    ...change,
  };
  const res = await put(id, body);
  expect(res.status).toBe(400);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ code: "validation_failed" });
  expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(field);
});

test("settings of a user without a profile are 404 profile_not_found", async () => {
  const res = await put(randomUUID(), {
    notifications: { email: true, in_app: false },
    locale: "en",
    timezone: "UTC",
  });
  expect(res.status).toBe(404);
  expect(res.body).toMatchObject({ code: "profile_not_found" });
});

test("event_reminders: PATCH turns it off and publishes it; a PUT without it keeps it", async () => {
  const { id } = await createProfile(prisma);
  const off = await patch(id, { event_reminders: false });
  expect(off.status).toBe(200);
  const expected = {
    notifications: { email: true, in_app: true },
    locale: "en",
    timezone: "UTC",
    event_reminders: false,
  };
  expect(off.body).toEqual(expected);
  // A client that predates the field replaces the rest and leaves the reminders off.
  const put1 = await put(id, {
    notifications: { email: false, in_app: true },
    locale: "en",
    timezone: "UTC",
  });
  expect(put1.body).toEqual({ ...expected, notifications: { email: false, in_app: true } });
  // A partial PATCH changes one channel only; then the reminders go back on.
  const channel = await patch(id, { notifications: { in_app: false } });
  expect(channel.body).toMatchObject({ notifications: { email: false, in_app: false } });
  expect((await patch(id, { event_reminders: true })).body).toMatchObject({
    event_reminders: true,
  });

  await waitFor(() => eventsFor(id).length >= 4, { timeoutMs: 20_000, message: "the events" });
  expect(eventsFor(id).map((e) => [e.data.event_reminders, e.data.notifications])).toEqual([
    [false, { email: true, in_app: true }],
    [false, { email: false, in_app: true }],
    [false, { email: false, in_app: false }],
    [true, { email: false, in_app: false }],
  ]);
});

test.each([
  ["a string for event_reminders", { event_reminders: "no" }, "event_reminders"],
  ["null for event_reminders", { event_reminders: null }, "event_reminders"],
  ["a bad time zone", { timezone: "Mars/Olympus_Mons" }, "timezone"],
  ["an unknown channel", { notifications: { sms: true } }, "notifications"],
])("PATCH with %s is a 400 validation_failed naming the field", async (_name, body, field) => {
  const { id } = await createProfile(prisma);
  const res = await patch(id, body);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: "validation_failed" });
  expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(field);
});
