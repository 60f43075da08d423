import { randomUUID } from "node:crypto";
import request from "supertest";
import { stackTokenMinter, unscopedRoutes, type TokenMinter } from "@turnout/test-kit";
import { createTestApp } from "./helpers/test-app";

// No peers: these routes answer from the service's own tables, or refuse before reaching them.
const { app, close } = createTestApp();
afterAll(() => close());

let minter: TokenMinter;
beforeAll(async () => {
  minter = await stackTokenMinter();
});

const bearer = async (scope: string) =>
  `Bearer ${await minter.mint({ sub: randomUUID(), roles: ["attendee"], scope })}`;

test("my registrations need registrations:read", async () => {
  const mine = await request(app)
    .get("/api/v1/registrations")
    .set("Authorization", await bearer("registrations:read"));
  expect(mine.status).toBe(200);

  const refused = await request(app)
    .get("/api/v1/registrations")
    .set("Authorization", await bearer("checkin:write registrations:write"));
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ code: "insufficient_scope" });
  expect(refused.headers["www-authenticate"]).toBe(
    'Bearer error="insufficient_scope", scope="registrations:read"',
  );
});

test("scanning needs checkin:write, checked before the body is", async () => {
  const scan = async (scope: string) =>
    request(app)
      .post("/api/v1/registrations/check-ins")
      .set("Authorization", await bearer(scope))
      .send({});
  const refused = await scan("registrations:read registrations:write");
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ code: "insufficient_scope" });
  expect((await scan("checkin:write")).body).toMatchObject({ code: "validation_failed" });
});

test("every authenticated route names a scope", async () => {
  const doc = (await request(app).get("/api/v1/registrations/openapi.json")).body as Parameters<
    typeof unscopedRoutes
  >[0];
  expect(Object.keys(doc.paths ?? {})).toContain("/api/v1/registrations/check-ins");
  expect(unscopedRoutes(doc)).toEqual([]);
});
