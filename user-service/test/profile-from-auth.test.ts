import request from "supertest";
import {
  startServices,
  uniqueEmail,
  uniqueUsername,
  waitFor,
  type RunningServices,
} from "@turnout/test-kit";
import { startUserServiceConsumer } from "./helpers/consumer";
import { bearer } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

jest.setTimeout(120_000);

const { app, close } = createTestApp();
let services: RunningServices | undefined;
let consumer: Awaited<ReturnType<typeof startUserServiceConsumer>> | undefined;

beforeAll(async () => {
  // The real auth service as a process; its own outbox relay publishes user-registered.
  services = await startServices(["auth-service"]);
  consumer = await startUserServiceConsumer();
});
afterAll(async () => {
  await consumer?.stop();
  await services?.stop();
  await close();
});

test("registering through the real auth service makes the profile appear", async () => {
  const username = uniqueUsername("Ada");
  const registered = await request(services!.urls["auth-service"]!)
    .post("/api/v1/auth/register")
    .send({
      email: uniqueEmail("Ada"),
      password: "correct horse battery",
      username,
      display_name: "Ada Lovelace",
    });
  expect(registered.status).toBe(201);
  const { id } = registered.body as { id: string };

  const auth = await bearer(id);
  const started = Date.now();
  const me = await waitFor(
    async () => {
      const res = await request(app).get("/api/v1/users/me").set("Authorization", auth);
      return res.status === 200 ? res : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, message: "the profile from user-registered" },
  );
  console.info(`profile appeared ${Date.now() - started} ms after the 201 from auth`);
  expect(me.body).toMatchObject({
    id,
    username: username.toLowerCase(),
    display_name: "Ada Lovelace",
    bio: null,
    avatar_url: null,
  });

  const byName = await request(app)
    .get(`/api/v1/users/by-username/${username}`)
    .set("Authorization", await bearer(id));
  expect(byName.body).toMatchObject({ id });
});
