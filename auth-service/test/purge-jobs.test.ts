import { randomUUID } from "node:crypto";
import { createLogger, createPurgeSchedule } from "@turnout/kit";
import type { RetentionSettings } from "../src/config";
import { authPurgeJobs } from "../src/domain/purge-jobs";
import { createTestApp, registerUser } from "./helpers/test-app";

const { app, data, pool, close } = createTestApp();
afterAll(() => close());

const DAY = 24 * 3600;
const retention: RetentionSettings = {
  refreshTokenSeconds: 7 * DAY,
  oneTimeTokenSeconds: DAY,
  loginThrottleSeconds: DAY,
  throttleWindowSeconds: 900,
  apiTokenSeconds: 30 * DAY,
};

/** A refresh token of `userId` that expired `agoSeconds` ago (negative: still live), spent. */
async function refreshToken(userId: string, agoSeconds: number): Promise<string> {
  const hash = randomUUID();
  await pool.query(
    `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, used_at)
     VALUES ($1, $2, $3, $4, now() - make_interval(secs => $5), now() - make_interval(secs => $5))`,
    [randomUUID(), userId, randomUUID(), hash, agoSeconds],
  );
  return hash;
}

async function oneTimeToken(userId: string, agoSeconds: number): Promise<string> {
  const hash = randomUUID();
  await pool.query(
    `INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, expires_at)
     VALUES ($1, $2, 'password_reset', $3, now() - make_interval(secs => $4))`,
    [randomUUID(), userId, hash, agoSeconds],
  );
  return hash;
}

/** An API token of `userId` expired `expiredAgo` seconds ago, revoked `revokedAgo` ago if given. */
async function apiToken(userId: string, expiredAgo: number, revokedAgo?: number): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO api_tokens (id, user_id, name, token_sha256, prefix, scopes, expires_at, revoked_at)
     VALUES ($1::uuid, $2, 'purge', sha256($1::text::bytea), 'tnt_pat_prge', '{profile:read}',
             now() - make_interval(secs => $3), now() - make_interval(secs => $4))`,
    [id, userId, expiredAgo, revokedAgo ?? null],
  );
  return id;
}

/** A throttle counter last changed `agoSeconds` ago. */
async function counter(agoSeconds: number): Promise<string> {
  const subject = `purge:${randomUUID()}`;
  await pool.query(
    `INSERT INTO login_throttle (scope, subject, window_start, failures, updated_at)
     VALUES ('account', $1, now() - make_interval(secs => $2), 3, now() - make_interval(secs => $2))`,
    [subject, agoSeconds],
  );
  return subject;
}

async function present(table: string, column: string, values: string[]): Promise<string[]> {
  const { rows } = await pool.query<{ value: string }>(
    `SELECT ${column} AS value FROM ${table} WHERE ${column} = ANY($1::text[])`,
    [values],
  );
  return rows.map((row) => row.value).sort();
}

const runPurges = async (settings: RetentionSettings) => {
  const purges = createPurgeSchedule({
    logger: createLogger({ service: "auth-service", silent: true }),
    intervalMs: 60_000,
    batchSize: 2,
  });
  purges.add(...authPurgeJobs({ data, retention: settings }));
  const runs = await purges.runNow();
  await purges.stop();
  return runs;
};

test("the purge deletes tokens past expiry plus retention and idle counters, and keeps the rest", async () => {
  const user = await registerUser(app);
  const refresh = {
    gone: [await refreshToken(user.id, 8 * DAY), await refreshToken(user.id, 30 * DAY)],
    // Spent and expired, but within the retention: re-use is still recognised.
    kept: [await refreshToken(user.id, 6 * DAY), await refreshToken(user.id, -3600)],
  };
  const oneTime = {
    gone: [await oneTimeToken(user.id, 2 * DAY), await oneTimeToken(user.id, 3 * DAY)],
    kept: [await oneTimeToken(user.id, 3600), await oneTimeToken(user.id, -600)],
  };
  const counters = { gone: [await counter(2 * DAY)], kept: [await counter(3600)] };
  const apiTokens = {
    // Expired 31 days ago; revoked 31 days ago though it would have lived on.
    gone: [await apiToken(user.id, 31 * DAY), await apiToken(user.id, -60 * DAY, 31 * DAY)],
    // Live; expired 29 days ago; revoked yesterday.
    kept: [
      await apiToken(user.id, -DAY),
      await apiToken(user.id, 29 * DAY),
      await apiToken(user.id, -DAY, DAY),
    ],
  };

  const runs = await runPurges(retention);
  expect(runs.map((run) => run.job)).toEqual([
    "refresh_tokens",
    "one_time_tokens",
    "login_throttle",
    "api_tokens",
  ]);

  const all = (set: { gone: string[]; kept: string[] }) => [...set.gone, ...set.kept];
  expect(await present("refresh_tokens", "token_hash", all(refresh))).toEqual(refresh.kept.sort());
  expect(await present("one_time_tokens", "token_hash", all(oneTime))).toEqual(oneTime.kept.sort());
  expect(await present("login_throttle", "subject", all(counters))).toEqual(counters.kept);
  expect(await present("api_tokens", "id::text", all(apiTokens))).toEqual(apiTokens.kept.sort());
});

test("a throttle counter is never purged before its window ends, whatever the retention", async () => {
  const inWindow = await counter(1800);
  const pastWindow = await counter(4000);
  await runPurges({ ...retention, loginThrottleSeconds: 60, throttleWindowSeconds: 3600 });
  expect(await present("login_throttle", "subject", [inWindow, pastWindow])).toEqual([inWindow]);
});
