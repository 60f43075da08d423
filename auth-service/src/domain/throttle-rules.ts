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

/** How failed logins of one identifier (from any address) slow its next failures down. */
export interface SlowDownRule {
  /** Failures in the window before any delay. */
  after: number;
  /** The first delay; each further failure doubles it. */
  baseMs: number;
  /** The longest delay. */
  maxMs: number;
}

/**
 * Milliseconds a failed login waits before its 401, given the identifier's failures before it:
 * none up to `after`, then `baseMs` doubling per failure up to `maxMs`. A delay, never a refusal:
 * attackers elsewhere can slow guessing down but never keep the right password out.
 */
export function slowDownMs(failures: number, rule: SlowDownRule): number {
  if (failures < rule.after) return 0;
  const doublings = Math.min(failures - rule.after, 30);
  return Math.min(rule.baseMs * 2 ** doublings, rule.maxMs);
}

/** Failures a stored counter holds now: 0 once its window has ended. */
export function currentFailures(
  counter: ThrottleCounter | undefined,
  windowSeconds: number,
  now = new Date(),
): number {
  if (!counter) return 0;
  const endsAt = counter.windowStart.getTime() + windowSeconds * 1000;
  return endsAt > now.getTime() ? counter.failures : 0;
}
