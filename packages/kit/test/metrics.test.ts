import { Router } from "express";
import request from "supertest";
import { conflict, createMetrics } from "../src";
import { buildApp } from "./helpers";

const setup = () => {
  const metrics = createMetrics({ service: "event-service" });
  const built = buildApp(
    (app) => {
      const events = Router();
      events.get("/:id", (req, res) => {
        res.json({ id: req.params.id });
      });
      events.post("/:id/seats", () => {
        throw conflict("event_full");
      });
      app.use("/api/v1/events", events);
    },
    { metrics, service: "event-service" },
  );
  return { ...built, metrics };
};

const bucketLines = (text: string) =>
  text.split("\n").filter((line) => line.startsWith("http_request_duration_seconds_count"));

describe("metrics", () => {
  test("/metrics exposes the histogram labelled with route patterns, never raw ids", async () => {
    const { app } = setup();
    await request(app).get("/api/v1/events/11111111-1111-1111-1111-111111111111");
    await request(app).get("/api/v1/events/22222222-2222-2222-2222-222222222222");
    await request(app).post("/api/v1/events/33333333-3333-3333-3333-333333333333/seats").send({});
    await request(app).get("/no/such/path/44444444");

    const res = await request(app).get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain("# TYPE http_request_duration_seconds histogram");
    const counts = bucketLines(res.text);
    expect(counts).toEqual(
      expect.arrayContaining([
        'http_request_duration_seconds_count{service="event-service",method="GET",route="/api/v1/events/:id",status_code="200"} 2',
        'http_request_duration_seconds_count{service="event-service",method="POST",route="/api/v1/events/:id/seats",status_code="409"} 1',
        'http_request_duration_seconds_count{service="event-service",method="GET",route="unmatched",status_code="404"} 1',
      ]),
    );
    // Only the request metrics carry request data; process metrics may contain any digits.
    const requestLines = res.text.split("\n").filter((line) => line.startsWith("http_request_"));
    expect(requestLines.join("\n")).not.toMatch(/1111|2222|3333|4444/);
  });

  test("default process metrics are included", async () => {
    const { app } = setup();
    const res = await request(app).get("/metrics");
    expect(res.text).toContain("process_cpu_user_seconds_total");
    expect(res.text).toContain("nodejs_eventloop_lag_seconds");
  });

  test("each app has its own registry", async () => {
    const first = setup();
    const second = setup();
    await request(first.app).get("/api/v1/events/x");

    const secondText = await second.metrics.registry.metrics();
    expect(bucketLines(secondText)).toEqual([]);
    expect(bucketLines(await first.metrics.registry.metrics())).toHaveLength(1);
  });
});
