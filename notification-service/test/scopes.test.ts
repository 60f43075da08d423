import { randomUUID } from "node:crypto";
import request from "supertest";
import { stackTokenMinter, unscopedRoutes, type TokenMinter } from "@turnout/test-kit";
import { startTestService, type TestService } from "./helpers/test-service";

let t: TestService;
let minter: TokenMinter;

beforeAll(async () => {
  t = await startTestService();
  minter = await stackTokenMinter();
});
afterAll(() => t.close());

const bearer = async (scope: string) => `Bearer ${await minter.mint({ sub: randomUUID(), scope })}`;

test("the inbox opens with notifications:read; marking read needs notifications:write", async () => {
  const inbox = await request(t.app)
    .get("/api/v1/notifications")
    .set("Authorization", await bearer("notifications:read"));
  expect(inbox.status).toBe(200);

  const markAll = await request(t.app)
    .post("/api/v1/notifications/read-all")
    .set("Authorization", await bearer("notifications:read"));
  expect(markAll.status).toBe(403);
  expect(markAll.body).toMatchObject({ code: "insufficient_scope" });
  expect(markAll.headers["www-authenticate"]).toBe(
    'Bearer error="insufficient_scope", scope="notifications:write"',
  );
});

test("every authenticated route of the inbox and webhooks APIs names a scope", async () => {
  for (const area of ["notifications", "webhooks"]) {
    const doc = (await request(t.app).get(`/api/v1/${area}/openapi.json`)).body as Parameters<
      typeof unscopedRoutes
    >[0];
    expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(1);
    expect(unscopedRoutes(doc)).toEqual([]);
  }
});
