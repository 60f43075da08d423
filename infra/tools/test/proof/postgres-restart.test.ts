import { startServices, stackTokenMinter, waitFor, type RunningServices } from "@turnout/test-kit";
import { startPrivateDatabase, type PrivateDatabase } from "./private-database";

jest.setTimeout(120_000);

const SERVICE = "event-service";
let database: PrivateDatabase | undefined;
let services: RunningServices | undefined;

afterAll(async () => {
  await services?.stop();
  await database?.remove();
});

test("PostgreSQL restarted under a running service: /readyz and real requests recover", async () => {
  // A private server: the test stack's PostgreSQL is shared by every test file of the run.
  database = await startPrivateDatabase(SERVICE);

  services = await startServices([SERVICE], {
    env: { [SERVICE]: { DATABASE_URL: database.url } },
  });
  const base = services.urls[SERVICE] ?? "";
  const organizer = await (
    await stackTokenMinter()
  ).mint({ roles: ["attendee", "organizer"], expiresInSeconds: 900 });
  const createEvent = async () => {
    const startsAt = Date.now() + 7 * 24 * 3600 * 1000;
    const res = await fetch(`${base}/api/v1/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${organizer}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        title: "PostgreSQL restart",
        description: "proof",
        starts_at: new Date(startsAt).toISOString(),
        ends_at: new Date(startsAt + 3600_000).toISOString(),
        timezone: "UTC",
        location: "Proof Hall",
        capacity: 3,
      }),
    });
    return res.status;
  };
  const ready = async () => (await fetch(`${base}/readyz`)).status;
  expect(await ready()).toBe(200);
  expect(await createEvent()).toBe(201);

  await database.stopServer();
  await waitFor(async () => (await ready()) === 503, {
    timeoutMs: 15_000,
    message: "/readyz to say 503",
  });
  const during = await fetch(`${base}/api/v1/events`);
  expect(during.status).toBeGreaterThanOrEqual(500);
  expect(during.headers.get("content-type")).toMatch(/^application\/problem\+json/);

  await database.restart();
  await waitFor(async () => (await ready()) === 200, {
    timeoutMs: 30_000,
    message: "/readyz back to 200",
  });
  await waitFor(async () => (await createEvent()) === 201, {
    timeoutMs: 15_000,
    message: "a write to succeed",
  });
  const list2 = await fetch(`${base}/api/v1/events?limit=100`);
  expect(list2.status).toBe(200);
  expect(((await list2.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(2);
  // The same process all along: it recovered without a restart of its own.
  const exited = await Promise.race([
    services.processes[SERVICE]?.exited,
    Promise.resolve("running"),
  ]);
  expect(exited).toBe("running");
});
