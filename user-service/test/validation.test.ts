import { randomUUID } from "node:crypto";
import request from "supertest";
import { bearer, createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, close } = createTestApp();
afterAll(() => close());

let auth: string;
beforeAll(async () => {
  auth = await bearer((await createProfile(prisma)).id);
});

const expectProblem = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, request_id: expect.any(String) });
};

test.each([
  ["a short username", { username: "ab" }, "username"],
  ["a long username", { username: "a".repeat(33) }, "username"],
  ["a username with spaces", { username: "a b c" }, "username"],
  ["a username with a slash", { username: "../admin" }, "username"],
  ["an empty display name", { display_name: "   " }, "display_name"],
  ["a display name over 100", { display_name: "d".repeat(101) }, "display_name"],
  ["a display name with a newline", { display_name: "a\nb" }, "display_name"],
  ["a bio over 1000", { bio: "b".repeat(1001) }, "bio"],
  ["a bio with a NUL", { bio: "a\u0000b" }, "bio"],
  ["a number as bio", { bio: 42 }, "bio"],
  ["an outside avatar URL", { avatar_url: "javascript:alert(1)" }, "avatar_url"],
  ["an unknown field", { email: "me@example.test" }, ""],
  ["an empty change", {}, ""],
])("PATCH /me with %s is 400 validation_failed naming the field", async (_name, body, field) => {
  const res = await request(app).patch("/api/v1/users/me").set("Authorization", auth).send(body);
  expectProblem(res, 400, "validation_failed");
  expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(field);
});

test("PUT /:id needs every field: a missing one is 400", async () => {
  const profile = await createProfile(prisma);
  const res = await request(app)
    .put(`/api/v1/users/${profile.id}`)
    .set("Authorization", await bearer(profile.id))
    .send({ display_name: "Only this" });
  expectProblem(res, 400, "validation_failed");
  const paths = (res.body as { errors: { path: string }[] }).errors.map((e) => e.path);
  expect(paths).toEqual(expect.arrayContaining(["bio", "username"]));
});

test("bodies that are not JSON objects are refused without a 5xx", async () => {
  const malformed = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", auth)
    .set("Content-Type", "application/json")
    .send("{not json");
  expectProblem(malformed, 400, "malformed_json");

  const form = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", auth)
    .set("Content-Type", "application/x-www-form-urlencoded")
    .send("display_name=x");
  expectProblem(form, 415, "unsupported_media_type");

  const array = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", auth)
    .send([{ display_name: "x" }]);
  expectProblem(array, 400, "validation_failed");

  const huge = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", auth)
    .set("Content-Type", "application/json")
    .send(JSON.stringify({ bio: "x".repeat(200_000) }));
  expectProblem(huge, 413, "payload_too_large");
});

test("path and query parameters are validated", async () => {
  expectProblem(
    await request(app).get("/api/v1/users/by-username/a%20b").set("Authorization", auth),
    400,
    "validation_failed",
  );
  expectProblem(
    await request(app).get("/api/v1/users/me/activity?limit=0").set("Authorization", auth),
    400,
    "validation_failed",
  );
  expectProblem(
    await request(app).get("/api/v1/users/me/activity?limit=101").set("Authorization", auth),
    400,
    "validation_failed",
  );
  expectProblem(
    await request(app).get("/api/v1/users/me/activity?cursor=%%%").set("Authorization", auth),
    400,
    "validation_failed",
  );
  // Ids are UUIDs: anything else names no profile.
  expectProblem(
    await request(app).get("/api/v1/users/not-a-uuid").set("Authorization", auth),
    404,
    "not_found",
  );
  expectProblem(
    await request(app).delete(`/api/v1/users/${randomUUID()}x`).set("Authorization", auth),
    404,
    "not_found",
  );
});

test("a token that does not verify is 401 invalid_token", async () => {
  const res = await request(app).get("/api/v1/users/me").set("Authorization", "Bearer not.a.token");
  expectProblem(res, 401, "invalid_token");
});
