/** A user's notification channels, language, time zone and reminders (`/me/settings`). */
export interface UserSettings {
  notifications: { email: boolean; inApp: boolean };
  locale: string;
  timezone: string;
  /** A reminder before events the user booked. */
  eventReminders: boolean;
}

/** A change to the settings: a field left out keeps its value. */
export interface SettingsChange {
  notifications?: { email?: boolean | undefined; inApp?: boolean | undefined } | undefined;
  locale?: string | undefined;
  timezone?: string | undefined;
  eventReminders?: boolean | undefined;
}

/** What a user has until they save settings of their own. */
export const DEFAULT_SETTINGS: UserSettings = Object.freeze({
  notifications: Object.freeze({ email: true, inApp: true }),
  locale: "en",
  timezone: "UTC",
  eventReminders: true,
});

/** The settings after `change`. */
export const applySettingsChange = (
  current: UserSettings,
  change: SettingsChange,
): UserSettings => ({
  notifications: {
    email: change.notifications?.email ?? current.notifications.email,
    inApp: change.notifications?.inApp ?? current.notifications.inApp,
  },
  locale: change.locale ?? current.locale,
  timezone: change.timezone ?? current.timezone,
  eventReminders: change.eventReminders ?? current.eventReminders,
});

/** The longest BCP 47 tag the `user-settings-changed` contract carries. */
export const LOCALE_MAX_LENGTH = 35;

/**
 * The canonical form of a BCP 47 language tag (`en-us` → `en-US`), or undefined when ICU does
 * not accept it as one. Only a single well-formed tag is accepted.
 */
export function canonicalLocale(tag: string): string | undefined {
  try {
    const [canonical, ...rest] = Intl.getCanonicalLocales(tag);
    if (canonical === undefined || rest.length > 0) return undefined;
    return canonical.length <= LOCALE_MAX_LENGTH ? canonical : undefined;
  } catch {
    return undefined;
  }
}

// The contract's shape of an IANA name; offsets like `+01:00` (which newer ICU accepts as a
// time zone) and other oddities are refused before ICU is asked.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/;

/**
 * The IANA time zone ICU knows by this name, in ICU's spelling (`europe/berlin` →
 * `Europe/Berlin`), or undefined for a name that is not a real zone.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.length > 64 || !ZONE_NAME.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const sameSettings = (a: UserSettings, b: UserSettings): boolean =>
  a.notifications.email === b.notifications.email &&
  a.notifications.inApp === b.notifications.inApp &&
  a.locale === b.locale &&
  a.timezone === b.timezone &&
  a.eventReminders === b.eventReminders;
