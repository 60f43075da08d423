import { plainFieldMessage } from "../src/api/problem";
import { utcToZoned, zonedToUtc } from "../src/zoned-time";

test.each([
  [
    "too_small",
    "Too small: expected string to have >=12 characters",
    "Use at least 12 characters.",
  ],
  ["too_small", "Too small: expected string to have >=1 characters", "This cannot be empty."],
  ["too_big", "Too big: expected string to have <=200 characters", "Use at most 200 characters."],
  ["too_small", "Too small: expected number to be >=1", "Must be at least 1."],
  ["invalid_type", "Invalid input: expected string, received undefined", "This is required."],
  ["invalid_format", "Invalid email address", "Enter a valid email address."],
  ["invalid_format", "Invalid ISO datetime", "Enter a valid date and time."],
  [
    "custom",
    "must be a BCP 47 language tag, e.g. en or de-DE",
    "Must be a BCP 47 language tag, e.g. en or de-DE.",
  ],
])("%s %j reads %j", (code, message, expected) => {
  expect(plainFieldMessage({ path: "x", code, message })).toBe(expected);
});

test("wall-clock times convert in the event's zone, across daylight saving", () => {
  expect(zonedToUtc("2031-01-15T18:00", "Europe/Berlin")).toBe("2031-01-15T17:00:00.000Z");
  expect(zonedToUtc("2031-07-15T18:00", "Europe/Berlin")).toBe("2031-07-15T16:00:00.000Z");
  expect(zonedToUtc("2031-07-15T18:00", "America/New_York")).toBe("2031-07-15T22:00:00.000Z");
  expect(zonedToUtc("2031-07-15T18:00", "Mars/Base")).toBeUndefined();
  expect(utcToZoned("2031-07-15T22:00:00.000Z", "America/New_York")).toBe("2031-07-15T18:00");
  expect(utcToZoned("2031-01-15T17:00:00.000Z", "Europe/Berlin")).toBe("2031-01-15T18:00");
});
