/** `5s`, `5m`, `2h`, `1d`, `250ms`: a positive whole number and a unit. */
const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** A schedule longer than this is a typo, not a policy. */
const MAX_STEPS = 50;
/** Each delay is moved by up to this share either way, so endpoints that failed together spread out. */
const JITTER = 0.2;

/**
 * `WEBHOOK_RETRY_SCHEDULE` ("5s,5m,30m,2h,5h,10h,10h") → the delays in milliseconds, one per
 * retry. Throws with a message naming the bad part; the config schema reports it.
 */
export function parseRetrySchedule(text: string): number[] {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.length > MAX_STEPS) throw new Error(`at most ${MAX_STEPS} retries`);
  return parts.map((part) => {
    const match = DURATION.exec(part);
    if (!match) {
      throw new Error(
        `"${part.slice(0, 20)}" is not a duration: comma separated values like 5s,5m,2h`,
      );
    }
    const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    if (ms <= 0) throw new Error(`"${part}" must be longer than zero`);
    return ms;
  });
}

/**
 * The wait after the `failedAttempts`-th failed attempt (1 = the first): that step of the
 * schedule ±20 %, or null once the schedule is used up (the delivery is given up, `failed`).
 */
export function retryDelay(
  schedule: readonly number[],
  failedAttempts: number,
  random: () => number = Math.random,
): number | null {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError("failedAttempts counts failed attempts and starts at 1");
  }
  const step = schedule[failedAttempts - 1];
  if (step === undefined) return null;
  return Math.round(step * (1 - JITTER + 2 * JITTER * random()));
}
