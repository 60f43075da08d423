import { canonicalLocale, canonicalTimeZone } from "./settings-rules";

test.each([
  ["en", "en"],
  ["en-us", "en-US"],
  ["zh-hant-tw", "zh-Hant-TW"],
  ["de-DE", "de-DE"],
])("the locale %s is canonicalised to %s", (tag, canonical) => {
  expect(canonicalLocale(tag)).toBe(canonical);
});

test.each(["", "x", "en_US", "not a locale", "en-", "-en", "a".repeat(40)])(
  "%j is not a locale",
  (tag) => {
    expect(canonicalLocale(tag)).toBeUndefined();
  },
);

test.each([
  ["UTC", "UTC"],
  ["utc", "UTC"],
  ["Europe/Berlin", "Europe/Berlin"],
  ["america/new_york", "America/New_York"],
  ["Etc/GMT+5", "Etc/GMT+5"],
])("the time zone %s is known as %s", (zone, canonical) => {
  expect(canonicalTimeZone(zone)).toBe(canonical);
});

test.each(["", "Mars/Olympus_Mons", "+01:00", "Europe/../etc", "Europe Berlin", "UTC\n"])(
  "%j is not a time zone",
  (zone) => {
    expect(canonicalTimeZone(zone)).toBeUndefined();
  },
);
