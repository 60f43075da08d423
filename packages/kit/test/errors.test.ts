import express from "express";
import request from "supertest";
import { z } from "zod";
import {
  AppError,
  conflict,
  forbidden,
  notFound,
  tooManyRequests,
  unauthorized,
  unprocessable,
} from "../src";
import { buildApp } from "./helpers";

const PROBLEM_KEYS = ["code", "detail", "request_id", "status", "title", "type"];

const setup = () =>
  buildApp((app) => {
    app.get("/conflict", () => {
      throw conflict("email_taken", "An account with this email already exists.");
    });
    app.get("/throttled", () => {
      throw tooManyRequests(30, "login_throttled");
    });
    app.get("/forbidden", () => {
      throw forbidden();
    });
    app.get("/unauthorized", () => {
      throw unauthorized("invalid_token", "The access token is not valid.", {
        headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
      });
    });
    app.get("/full", () => {
      throw unprocessable("event_full", "The event has no seats left.");
    });
    app.get("/missing", () => {
      throw notFound("event_not_found", "No such event.");
    });
    app.post("/users", (req, res) => {
      const body = z.object({ email: z.email(), age: z.number().int() }).parse(req.body);
      res.status(201).json(body);
    });
    app.get("/boom", () => {
      throw new Error("db password is hunter2");
    });
    app.get("/async-boom", async () => {
      await new Promise((resolve) => setImmediate(resolve));
      throw new TypeError("cannot read properties of undefined (secret internals)");
    });
    app.get("/rejects", () => Promise.reject(new Error("rejected internals")));
    app.get("/items/:id", (req, res) => {
      res.json({ id: req.params.id });
    });
    app.post("/vendor", (req, res) => {
      res.json({ received: req.body as unknown });
    });
  });

describe("error replies are application/problem+json", () => {
  test("an AppError keeps its status, code and detail", async () => {
    const { app } = setup();
    const res = await request(app).get("/conflict").set("X-Request-Id", "req-409");

    expect(res.status).toBe(409);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: "https://turnout.dev/problems/email_taken",
      title: "Conflict",
      status: 409,
      detail: "An account with this email already exists.",
      code: "email_taken",
      request_id: "req-409",
    });
  });

  test.each([
    ["/forbidden", 403, "forbidden"],
    ["/full", 422, "event_full"],
    ["/missing", 404, "event_not_found"],
  ])("%s answers %i %s", async (path, status, code) => {
    const { app } = setup();
    const res = await request(app).get(path);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(Object.keys(res.body as object).sort()).toEqual(PROBLEM_KEYS);
  });

  test("extra headers of an AppError are sent (Retry-After, WWW-Authenticate)", async () => {
    const { app } = setup();
    const throttled = await request(app).get("/throttled");
    expect(throttled.status).toBe(429);
    expect(throttled.headers["retry-after"]).toBe("30");
    expect(throttled.body.code).toBe("login_throttled");

    const unauth = await request(app).get("/unauthorized");
    expect(unauth.status).toBe(401);
    expect(unauth.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
  });

  test("a zod failure is 400 validation_failed listing every field", async () => {
    const { app } = setup();
    const res = await request(app).post("/users").send({ email: "not-an-email", age: "x" });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors).toEqual([
      { path: "email", message: expect.any(String), code: "invalid_format" },
      { path: "age", message: expect.any(String), code: "invalid_type" },
    ]);
  });

  test("an unknown route is 404 not_found in the same shape", async () => {
    const { app } = setup();
    const res = await request(app).get("/nowhere?token=abc");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: "not_found",
      status: 404,
      type: "https://turnout.dev/problems/not_found",
    });
    expect(res.body.request_id).toBe(res.headers["x-request-id"]);
  });

  test("a malformed %-escape in a path parameter is 400, not 500", async () => {
    const { app } = setup();
    const res = await request(app).get("/items/%E0%A4%A");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("bad_request");
  });

  test.each(["/boom", "/async-boom", "/rejects"])(
    "an unexpected error in %s is a generic 500, logged with its stack",
    async (path) => {
      const { app, lines, raw } = setup();
      const res = await request(app).get(path);

      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        type: "https://turnout.dev/problems/internal_error",
        title: "Internal Server Error",
        status: 500,
        detail: "An unexpected error occurred.",
        code: "internal_error",
        request_id: res.headers["x-request-id"],
      });
      expect(res.text).not.toMatch(/hunter2|internals/);
      const logged = lines.find((l) => l.message === "request failed");
      expect(logged).toMatchObject({
        level: "error",
        status: 500,
        request_id: res.headers["x-request-id"],
      });
      expect(JSON.stringify(logged)).toMatch(/"stack":".*Error/);
      expect(raw.join("\n")).toMatch(/internals|hunter2/);
    },
  );

  test("an error after the reply started is left to Express and still logged", async () => {
    const { app, lines } = buildApp((a) => {
      a.get("/half", (_req, res) => {
        res.write("partial");
        throw new Error("late failure");
      });
    });
    await request(app)
      .get("/half")
      .catch(() => undefined);
    expect(lines.some((l) => l.message === "request failed")).toBe(true);
  });

  test("the error middleware works in a bare Express app too (AppError subclass)", async () => {
    class SeatsGone extends AppError {
      constructor() {
        super(409, "event_full", "No seats left.");
      }
    }
    const { app } = buildApp((a) => {
      a.use(
        "/nested",
        express.Router().get("/x", () => {
          throw new SeatsGone();
        }),
      );
    });
    const res = await request(app).get("/nested/x");
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("event_full");
  });
});
