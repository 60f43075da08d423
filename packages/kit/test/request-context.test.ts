import request from "supertest";
import { getContext, updateContext } from "../src";
import { buildApp, captureLogger } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

const setup = () => {
  const captured = captureLogger();
  const { logger } = captured;
  return buildApp(
    (app) => {
      app.post("/work", async (_req, res) => {
        logger.info("before");
        await new Promise((resolve) => setTimeout(resolve, 5));
        updateContext({ userId: "user-1" });
        logger.info("after await");
        res.json({ context: getContext() });
      });
    },
    {},
    captured,
  );
};

describe("request id and correlation", () => {
  test("a sane X-Request-Id is echoed", async () => {
    const { app } = setup();
    const res = await request(app).get("/healthz").set("X-Request-Id", "nginx-abc_123.4");
    expect(res.headers["x-request-id"]).toBe("nginx-abc_123.4");
  });

  test("a missing id is generated as a UUID", async () => {
    const { app } = setup();
    const res = await request(app).get("/healthz");
    expect(res.headers["x-request-id"]).toMatch(UUID);
  });

  test.each([["a".repeat(129)], ["has space"], ["semi;colon"], ['{"json":1}'], ["ünïcode"]])(
    "an unsafe id %s is replaced",
    async (id) => {
      const { app } = setup();
      const res = await request(app).get("/healthz").set("X-Request-Id", id);
      expect(res.headers["x-request-id"]).toMatch(UUID);
    },
  );

  test("log lines written during the request carry request_id and traceparent, after body parsing and awaits", async () => {
    const { app, lines } = setup();
    const res = await request(app)
      .post("/work")
      .set("X-Request-Id", "req-42")
      .set("traceparent", TRACEPARENT)
      .send({ some: "body" });

    expect(res.status).toBe(200);
    expect(res.body.context).toEqual({
      requestId: "req-42",
      traceparent: TRACEPARENT,
      userId: "user-1",
    });
    const before = lines.find((l) => l.message === "before");
    const after = lines.find((l) => l.message === "after await");
    expect(before).toMatchObject({
      level: "info",
      service: "test-service",
      request_id: "req-42",
      traceparent: TRACEPARENT,
    });
    expect(typeof before?.timestamp).toBe("string");
    expect(after).toMatchObject({ request_id: "req-42", user_id: "user-1" });
  });

  test("concurrent requests keep their own ids", async () => {
    const { app, lines } = setup();
    await Promise.all(
      ["r-1", "r-2", "r-3", "r-4"].map((id) =>
        request(app).post("/work").set("X-Request-Id", id).send({}),
      ),
    );
    const afters = lines.filter((l) => l.message === "after await").map((l) => l.request_id);
    expect(afters.sort()).toEqual(["r-1", "r-2", "r-3", "r-4"]);
  });

  test.each([
    ["00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
    ["00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"],
    ["ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"],
    ["garbage"],
  ])("an invalid traceparent %s is dropped", async (traceparent) => {
    const { app } = setup();
    const res = await request(app).post("/work").set("traceparent", traceparent).send({});
    expect(res.body.context.traceparent).toBeUndefined();
  });

  test("the x-powered-by header is not sent", async () => {
    const { app } = setup();
    const res = await request(app).get("/healthz");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });
});
