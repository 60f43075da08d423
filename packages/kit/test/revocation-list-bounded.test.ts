// Finding 11 of the security review listed the in-memory revocation list among what "only
// grows". It does not: its own timer forgets an entry once the token it covers has expired (plus
// the clock-skew grace). This drives it the way a logout loop would, with 15-minute access
// tokens, for two simulated hours, and shows it stays at what the last ~17 minutes revoked.
import { createRevocationList } from "../src/auth";

const ACCESS_TOKEN_TTL_MS = 15 * 60_000;
const GRACE_MS = 60_000;
const SWEEP_MS = 60_000;

afterEach(() => {
  jest.useRealTimers();
});

test("a logout loop never grows the list beyond the revocations still alive", () => {
  jest.useFakeTimers();
  let clock = 0;
  const list = createRevocationList({
    graceMs: GRACE_MS,
    sweepIntervalMs: SWEEP_MS,
    now: () => clock,
  });
  const stepMs = 100; // ten logouts a second, each revoking a fresh 15-minute token
  const perMinute = 60_000 / stepMs;
  let largest = 0;
  let revoked = 0;
  for (clock = 0; clock < 2 * 3600_000; clock += stepMs) {
    list.revoke(`jti-${String(revoked++)}`, new Date(clock + ACCESS_TOKEN_TTL_MS));
    // Every few tokens a password reset revokes a whole subject too.
    if (revoked % 50 === 0) {
      list.revokeSubject(
        `user-${String(revoked)}`,
        new Date(clock),
        new Date(clock + ACCESS_TOKEN_TTL_MS),
      );
    }
    jest.advanceTimersByTime(stepMs); // the list's own sweep timer, nothing else
    largest = Math.max(largest, list.size);
  }
  // What can be alive at once: tokens revoked within TTL + grace, plus one sweep interval's lag.
  const alive = (ACCESS_TOKEN_TTL_MS + GRACE_MS + SWEEP_MS) / 60_000;
  const bound = Math.ceil(alive * perMinute * (1 + 1 / 50));
  expect(revoked).toBe(72_000);
  expect(largest).toBeLessThanOrEqual(bound);
  expect(largest).toBeLessThan(revoked / 6);

  // Once the loop stops, the list empties itself.
  clock += ACCESS_TOKEN_TTL_MS + GRACE_MS + SWEEP_MS;
  jest.advanceTimersByTime(SWEEP_MS);
  expect(list.size).toBe(0);
  list.stop();
});

test("a token already expired, or revoked twice, takes no extra room", () => {
  let clock = 1_000_000;
  const list = createRevocationList({ graceMs: GRACE_MS, now: () => clock });
  for (let i = 0; i < 1_000; i++) list.revoke(`old-${String(i)}`, new Date(clock - GRACE_MS - 1));
  expect(list.size).toBe(0);
  for (let i = 0; i < 1_000; i++) list.revoke("same-jti", new Date(clock + ACCESS_TOKEN_TTL_MS));
  expect(list.size).toBe(1);
  clock += ACCESS_TOKEN_TTL_MS + GRACE_MS;
  list.sweep();
  expect(list.size).toBe(0);
  list.stop();
});
