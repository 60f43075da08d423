import request from "supertest";
import { API_SCOPES } from "@turnout/kit";
import { stackTokenMinter, unscopedRoutes, type TokenMinter } from "@turnout/test-kit";
import { createTestApp, registerUser } from "./helpers/test-app";

const { app, close } = createTestApp();
afterAll(() => close());

let minter: TokenMinter;
beforeAll(async () => {
  minter = await stackTokenMinter();
});

/** Account routes: API tokens never open them (docs/integrations.md, "Scopes"). */
const ACCOUNT_ROUTES = [
  "POST /api/v1/auth/logout",
  "PUT /api/v1/auth/users/{id}/roles",
  "POST /api/v1/auth/api-tokens",
  "GET /api/v1/auth/api-tokens",
  "DELETE /api/v1/auth/api-tokens/{id}",
];

test("GET /me takes an API token with profile:read, and refuses one without", async () => {
  const { id } = await registerUser(app);
  const me = async (scope?: string) =>
    request(app)
      .get("/api/v1/auth/me")
      .set("Authorization", `Bearer ${await minter.mint({ sub: id, scope })}`);

  expect((await me("profile:read")).body).toMatchObject({ id });
  expect((await me()).status).toBe(200);
  const refused = await me("events:read profile:write");
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ code: "insufficient_scope" });
  expect(refused.headers["www-authenticate"]).toBe(
    'Bearer error="insufficient_scope", scope="profile:read"',
  );
});

test("account routes refuse an API token whatever its scopes", async () => {
  const { id } = await registerUser(app);
  const token = await minter.mint({ sub: id, roles: ["admin"], scope: API_SCOPES.join(" ") });
  const roles = await request(app)
    .put(`/api/v1/auth/users/${id}/roles`)
    .set("Authorization", `Bearer ${token}`)
    .send({ roles: ["attendee", "organizer"] });
  expect(roles.status).toBe(403);
  expect(roles.body).toMatchObject({ code: "insufficient_scope" });
  const logout = await request(app)
    .post("/api/v1/auth/logout")
    .set("Authorization", `Bearer ${token}`);
  expect(logout.body).toMatchObject({ code: "insufficient_scope" });
});

test("every authenticated route names a scope, or is an account route", async () => {
  const doc = (await request(app).get("/api/v1/auth/openapi.json")).body as Parameters<
    typeof unscopedRoutes
  >[0];
  const unscoped = unscopedRoutes(doc);
  expect(unscoped).toContain("POST /api/v1/auth/logout");
  for (const route of unscoped) expect(ACCOUNT_ROUTES).toContain(route);
});
