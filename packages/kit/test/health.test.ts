import request from "supertest";
import type { ReadinessCheck } from "../src";
import { buildApp } from "./helpers";

const ok = (name: string): ReadinessCheck => ({ name, check: () => Promise.resolve() });

describe("health endpoints", () => {
  test("/healthz answers 200 ok without touching dependencies", async () => {
    const check = jest.fn(() => Promise.reject(new Error("down")));
    const { app } = buildApp(() => undefined, { readiness: [{ name: "database", check }] });
    const res = await request(app).get("/healthz");

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
    expect(check).not.toHaveBeenCalled();
  });

  test("/readyz is 200 when every check passes", async () => {
    const { app } = buildApp(() => undefined, { readiness: [ok("database"), ok("kafka")] });
    const res = await request(app).get("/readyz");

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "ready",
      checks: {
        database: { status: "ok", duration_ms: expect.any(Number) },
        kafka: { status: "ok", duration_ms: expect.any(Number) },
      },
    });
  });

  test("/readyz is 503 naming the failed and the hung check, within the timeout, without internals", async () => {
    const { app, lines } = buildApp(() => undefined, {
      readinessTimeoutMs: 200,
      readiness: [
        ok("keys"),
        {
          name: "database",
          check: () => Promise.reject(new Error("password authentication failed for turnout_auth")),
        },
        { name: "kafka", check: () => new Promise<void>(() => undefined) },
        {
          name: "vault",
          check: () => {
            throw new Error("sync throw");
          },
        },
      ],
    });
    const started = Date.now();
    const res = await request(app).get("/readyz");

    expect(Date.now() - started).toBeLessThan(1500);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: "not_ready",
      checks: {
        keys: { status: "ok", duration_ms: expect.any(Number) },
        database: { status: "failed", duration_ms: expect.any(Number) },
        kafka: { status: "timeout", duration_ms: expect.any(Number) },
        vault: { status: "failed", duration_ms: expect.any(Number) },
      },
    });
    expect(res.text).not.toMatch(/password|turnout_auth|stack|sync throw/);
    expect(lines.filter((l) => l.message === "readiness check failed").map((l) => l.check)).toEqual(
      expect.arrayContaining(["database", "kafka", "vault"]),
    );
  });

  test("health routes are not subject to the service's own middleware", async () => {
    const { app } = buildApp((a) => {
      a.use((_req, res) => {
        res.status(401).end();
      });
    });
    expect((await request(app).get("/healthz")).status).toBe(200);
    expect((await request(app).get("/readyz")).status).toBe(200);
    expect((await request(app).get("/metrics")).status).toBe(200);
  });
});
