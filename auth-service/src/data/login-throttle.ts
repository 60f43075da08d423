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

/** A stored counter (a `login_throttle` row). */
export interface ThrottleCounter {
  scope: string;
  subject: string;
  windowStart: Date;
  failures: number;
}

/**
 * Seconds until the most restrictive exhausted counter's window ends, or 0 when none is
 * exhausted. `counters` are the stored rows of (some of) `keys`; a key without a row is not
 * exhausted.
 */
export function throttleWait(
  counters: readonly ThrottleCounter[],
  keys: readonly ThrottleKey[],
  windowSeconds: number,
  now = new Date(),
): number {
  let wait = 0;
  for (const row of counters) {
    const key = keys.find((k) => k.scope === row.scope && k.subject === row.subject);
    const endsAt = row.windowStart.getTime() + windowSeconds * 1000;
    if (key && row.failures >= key.limit && endsAt > now.getTime()) {
      wait = Math.max(wait, (endsAt - now.getTime()) / 1000);
    }
  }
  return wait;
}

/**
 * `throttleWait` over the keys' stored counters. Counters live in PostgreSQL so every replica
 * sees the same budget.
 */
export async function throttledFor(
  db: Database,
  keys: ThrottleKey[],
  windowSeconds: number,
  now = new Date(),
): Promise<number> {
  const rows = await db.loginThrottle.findMany({
    where: { OR: keys.map(({ scope, subject }) => ({ scope, subject })) },
    select: { scope: true, subject: true, windowStart: true, failures: true },
  });
  return throttleWait(rows, keys, windowSeconds, now);
}

/**
 * Counts a failure in each key's fixed window, starting a new window when the old one ended:
 * one atomic upsert for every key (one round trip), so concurrent failures on several replicas
 * are all counted. Rows are taken in (scope, subject) order, so two such statements never wait
 * for each other's rows in a cycle.
 */
export async function recordFailure(
  db: Database,
  keys: ThrottleKey[],
  windowSeconds: number,
): Promise<void> {
  // One row per counter: ON CONFLICT cannot update the same row twice in one statement.
  const unique = [...new Map(keys.map((k) => [`${k.scope}\u0000${k.subject}`, k])).values()];
  unique.sort((a, b) =>
    a.scope === b.scope ? (a.subject < b.subject ? -1 : 1) : a.scope < b.scope ? -1 : 1,
  );
  if (unique.length === 0) return;
  const scopes = unique.map((k) => k.scope);
  const subjects = unique.map((k) => k.subject);
  // Unqualified: the connection's search_path is the service schema (the kit's pg pool).
  await db.$executeRaw`
    INSERT INTO login_throttle AS t (scope, subject, window_start, failures, updated_at)
    SELECT k.scope, k.subject, now(), 1, now()
    FROM unnest(${scopes}::text[], ${subjects}::text[]) WITH ORDINALITY AS k(scope, subject, n)
    ORDER BY k.n
    ON CONFLICT (scope, subject) DO UPDATE SET
      failures = CASE WHEN t.window_start <= now() - make_interval(secs => ${windowSeconds})
                      THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start <= now() - make_interval(secs => ${windowSeconds})
                          THEN now() ELSE t.window_start END,
      updated_at = now()`;
}
