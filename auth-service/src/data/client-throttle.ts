import type { Database } from "./database";
import { recordFailure, throttledFor, type ThrottleKey } from "./login-throttle";

/**
 * Failed client-credentials requests per client id: the login throttle's counters (shared by
 * every replica), under scope `client`.
 */
const clientKey = (clientId: string, limit: number): ThrottleKey[] => [
  { scope: "client", subject: clientId, limit },
];

/** Seconds until the client's exhausted window ends, or 0 when it may try again. */
export function clientThrottledFor(
  db: Database,
  clientId: string,
  limit: number,
  windowSeconds: number,
  now = new Date(),
): Promise<number> {
  return throttledFor(db, clientKey(clientId, limit), windowSeconds, now);
}

/** Counts one failure in the client's window. */
export function recordClientFailure(
  db: Database,
  clientId: string,
  windowSeconds: number,
): Promise<void> {
  return recordFailure(db, clientKey(clientId, 0), windowSeconds);
}
