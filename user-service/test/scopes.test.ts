import request from "supertest";
import { API_SCOPES } from "@turnout/kit";
import { stackTokenMinter, unscopedRoutes, type TokenMinter } from "@turnout/test-kit";
import { createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, close } = createTestApp();
afterAll(() => close());

let minter: TokenMinter;
beforeAll(async () => {
  minter = await stackTokenMinter();
});

/** Account and admin routes: API tokens never open them (docs/integrations.md, "Scopes"). */
const ACCOUNT_ROUTES = ["GET /api/v1/users", "DELETE /api/v1/users/{id}"];

const bearer = async (sub: string, scope?: string, roles = ["attendee"]) =>
  `Bearer ${await minter.mint({ sub, roles, scope })}`;

test("an API token reads the own profile with profile:read and cannot change it without profile:write", async () => {
  const { id } = await createProfile(prisma);
  const read = await request(app)
    .get("/api/v1/users/me")
    .set("Authorization", await bearer(id, "profile:read"));
  expect(read.body).toMatchObject({ id });

  const change = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", await bearer(id, "profile:read events:read"))
    .send({ bio: "changed by a script" });
  expect(change.status).toBe(403);
  expect(change.body).toMatchObject({ code: "insufficient_scope" });
  expect(change.headers["www-authenticate"]).toBe(
    'Bearer error="insufficient_scope", scope="profile:write"',
  );
});

test("deleting the account refuses an API token whatever its scopes", async () => {
  const { id } = await createProfile(prisma);
  const res = await request(app)
    .delete(`/api/v1/users/${id}`)
    .set("Authorization", await bearer(id, API_SCOPES.join(" ")));
  expect(res.status).toBe(403);
  expect(res.body).toMatchObject({ code: "insufficient_scope" });
  expect(await prisma.profile.count({ where: { id } })).toBe(1);
});

test("every authenticated route names a scope, or is an account route", async () => {
  const doc = (await request(app).get("/api/v1/users/openapi.json")).body as Parameters<
    typeof unscopedRoutes
  >[0];
  const unscoped = unscopedRoutes(doc);
  expect(unscoped).toContain("DELETE /api/v1/users/{id}");
  for (const route of unscoped) expect(ACCOUNT_ROUTES).toContain(route);
});
