import { afterFailure, isPermanentSmtpFailure, retryDelayMs } from "./mail-retry";

const policy = { baseMs: 1000, maxMs: 10_000, maxAttempts: 4 };

test("the delay doubles per attempt up to the cap, jittered within its upper half", () => {
  const low = () => 0;
  const high = () => 1;
  expect([1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, policy, high))).toEqual([
    1000, 2000, 4000, 8000, 10_000, 10_000,
  ]);
  expect(retryDelayMs(3, policy, low)).toBe(2000);
});

test("temporary failures are retried until the attempts run out; 5xx replies are not", () => {
  expect(afterFailure(1, false, policy, () => 1)).toEqual({ status: "pending", retryInMs: 1000 });
  expect(afterFailure(4, false, policy)).toEqual({
    status: "failed",
    reason: "attempts_exhausted",
  });
  expect(afterFailure(1, true, policy)).toEqual({ status: "failed", reason: "permanent" });
  expect([550, 421, undefined].map(isPermanentSmtpFailure)).toEqual([true, false, false]);
});
