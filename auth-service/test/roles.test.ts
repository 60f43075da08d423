import request from "supertest";
import { decodeJwt } from "jose";
import { randomUUID } from "node:crypto";
import { stackTokenMinter, type TokenMinter } from "@turnout/test-kit";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

const { app, close } = createTestApp();
afterAll(() => close());

let minter: TokenMinter;
beforeAll(async () => {
  minter = await stackTokenMinter();
});

/**
 * Arrange: a registered account holding an admin token signed with the stack's Vault key, as
 * auth would mint it. No admin row is written: first-admin.test.ts needs a platform without
 * admins, and the whole run shares one database.
 */
async function admin(): Promise<{ id: string; token: string }> {
  const { id } = await registerUser(app);
  return { id, token: await minter.mint({ sub: id, roles: ["attendee", "admin"] }) };
}

const setRoles = (id: string, token: string, body: unknown) =>
  request(app)
    .put(`/api/v1/auth/users/${id}/roles`)
    .set("Authorization", `Bearer ${token}`)
    .send(body as object);

const loginRoles = async (email: string): Promise<unknown> => {
  const res = await request(app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email, password: PASSWORD });
  expect(res.status).toBe(200);
  return decodeJwt((res.body as { access_token: string }).access_token).roles;
};

test("an admin sets a user's roles; attendee is kept and the next login's token carries them", async () => {
  const { token } = await admin();
  const user = await registerUser(app);

  const res = await setRoles(user.id, token, { roles: ["organizer"] });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    id: user.id,
    email: user.email,
    roles: ["attendee", "organizer"],
    email_verified: false,
  });
  expect(await loginRoles(user.email)).toEqual(["attendee", "organizer"]);

  const back = await setRoles(user.id, token, { roles: ["attendee"] });
  expect(back.status).toBe(200);
  expect((back.body as { roles: string[] }).roles).toEqual(["attendee"]);
  expect(await loginRoles(user.email)).toEqual(["attendee"]);
});

test("a non-admin gets 403 and an anonymous caller 401", async () => {
  const user = await registerUser(app);
  const caller = await registerUser(app);
  const organizerToken = await minter.mint({ sub: caller.id, roles: ["attendee", "organizer"] });
  const res = await setRoles(user.id, organizerToken, { roles: ["organizer"] });
  expect(res.status).toBe(403);
  expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  const anonymous = await request(app)
    .put(`/api/v1/auth/users/${user.id}/roles`)
    .send({ roles: ["organizer"] });
  expect(anonymous.status).toBe(401);
  expect(await loginRoles(user.email)).toEqual(["attendee"]);
});

test("an unknown user id is 404", async () => {
  const { token } = await admin();
  const res = await setRoles(randomUUID(), token, { roles: ["organizer"] });
  expect(res.status).toBe(404);
  expect((res.body as { code: string }).code).toBe("user_not_found");
});

test("an admin cannot remove their own admin role (422)", async () => {
  const { id, token } = await admin();
  const res = await setRoles(id, token, { roles: ["attendee", "organizer"] });
  expect(res.status).toBe(422);
  expect((res.body as { code: string }).code).toBe("cannot_remove_own_admin");
});

test.each([
  ["empty list", { roles: [] }],
  ["unknown role", { roles: ["superuser"] }],
  ["duplicates", { roles: ["organizer", "organizer"] }],
  ["not a list", { roles: "organizer" }],
  ["missing roles", {}],
])("invalid roles are 400 (%s)", async (_name, body) => {
  const { token } = await admin();
  const user = await registerUser(app);
  const res = await setRoles(user.id, token, body);
  expect(res.status).toBe(400);
  expect((res.body as { code: string }).code).toBe("validation_failed");
});

test("a malformed id is 400", async () => {
  const { token } = await admin();
  const res = await setRoles("not-a-uuid", token, { roles: ["organizer"] });
  expect(res.status).toBe(400);
});
