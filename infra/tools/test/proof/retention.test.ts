// Finding 11 of the security review: refresh tokens, one-time tokens, login counters, applied
// event ids and settled mail were never deleted, so a loop grew them without bound. Every service now runs the kit's scheduled purge; here it runs every second against
// the real services and their real PostgreSQL, and must delete exactly the expired rows.
import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { serviceDatabase, stackTokenMinter, startServices, waitFor } from "@turnout/test-kit";
import { createEvent, ALL_SERVICES, type ProofPlatform } from "./proof-platform";
import {
  plantOneTimeTokens,
  plantOutboundMail,
  plantProcessedEvents,
  plantRefreshTokens,
  plantThrottleCounters,
  plantUser,
  stillThere,
  type Planted,
} from "./retention-rows";

jest.setTimeout(240_000);

/** Every service purges every second (a random first run within the first second). */
const FAST_PURGE = Object.fromEntries(
  ALL_SERVICES.map((service) => [service, { PURGE_INTERVAL_MS: "1000" }]),
);

let platform: ProofPlatform;
const pools: Record<string, Pool> = {};
const pool = (service: (typeof ALL_SERVICES)[number]): Pool => {
  pools[service] ??= serviceDatabase(service).pool;
  return pools[service];
};

beforeAll(async () => {
  const services = await startServices(ALL_SERVICES, { env: FAST_PURGE });
  const minter = await stackTokenMinter();
  platform = {
    services,
    minter,
    url: (service) => services.urls[service] ?? "",
    user: async (roles = ["attendee"]) => {
      const id = randomUUID();
      return { id, token: await minter.mint({ sub: id, roles, expiresInSeconds: 900 }) };
    },
  };
});
afterAll(async () => {
  await (platform as ProofPlatform | undefined)?.services.stop();
  await Promise.all(Object.values(pools).map((p) => p.end()));
});

/** Waits until the purge has deleted every planted row it should, then checks the rest stayed. */
async function expectPurged(
  what: string,
  remaining: () => Promise<string[]>,
  planted: Planted,
): Promise<void> {
  await waitFor(async () => (await remaining()).every((value) => !planted.gone.includes(value)), {
    timeoutMs: 30_000,
    message: `the expired ${what} to be purged`,
  });
  expect({ what, remaining: await remaining() }).toEqual({
    what,
    remaining: [...planted.kept].sort(),
  });
}

test("auth forgets expired refresh and one-time tokens and idle login counters, and keeps the rest", async () => {
  const auth = pool("auth-service");
  const userId = await plantUser(auth);
  const refresh = await plantRefreshTokens(auth, userId);
  const oneTime = await plantOneTimeTokens(auth, userId);
  const counters = await plantThrottleCounters(auth);

  await expectPurged(
    "refresh tokens",
    () => stillThere(auth, "refresh_tokens", "token_hash", refresh),
    refresh,
  );
  await expectPurged(
    "one-time tokens",
    () => stillThere(auth, "one_time_tokens", "token_hash", oneTime),
    oneTime,
  );
  await expectPurged(
    "login counters",
    () => stillThere(auth, "login_throttle", "subject", counters),
    counters,
  );

  // The purge is visible in the service's metrics.
  const metrics = await (await fetch(`${platform.url("auth-service")}/metrics`)).text();
  expect(metrics).toMatch(/^purge_deleted_rows_total\{job="refresh_tokens"[^}]*\} [1-9]/m);
  expect(metrics).toMatch(/^purge_runs_total\{job="login_throttle",result="ok"[^}]*\} [1-9]/m);
});

test("every service forgets applied event ids older than the redelivery horizon", async () => {
  const planted = await Promise.all(
    ALL_SERVICES.map(async (service) => ({
      service,
      rows: await plantProcessedEvents(pool(service)),
    })),
  );
  for (const { service, rows } of planted) {
    await expectPurged(
      `applied event ids of ${service}`,
      () => stillThere(pool(service), "processed_events", "event_id", rows),
      rows,
    );
  }
});

// Not a finding after all: the recovery pass already deleted old keys (in one unbounded
// statement). They are now purged in bounded batches on the shared schedule; this shows they go.
test("registration forgets idempotency keys after their lifetime; the registrations stay", async () => {
  const organizer = await platform.user(["attendee", "organizer"]);
  const event = await createEvent(platform, organizer.token);
  const keys: { userId: string; registrationId: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const attendee = await platform.user();
    const res = await fetch(`${platform.url("registration-service")}/api/v1/registrations`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${attendee.token}`,
        "Content-Type": "application/json",
        "Idempotency-Key": `retention-${randomUUID()}`,
      },
      body: JSON.stringify({ event_id: event.id }),
    });
    expect(res.status).toBe(201);
    keys.push({ userId: attendee.id, registrationId: ((await res.json()) as { id: string }).id });
  }
  const registrations = pool("registration-service");
  const [aged, fresh] = keys as [(typeof keys)[number], (typeof keys)[number]];
  // The first key is older than IDEMPOTENCY_KEY_TTL_SECONDS (24 h).
  await registrations.query(
    "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1",
    [aged.userId],
  );
  const planted = { gone: [aged.userId], kept: [fresh.userId] };
  await expectPurged(
    "idempotency keys",
    () => stillThere(registrations, "idempotency_keys", "user_id", planted),
    planted,
  );
  const { rows } = await registrations.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM registrations WHERE id = ANY($1::uuid[])",
    [keys.map((key) => key.registrationId)],
  );
  expect(rows[0]?.n).toBe(2);
});

test("notification forgets settled mail after its retention and never a pending one", async () => {
  const notifications = pool("notification-service");
  const mail = await plantOutboundMail(notifications);
  try {
    await expectPurged(
      "outbound mail",
      () => stillThere(notifications, "outbound_mail", "id", mail),
      mail,
    );
  } finally {
    // The pending row was only planted to show it is never purged.
    await notifications.query("DELETE FROM outbound_mail WHERE id = ANY($1::uuid[])", [mail.kept]);
  }
});
