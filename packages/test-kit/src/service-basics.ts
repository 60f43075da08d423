import { expect, test } from "@jest/globals";
import type { Express } from "express";
import request from "supertest";
import { expectValidOpenApi } from "./openapi";

export interface ServiceBasicsOptions {
  /** e.g. "event-service" */
  service: string;
  /** The gateway area, e.g. "events". */
  area: string;
  /** The service's app, built from real dependencies. */
  app: () => Express;
  /** Runs SQL through the service's own Prisma client. */
  query: (sql: string) => Promise<unknown>;
  schema: string;
}

/**
 * What every service must do from its first day, asserted the same way for all five: health,
 * readiness against its database role, problem+json for unknown routes, its OpenAPI document,
 * and a Prisma client confined to its schema and role.
 */
export function describeServiceBasics({
  service,
  area,
  app,
  query,
  schema,
}: ServiceBasicsOptions): void {
  test(`${service}: healthz answers while the process is alive`, async () => {
    const res = await request(app()).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  test(`${service}: readyz is 200 when the database is reachable as the service's role`, async () => {
    const res = await request(app()).get("/readyz");
    expect(res.status).toBe(200);
    expect((res.body as { checks: { database: { status: string } } }).checks.database.status).toBe(
      "ok",
    );
  });

  test(`${service}: an unknown route under /api/v1/${area} is a problem+json 404`, async () => {
    const res = await request(app())
      .get(`/api/v1/${area}/no-such-route`)
      .set("X-Request-Id", "req-404");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: "not_found", request_id: "req-404" });
  });

  test(`${service}: /api/v1/${area}/openapi.json is a valid OpenAPI 3.1 document`, async () => {
    const res = await request(app()).get(`/api/v1/${area}/openapi.json`);
    expect(res.status).toBe(200);
    await expectValidOpenApi(res.body);
    expect(res.body).toMatchObject({
      info: { title: `Turnout ${area} API` },
      servers: [{ url: "/" }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    });
  });

  test(`${service}: the Prisma client reaches only its schema, as its own role`, async () => {
    const rows = await query("SELECT current_schema() AS schema, current_user AS user");
    expect(rows).toEqual([{ schema, user: expect.stringMatching(/^turnout_/) as unknown }]);
  });
}
