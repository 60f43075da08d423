import { formatEventWindow, formatInstant, pickLocale, pickTimeZone } from "./event-times";

const plain = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, " ");

test("an event is shown in the given zone, with the zone's name", () => {
  const style = { zone: "America/New_York", locale: "en-US" };
  expect(plain(formatEventWindow("2030-06-15T16:00:00Z", "2030-06-15T18:00:00Z", style))).toBe(
    "Saturday, June 15, 2030, 12:00 – 2:00 PM EDT (America/New_York)",
  );
});

test("an event over two days shows both dates; an end before the start shows the start only", () => {
  const style = { zone: "Europe/Berlin", locale: "en-GB" };
  const twoDays = formatEventWindow("2030-06-15T16:00:00Z", "2030-06-16T08:00:00Z", style);
  expect(plain(twoDays)).toContain("Saturday, 15 June 2030 at 18:00 CEST");
  expect(plain(twoDays)).toContain("Sunday, 16 June 2030 at 10:00 CEST");
  expect(plain(formatEventWindow("2030-06-15T16:00:00Z", "2030-06-15T16:00:00Z", style))).toBe(
    "Saturday, 15 June 2030 at 18:00 CEST (Europe/Berlin)",
  );
  expect(plain(formatInstant("2030-01-01T00:00:00Z", { zone: "UTC", locale: "en-GB" }))).toBe(
    "Tuesday, 1 January 2030 at 00:00 UTC (UTC)",
  );
});

test("the first zone this runtime knows wins, else UTC; unusable locales fall back", () => {
  expect(pickTimeZone(null, "Asia/Tokyo")).toBe("Asia/Tokyo");
  expect(pickTimeZone("Mars/Olympus_Mons", "Europe/Paris")).toBe("Europe/Paris");
  expect(pickTimeZone(undefined, "Nowhere/Land")).toBe("UTC");
  expect(pickLocale("de-DE")).toBe("de-DE");
  expect(pickLocale("not a locale!")).toBe("en-GB");
  expect(pickLocale(null)).toBe("en-GB");
});
