/** Dates in messages are written for this locale when the user's own is unknown or unusable. */
export const DEFAULT_LOCALE = "en-GB";

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

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

const formatter = ({ zone, locale }: TimeStyle): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });

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
