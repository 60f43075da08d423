import { quoteIdent } from "@turnout/kit";
import type { Database } from "./database";

/**
 * One counter: failed logins of an account or from a client address, password-reset requests
 * (every one counts) for an email or from a client address, or failed client-credentials
 * requests of a service client.
 */
export interface ThrottleKey {
  scope: "account" | "address" | "reset-email" | "reset-address" | "client";
  subject: string;
  limit: number;
}

/**
 * Seconds until the most restrictive exhausted counter's window ends, or 0 when none is
 * exhausted. Counters live in PostgreSQL so every replica sees the same budget.
 */
export async function throttledFor(
  db: Database,
  keys: ThrottleKey[],
  windowSeconds: number,
  now = new Date(),
): Promise<number> {
  const rows = await db.loginThrottle.findMany({
    where: { OR: keys.map(({ scope, subject }) => ({ scope, subject })) },
  });
  let wait = 0;
  for (const row of rows) {
    const key = keys.find((k) => k.scope === row.scope && k.subject === row.subject);
    const endsAt = row.windowStart.getTime() + windowSeconds * 1000;
    if (key && row.failures >= key.limit && endsAt > now.getTime()) {
      wait = Math.max(wait, (endsAt - now.getTime()) / 1000);
    }
  }
  return wait;
}

/** Counts a failure in each key's fixed window, starting a new window when the old one ended. */
export async function recordFailure(
  db: Database,
  schema: string,
  keys: ThrottleKey[],
  windowSeconds: number,
): Promise<void> {
  const table = `${quoteIdent(schema)}.login_throttle`;
  for (const { scope, subject } of keys) {
    // One atomic upsert, so concurrent failures on several replicas are all counted.
    await db.$executeRawUnsafe(
      `INSERT INTO ${table} AS t (scope, subject, window_start, failures, updated_at)
       VALUES ($1, $2, now(), 1, now())
       ON CONFLICT (scope, subject) DO UPDATE SET
         failures = CASE WHEN t.window_start <= now() - make_interval(secs => $3)
                         THEN 1 ELSE t.failures + 1 END,
         window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $3)
                             THEN now() ELSE t.window_start END,
         updated_at = now()`,
      scope,
      subject,
      windowSeconds,
    );
  }
}

/** A correct password clears the account's counter; the address counter keeps running. */
export async function clearAccountFailures(db: Database, subject: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { scope: "account", subject } });
}
