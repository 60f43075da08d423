/**
 * An event's start in its own time zone (API.md gives each event an IANA `timezone`), in the
 * reader's locale. An unknown zone falls back to UTC rather than failing the whole list.
 */
export function formatEventTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(date);
  } catch {
    return `${new Intl.DateTimeFormat(undefined, { ...options, timeZone: "UTC" }).format(date)} UTC`;
  }
}
