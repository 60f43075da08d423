import { randomUUID } from "node:crypto";
import {
  serviceDatabase,
  startServices,
  stackTokenMinter,
  waitFor,
  type RunningServices,
} from "@turnout/test-kit";
import { startHoldProxy, type HoldProxy } from "./hold-proxy";

jest.setTimeout(120_000);

const RECOVERY = { RECOVERY_INTERVAL_MS: "500", RECOVERY_GRACE_MS: "1000" };
const running: RunningServices[] = [];
let proxy: HoldProxy | undefined;
const proxies: HoldProxy[] = [];
const db = serviceDatabase("registration-service");

afterAll(async () => {
  for (const s of running) await s.stop();
  for (const p of proxies) await p.close();
  await db.pool.end();
});

const start = async (services: string[], peers?: Record<string, string>) => {
  const started = await startServices(services, {
    ...(peers ? { peers } : {}),
    env: { "registration-service": RECOVERY },
  });
  running.push(started);
  return started;
};

test("registration service SIGKILLed between the ledger's reservation and its commit: no leaked seat", async () => {
  // The first registration service starts beside its peers, reaching them through proxies
  // whose targets are set once the peers' addresses are known.
  const authProxy = await startHoldProxy();
  proxy = await startHoldProxy();
  proxies.push(authProxy, proxy);
  const [peers, first] = await Promise.all([
    start(["auth-service", "event-service"]).then((started) => {
      authProxy.target = started.urls["auth-service"] ?? "";
      if (proxy) proxy.target = started.urls["event-service"] ?? "";
      return started;
    }),
    start(["registration-service"], { "auth-service": authProxy.url, "event-service": proxy.url }),
  ]);
  const eventUrl = peers.urls["event-service"] ?? "";
  const regUrl = `${first.urls["registration-service"]}/api/v1/registrations`;

  const minter = await stackTokenMinter();
  const organizer = await minter.mint({ roles: ["attendee", "organizer"] });
  const startsAt = Date.now() + 7 * 24 * 3600 * 1000;
  const created = await fetch(`${eventUrl}/api/v1/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${organizer}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: "Killed mid-reservation",
      description: "proof",
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(startsAt + 3600_000).toISOString(),
      timezone: "UTC",
      location: "Proof Hall",
      capacity: 5,
    }),
  });
  const { id: eventId } = (await created.json()) as { id: string };
  const seatsTaken = async () =>
    (
      (await (await fetch(`${eventUrl}/api/v1/events/${eventId}/availability`)).json()) as {
        seats_taken: number;
      }
    ).seats_taken;
  const holdingRows = async () =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM registrations WHERE event_id = $1 AND status IN ('confirmed','pending')",
          [eventId],
        )
      ).rows[0]?.n,
    );
  const signUp = (token: string, signal?: AbortSignal) =>
    fetch(regUrl, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: eventId }),
      ...(signal ? { signal } : {}),
    });

  expect((await signUp(await minter.mint())).status).toBe(201);
  proxy.holdEventId = eventId;
  // Another event's reservation still passes (the service's recovery pass re-reserves other
  // tests' stuck attempts through this hop; holding one of those released the wait below early).
  const other = await fetch(`${proxy.url}/internal/events/${randomUUID()}/reservations`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
    signal: AbortSignal.timeout(5000),
  });
  expect(other.status).toBe(401);
  const aborter = new AbortController();
  const crashing = signUp(await minter.mint(), aborter.signal).catch(() => undefined);
  // The ledger made the reservation; only its answer is held back.
  expect(await proxy.reserved).toBe(201);
  await first.processes["registration-service"]?.kill();
  aborter.abort();
  await crashing;
  // The crash left a seat at the ledger that no registration holds.
  expect(await seatsTaken()).toBe(2);
  expect(await holdingRows()).toBe(1);

  await start(["registration-service"], peers.urls);
  // Recovery re-reserves the attempt left `reserving` with the same id; the idempotent ledger
  // says the seat is held, so the attendee who asked gets it: seats and rows agree again.
  const stuck = async () =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM registrations WHERE event_id = $1 AND status = 'reserving'",
          [eventId],
        )
      ).rows[0]?.n,
    );
  await waitFor(async () => (await stuck()) === 0, {
    timeoutMs: 20_000,
    message: "the crashed attempt settled",
  });
  expect(await holdingRows()).toBe(await seatsTaken());
  expect(await seatsTaken()).toBeLessThanOrEqual(2);
});
