/** Dates in messages are written for this locale when the user's own is unknown or unusable. */
export const DEFAULT_LOCALE = "en-GB";

/**
 * Building an `Intl.DateTimeFormat` costs about a millisecond (ICU data), formatting with one a
 * few microseconds: the profile of a registration storm showed this file as the notification
 * service's hottest code, so formatters (and zone checks) are made once per zone and locale.
 * Bounded, since zones and locales come from messages.
 */
const MAX_CACHED = 500;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function cachedFormatter(locale: string, zone: string): Intl.DateTimeFormat | null {
  const key = `${locale}\u0000${zone}`;
  const hit = formatters.get(key);
  if (hit !== undefined) return hit;
  let made: Intl.DateTimeFormat | null;
  try {
    made = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      weekday: "long",
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
  } catch {
    made = null;
  }
  if (formatters.size >= MAX_CACHED) formatters.clear();
  formatters.set(key, made);
  return made;
}

const isTimeZone = (zone: string): boolean => cachedFormatter(DEFAULT_LOCALE, zone) !== null;

const isLocale = (locale: string): boolean => {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
};

/**
 * The zone to show a time in: the first candidate this runtime's zone database knows (the
 * attendee's own zone, then the event's), else UTC. A producer may know a newer zone than we do;
 * that must not fail the message.
 */
export function pickTimeZone(...candidates: (string | null | undefined)[]): string {
  return candidates.find((zone): zone is string => !!zone && isTimeZone(zone)) ?? "UTC";
}

export function pickLocale(locale: string | null | undefined): string {
  return locale && isLocale(locale) ? locale : DEFAULT_LOCALE;
}

export interface TimeStyle {
  zone: string;
  locale: string;
}

const formatter = ({ zone, locale }: TimeStyle): Intl.DateTimeFormat => {
  const made = cachedFormatter(locale, zone);
  if (!made) throw new RangeError(`no date format for ${locale} in ${zone}`);
  return made;
};

/** `Saturday, 15 June 2030 at 12:00 GMT-4 (America/New_York)`-style, in the given zone. */
export function formatInstant(iso: string, style: TimeStyle): string {
  return `${formatter(style).format(new Date(iso))} (${style.zone})`;
}

/**
 * An event's start and end in one phrase (`formatRange` drops the repeated date of a same-day
 * event), followed by the zone's name so nobody has to guess which clock is meant.
 */
export function formatEventWindow(startsAt: string, endsAt: string, style: TimeStyle): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const text =
    end.getTime() > start.getTime()
      ? formatter(style).formatRange(start, end)
      : formatter(style).format(start);
  return `${text} (${style.zone})`;
}
