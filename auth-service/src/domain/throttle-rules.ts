import type { ThrottleCounter, ThrottleScope } from "../data/login-throttle";

/** One counter and how many failures (or requests) its window allows. */
export interface ThrottleKey {
  scope: ThrottleScope;
  subject: string;
  limit: number;
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
