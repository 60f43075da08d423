import { randomUUID } from "node:crypto";
import request from "supertest";
import { serviceEnv, stackTokenMinter, readTopics, uniqueTopic } from "@turnout/test-kit";
import { authenticate, principalOf, requireRole } from "../src/auth";
import { loadConfig, serviceConfig } from "../src/config";
import { createServiceApp } from "../src/http";
import { inTransaction } from "../src/data";
import { enqueueEvent } from "../src/kafka";
import { createServiceRuntime, type ServiceRuntime } from "../src/runtime";
import { captureLogger } from "./helpers";

const SERVICE = "event-service";
let runtime: ServiceRuntime;
let exitCode: number | undefined;
const captured = captureLogger(SERVICE, "info");

beforeAll(() => {
  const config = loadConfig(serviceConfig({}), serviceEnv(SERVICE));
  runtime = createServiceRuntime(SERVICE, config, {
    logger: captured.logger,
    exit: (code) => (exitCode = code),
  });
});

const app = () =>
  createServiceApp({
    service: SERVICE,
    logger: runtime.logger,
    readiness: runtime.readiness,
    configure: (express) => {
      express.get("/api/v1/events/mine", authenticate(runtime.verifyUser, runtime), (_req, res) => {
        res.json({ sub: principalOf(res).subject });
      });
      express.post(
        "/api/v1/events",
        authenticate(runtime.verifyUser, runtime),
        requireRole("organizer"),
        (_req, res) => {
          res.status(201).json({});
        },
      );
      express.post("/internal/seats", authenticate(runtime.verifyService, runtime), (_req, res) => {
        res.json({ caller: principalOf(res).subject });
      });
    },
  });

test("a service built on the runtime is ready: its database role, the broker and the Vault keys", async () => {
  const res = await request(app()).get("/readyz");
  expect(res.status).toBe(200);
  expect(Object.keys(res.body.checks as object).sort()).toEqual([
    "accepting_traffic",
    "database",
    "kafka",
    "keys",
  ]);
});

test("user tokens open user routes, roles are enforced, service tokens only open internal routes", async () => {
  const users = await stackTokenMinter();
  const services = await stackTokenMinter(SERVICE);
  const attendee = await users.mint({ sub: "user-7", roles: ["attendee"] });
  const organizer = await users.mint({ roles: ["organizer"] });
  const serviceToken = await services.mint({
    sub: "registration-service",
    tokenUse: "service",
    roles: [],
  });
  const serviceTokenForAnother = await (
    await stackTokenMinter("user-service")
  ).mint({ tokenUse: "service" });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  expect((await request(app()).get("/api/v1/events/mine").set(bearer(attendee))).body).toEqual({
    sub: "user-7",
  });
  expect((await request(app()).post("/api/v1/events").set(bearer(attendee))).status).toBe(403);
  expect((await request(app()).post("/api/v1/events").set(bearer(organizer))).status).toBe(201);
  expect((await request(app()).post("/internal/seats").set(bearer(attendee))).status).toBe(401);
  expect(
    (await request(app()).post("/internal/seats").set(bearer(serviceTokenForAnother))).status,
  ).toBe(401);
  expect((await request(app()).get("/api/v1/events/mine").set(bearer(serviceToken))).status).toBe(
    401,
  );
  const internal = await request(app()).post("/internal/seats").set(bearer(serviceToken));
  expect(internal.body).toEqual({ caller: "registration-service" });

  const missing = await request(app()).get("/api/v1/events/mine");
  expect(missing.status).toBe(401);
  expect(missing.headers["www-authenticate"]).toBe("Bearer");
  expect(missing.body).toMatchObject({ code: "unauthorized", status: 401 });
  const rejectedLog = captured.lines.find((line) => line.message === "access token rejected");
  expect(rejectedLog).toMatchObject({
    reason: expect.stringMatching(/token where|claim aud/) as unknown,
  });
  expect(captured.raw.join("\n")).not.toContain(attendee);
});

test("serve starts relay and HTTP; shutdown stops accepting, flushes the outbox and exits 0", async () => {
  const topic = uniqueTopic("runtime");
  const reader = await readTopics([topic]);
  const running = await runtime.serve(app());
  const live = await fetch(`http://127.0.0.1:${running.port}/healthz`);
  expect(live.status).toBe(200);

  await inTransaction(runtime.pool, (tx) =>
    enqueueEvent(tx, topic, {
      id: randomUUID(),
      type: "turnout.test.ran.v1",
      subject: "s",
    }),
  );
  expect(await runtime.shutdown.run("test")).toBe(0);
  expect(exitCode).toBe(0);
  await reader.waitForCount(1);
  await reader.stop();
  await expect(fetch(`http://127.0.0.1:${running.port}/healthz`)).rejects.toThrow();
});
