import { quoteIdent } from "@turnout/kit";
import type { Database } from "./database";

/**
 * Failed client-credentials requests per client id, in the `login_throttle` table under scope
 * `client` (same fixed-window design as login throttling, shared by every replica).
 */
const SCOPE = "client";

/** Seconds until the client's exhausted window ends, or 0 when it may try again. */
export async function clientThrottledFor(
  db: Database,
  clientId: string,
  limit: number,
  windowSeconds: number,
  now = new Date(),
): Promise<number> {
  const row = await db.loginThrottle.findUnique({
    where: { scope_subject: { scope: SCOPE, subject: clientId } },
  });
  if (!row || row.failures < limit) return 0;
  const endsAt = row.windowStart.getTime() + windowSeconds * 1000;
  return endsAt > now.getTime() ? (endsAt - now.getTime()) / 1000 : 0;
}

/** Counts one failure in the client's window (one atomic upsert). */
export async function recordClientFailure(
  db: Database,
  schema: string,
  clientId: string,
  windowSeconds: number,
): Promise<void> {
  const table = `${quoteIdent(schema)}.login_throttle`;
  await db.$executeRawUnsafe(
    `INSERT INTO ${table} AS t (scope, subject, window_start, failures, updated_at)
     VALUES ($1, $2, now(), 1, now())
     ON CONFLICT (scope, subject) DO UPDATE SET
       failures = CASE WHEN t.window_start <= now() - make_interval(secs => $3)
                       THEN 1 ELSE t.failures + 1 END,
       window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $3)
                           THEN now() ELSE t.window_start END,
       updated_at = now()`,
    SCOPE,
    clientId,
    windowSeconds,
  );
}
