import { randomUUID } from "node:crypto";
import request from "supertest";
import { stackTokenMinter } from "@turnout/test-kit";
import { admin, createEvent, organizer, serviceToken } from "./helpers/factories";
import { createTestApp } from "./helpers/test-app";

const testApp = createTestApp();
const { app } = testApp;
afterAll(() => testApp.close());

const reserve = (eventId: string, authorization?: string) => {
  const call = request(app).post(`/internal/events/${eventId}/reservations`);
  return (authorization ? call.set("Authorization", authorization) : call).send({
    registration_id: randomUUID(),
  });
};
const release = (eventId: string, authorization?: string) => {
  const call = request(app).delete(`/internal/events/${eventId}/reservations/${randomUUID()}`);
  return authorization ? call.set("Authorization", authorization) : call;
};

let eventId: string;
beforeAll(async () => {
  eventId = (await createEvent(app, await organizer(), { capacity: 100 })).id;
});

test("without a token the ledger is 401 unauthorized", async () => {
  for (const res of [await reserve(eventId), await release(eventId)]) {
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: "unauthorized" });
  }
});

test("user tokens never open the ledger, not even an admin's (401 invalid_token)", async () => {
  const boss = await admin();
  const aimed = await (
    await stackTokenMinter("event-service")
  ).mint({
    sub: boss.id,
    roles: ["admin"],
    tokenUse: "access",
  });
  for (const token of [boss.token, aimed]) {
    for (const res of [
      await reserve(eventId, `Bearer ${token}`),
      await release(eventId, `Bearer ${token}`),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: "invalid_token" });
    }
  }
});

test("a service token for another audience, or an expired one, is 401 invalid_token", async () => {
  const elsewhere = await serviceToken("registration-service", "user-service");
  const expired = await (
    await stackTokenMinter("event-service")
  ).mint({
    tokenUse: "service",
    sub: "registration-service",
    roles: [],
    expiresInSeconds: -60,
  });
  for (const token of [elsewhere, expired, "garbage"]) {
    const res = await reserve(eventId, `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: "invalid_token" });
  }
});

test("a service not listed in LEDGER_CLIENTS is 403 forbidden", async () => {
  const notification = await serviceToken("notification-service");
  for (const res of [
    await reserve(eventId, `Bearer ${notification}`),
    await release(eventId, `Bearer ${notification}`),
  ]) {
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "forbidden" });
  }
  expect((await reserve(eventId, `Bearer ${await serviceToken()}`)).status).toBe(201);
});

test("LEDGER_CLIENTS decides who may call", async () => {
  const other = createTestApp({ ledgerClients: ["notification-service"] });
  try {
    const call = (token: string) =>
      request(other.app)
        .post(`/internal/events/${eventId}/reservations`)
        .set("Authorization", `Bearer ${token}`)
        .send({ registration_id: randomUUID() });
    expect((await call(await serviceToken("notification-service"))).status).toBe(201);
    expect((await call(await serviceToken("registration-service"))).status).toBe(403);
  } finally {
    await other.close();
  }
});

test("the public API refuses service tokens (401)", async () => {
  const res = await request(app)
    .post("/api/v1/events")
    .set("Authorization", `Bearer ${await serviceToken()}`)
    .send({});
  expect(res.status).toBe(401);
});
