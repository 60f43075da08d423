import { execute, modelApi, statement, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";

/**
 * What a counter counts: failed logins of an identifier as typed (`account`: from anywhere;
 * `account-address`: from one client address) or from a client address, password-reset requests
 * (every one counts) for an email or from a client address, failed client-credentials requests
 * of a service client, or mails telling an email's owner about sign-ups with it (`signup-email`).
 */
export type ThrottleScope =
  | "account"
  | "account-address"
  | "address"
  | "reset-email"
  | "reset-address"
  | "client"
  | "signup-email";

/** One counter's identity. */
export interface ThrottleSubject {
  scope: ThrottleScope;
  subject: string;
}

/** A stored counter (a `login_throttle` row). */
export interface ThrottleCounter {
  scope: string;
  subject: string;
  windowStart: Date;
  failures: number;
}

// One atomic upsert for every key (one round trip), so concurrent failures on several replicas
// are all counted; a window that has ended starts again at 1.
const recordFailures = statement(
  "auth_login_throttle_record_failures",
  `INSERT INTO login_throttle AS t (scope, subject, window_start, failures, updated_at)
   SELECT k.scope, k.subject, now(), 1, now()
   FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(scope, subject, n)
   ORDER BY k.n
   ON CONFLICT (scope, subject) DO UPDATE SET
     failures = CASE WHEN t.window_start <= now() - make_interval(secs => $3::int)
                     THEN 1 ELSE t.failures + 1 END,
     window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $3::int)
                         THEN now() ELSE t.window_start END,
     updated_at = now()`,
);

/**
 * Fixed-window counters in PostgreSQL, so every replica sees the same budget. Whether a counter
 * is exhausted is a rule of the domain (`domain/throttle-rules.ts`).
 */
export function loginThrottleRepository(db: Db, prisma?: PrismaClient) {
  return {
    /** The stored counters among `keys` (a key without a row has none). */
    countersOf(keys: readonly ThrottleSubject[]): Promise<ThrottleCounter[]> {
      return modelApi(prisma).loginThrottle.findMany({
        where: { OR: keys.map(({ scope, subject }) => ({ scope, subject })) },
        select: { scope: true, subject: true, windowStart: true, failures: true },
      });
    },

    /** Counts one failure in each key's window, starting a new window when the old one ended. */
    async recordFailure(keys: readonly ThrottleSubject[], windowSeconds: number): Promise<void> {
      // One row per counter: ON CONFLICT cannot update the same row twice in one statement.
      const unique = [...new Map(keys.map((k) => [`${k.scope}\u0000${k.subject}`, k])).values()];
      if (unique.length === 0) return;
      // Rows are taken in (scope, subject) order, so two such statements never wait for each
      // other's rows in a cycle.
      unique.sort((a, b) =>
        a.scope === b.scope ? (a.subject < b.subject ? -1 : 1) : a.scope < b.scope ? -1 : 1,
      );
      await execute(db, recordFailures, [
        unique.map((k) => k.scope),
        unique.map((k) => k.subject),
        windowSeconds,
      ]);
    },
  };
}
