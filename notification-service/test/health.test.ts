import request from "supertest";
import { createLogger, pgReadinessCheck } from "@turnout/kit";
import { expectValidOpenApi, serviceDatabase } from "@turnout/test-kit";
import { createApp } from "../src/app";
import { SERVICE } from "../src/config";
import { createDatabase, type Database } from "../src/data/database";

let db: Database;
const { url, schema, pool } = serviceDatabase(SERVICE);

beforeAll(() => {
  db = createDatabase(url, schema);
});
afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

const app = () =>
  createApp({
    logger: createLogger({ service: SERVICE, silent: true }),
    db,
    readiness: [pgReadinessCheck(pool)],
  });

test("healthz answers while the process is alive", async () => {
  const res = await request(app()).get("/healthz");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: "ok" });
});

test("readyz is 200 when the database is reachable as the service's role", async () => {
  const res = await request(app()).get("/readyz");
  expect(res.status).toBe(200);
  expect(res.body.checks.database.status).toBe("ok");
});

test("an unknown route under the service's area is a problem+json 404", async () => {
  const res = await request(app())
    .get("/api/v1/notifications/no-such-route")
    .set("X-Request-Id", "req-404");
  expect(res.status).toBe(404);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 404, code: "not_found", request_id: "req-404" });
});

test("/api/v1/notifications/openapi.json is a valid OpenAPI 3.1 document of the notifications API", async () => {
  const res = await request(app()).get("/api/v1/notifications/openapi.json");
  expect(res.status).toBe(200);
  await expectValidOpenApi(res.body);
  expect(res.body).toMatchObject({
    info: { title: "Turnout notifications API" },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  });
});

test("the Prisma client reaches the service's schema as its role", async () => {
  const rows = await db.$queryRawUnsafe<{ schema: string; user: string }[]>(
    "SELECT current_schema() AS schema, current_user AS user",
  );
  expect(rows).toEqual([{ schema, user: expect.stringMatching(/^turnout_/) as unknown }]);
});
