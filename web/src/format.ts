const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

function withZone(timeZone: string | undefined): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat(undefined, { ...DATE_TIME, timeZone });
  } catch {
    return undefined;
  }
}

/**
 * An event's start in its own time zone (every event carries an IANA `timezone`), in the
 * reader's locale. An unknown zone falls back to UTC rather than failing the whole list.
 */
export function formatEventTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = withZone(timeZone);
  if (format) return format.format(date);
  return `${new Intl.DateTimeFormat(undefined, { ...DATE_TIME, timeZone: "UTC" }).format(date)} UTC`;
}

/** Start and end as one range in the event's zone, with the zone's name. */
export function formatEventWindow(startIso: string, endIso?: string, timeZone?: string): string {
  const start = new Date(startIso);
  const end = endIso ? new Date(endIso) : undefined;
  const format = withZone(timeZone) ?? withZone("UTC");
  if (!format || Number.isNaN(start.getTime())) return startIso;
  const zone = timeZone ?? "UTC";
  if (!end || Number.isNaN(end.getTime())) return `${format.format(start)} (${zone})`;
  return `${format.formatRange(start, end)} (${zone})`;
}

/** A moment in the reader's own zone (sign-up times, notifications). */
export function formatMoment(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(undefined, DATE_TIME).format(date);
}

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;
