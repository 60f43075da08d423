import { randomUUID } from "node:crypto";
import request from "supertest";
import { uniqueUsername } from "@turnout/test-kit";
import { bearer, createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, close } = createTestApp();
afterAll(() => close());

test("GET /me answers the caller's profile without the email", async () => {
  const profile = await createProfile(prisma, { displayName: "Ada Lovelace" });
  const res = await request(app)
    .get("/api/v1/users/me")
    .set("Authorization", await bearer(profile.id));
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    id: profile.id,
    username: profile.username,
    display_name: "Ada Lovelace",
    bio: null,
    avatar_url: null,
    created_at: expect.any(String),
    updated_at: expect.any(String),
  });
  expect(JSON.stringify(res.body)).not.toContain(profile.email);
});

test("before user-registered arrived, GET /me is a problem+json 404 profile_not_found", async () => {
  const res = await request(app)
    .get("/api/v1/users/me")
    .set("Authorization", await bearer(randomUUID()));
  expect(res.status).toBe(404);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ code: "profile_not_found", status: 404 });
});

test("without a token /me is 401", async () => {
  const res = await request(app).get("/api/v1/users/me");
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ code: "unauthorized" });
});

test("PATCH /me changes only the given fields and stores the username lower-cased", async () => {
  const profile = await createProfile(prisma, { displayName: "Before" });
  const auth = await bearer(profile.id);
  const username = uniqueUsername("New.Name");
  const res = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", auth)
    .send({ bio: "Line one\nLine two", username });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    display_name: "Before",
    bio: "Line one\nLine two",
    username: username.toLowerCase(),
  });
  const cleared = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", auth)
    .send({ display_name: null, bio: null });
  expect(cleared.body).toMatchObject({ display_name: null, bio: null });
  expect(Date.parse((cleared.body as { updated_at: string }).updated_at)).toBeGreaterThan(
    Date.parse((res.body as { created_at: string }).created_at) - 1,
  );
});

test("a username taken in another letter case is 409 username_taken", async () => {
  const taken = await createProfile(prisma);
  const other = await createProfile(prisma);
  const res = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", await bearer(other.id))
    .send({ username: taken.username.toUpperCase() });
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ code: "username_taken" });
  // Keeping one's own username (any case) is no conflict.
  const own = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", await bearer(taken.id))
    .send({ username: taken.username.toUpperCase() });
  expect(own.status).toBe(200);
});

test("GET /by-username finds a public profile whatever the letter case, never with the email", async () => {
  const profile = await createProfile(prisma);
  const viewer = await bearer(randomUUID());
  const res = await request(app)
    .get(`/api/v1/users/by-username/${profile.username.toUpperCase()}`)
    .set("Authorization", viewer);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id: profile.id, username: profile.username });
  expect(res.body).not.toHaveProperty("email");

  const missing = await request(app)
    .get(`/api/v1/users/by-username/${uniqueUsername("nobody")}`)
    .set("Authorization", viewer);
  expect(missing.status).toBe(404);
  expect(missing.body).toMatchObject({ code: "profile_not_found" });
});

test("a user cannot read, patch, replace or delete another user's profile (403)", async () => {
  const victim = await createProfile(prisma, { displayName: "Victim" });
  const attacker = await bearer((await createProfile(prisma)).id);
  const path = `/api/v1/users/${victim.id}`;
  const replies = [
    await request(app).get(path).set("Authorization", attacker),
    await request(app).patch(path).set("Authorization", attacker).send({ display_name: "Pwned" }),
    await request(app)
      .put(path)
      .set("Authorization", attacker)
      .send({ display_name: "Pwned", bio: null, username: uniqueUsername("pwn") }),
    await request(app).delete(path).set("Authorization", attacker),
  ];
  for (const res of replies) {
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "forbidden" });
  }
  // Even for a profile that does not exist: 403 says nothing about existence.
  const unknown = await request(app)
    .patch(`/api/v1/users/${randomUUID()}`)
    .set("Authorization", attacker)
    .send({ display_name: "x" });
  expect(unknown.status).toBe(403);
  expect((await prisma.profile.findUniqueOrThrow({ where: { id: victim.id } })).displayName).toBe(
    "Victim",
  );
});

test("the user themselves may use /:id; an admin may too and also sees the email", async () => {
  const profile = await createProfile(prisma);
  const own = await request(app)
    .patch(`/api/v1/users/${profile.id}`)
    .set("Authorization", await bearer(profile.id))
    .send({ display_name: "Self" });
  expect(own.status).toBe(200);
  expect(own.body).not.toHaveProperty("email");

  const admin = await bearer(randomUUID(), ["attendee", "admin"]);
  const username = uniqueUsername("replaced");
  const replaced = await request(app)
    .put(`/api/v1/users/${profile.id}`)
    .set("Authorization", admin)
    .send({ display_name: "Replaced", bio: "by an admin", username });
  expect(replaced.status).toBe(200);
  expect(replaced.body).toMatchObject({
    display_name: "Replaced",
    bio: "by an admin",
    username: username.toLowerCase(),
    email: profile.email,
  });
  const read = await request(app).get(`/api/v1/users/${profile.id}`).set("Authorization", admin);
  expect(read.body).toMatchObject({ id: profile.id, email: profile.email });

  const unknown = await request(app)
    .get(`/api/v1/users/${randomUUID()}`)
    .set("Authorization", admin);
  expect(unknown.status).toBe(404);
  expect(unknown.body).toMatchObject({ code: "profile_not_found" });
});
