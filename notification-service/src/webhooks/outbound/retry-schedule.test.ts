import { parseRetrySchedule, retryDelay } from "./retry-schedule";

test("the documented schedule parses to milliseconds; the tests' short units too", () => {
  expect(parseRetrySchedule("5s,5m,30m,2h,5h,10h,10h")).toEqual([
    5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
  ]);
  expect(parseRetrySchedule(" 200ms , 1s,1d")).toEqual([200, 1_000, 86_400_000]);
});

test.each(["", "5", "5x", "0s", "-5s", "5s,,5m", "1.5h", "5 s", "5S"])(
  "%j is refused with a message",
  (text) => {
    expect(() => parseRetrySchedule(text)).toThrow(/duration|zero/);
  },
);

test("each retry waits its step ±20 %, and none is left after the schedule", () => {
  const schedule = [1_000, 60_000];
  expect(retryDelay(schedule, 1, () => 0)).toBe(800);
  expect(retryDelay(schedule, 1, () => 0.5)).toBe(1_000);
  expect(retryDelay(schedule, 1, () => 0.999_999)).toBe(1_200);
  expect(retryDelay(schedule, 2, () => 0)).toBe(48_000);
  for (let i = 0; i < 100; i++) {
    const delay = retryDelay(schedule, 2) ?? 0;
    expect(delay).toBeGreaterThanOrEqual(48_000);
    expect(delay).toBeLessThanOrEqual(72_000);
  }
  expect(retryDelay(schedule, 3)).toBeNull();
  expect(() => retryDelay(schedule, 0)).toThrow(RangeError);
});
