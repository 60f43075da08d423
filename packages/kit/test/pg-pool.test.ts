import request from "supertest";
import { testStack } from "@turnout/test-kit";
import { createPgPool, pgReadinessCheck } from "../src";
import { buildApp } from "./helpers";

const serviceDb = () => {
  const [db] = Object.values(testStack().database.services);
  if (!db) throw new Error("the test stack has no service databases");
  return db;
};

describe("pg pool against the real database", () => {
  test("connects as the service role with search_path on the service schema", async () => {
    const db = serviceDb();
    const pool = createPgPool({ databaseUrl: db.url, schema: db.schema, max: 1 });
    try {
      const { rows } = await pool.query<{ schema: string }>("SELECT current_schema() AS schema");
      expect(rows[0]?.schema).toBe(db.schema);
    } finally {
      await pool.end();
    }
  });

  test("/readyz reports a reachable database ok and an unreachable one failed", async () => {
    const db = serviceDb();
    const good = createPgPool({ databaseUrl: db.url, schema: db.schema, max: 1 });
    const bad = createPgPool({
      databaseUrl: "postgres://nobody:pw@127.0.0.1:1/turnout",
      connectionTimeoutMillis: 500,
      max: 1,
    });
    try {
      const healthy = buildApp(() => undefined, { readiness: [pgReadinessCheck(good)] });
      const broken = buildApp(() => undefined, { readiness: [pgReadinessCheck(bad)] });

      const ok = await request(healthy.app).get("/readyz");
      const down = await request(broken.app).get("/readyz");

      expect(ok.status).toBe(200);
      expect(ok.body.checks.database.status).toBe("ok");
      expect(down.status).toBe(503);
      expect(down.body.checks.database.status).toBe("failed");
      expect(down.text).not.toContain("nobody");
    } finally {
      await Promise.all([good.end(), bad.end()]);
    }
  });
});
