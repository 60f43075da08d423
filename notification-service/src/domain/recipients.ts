/** What the service knows about a user it may notify (the `recipients` table). */
export interface Recipient {
  userId: string;
  email: string | null;
  displayName: string | null;
  emailEnabled: boolean;
  inAppEnabled: boolean;
  /** Reminders before booked events (`event_reminders`, default on). */
  eventReminders: boolean;
  locale: string | null;
  timezone: string | null;
  deleted: boolean;
}

export interface Channels {
  inApp: boolean;
  /** The address to mail, or null for no mail. */
  email: string | null;
}

/**
 * Activity notices (registrations, event changes) honour the user's settings. A user the service
 * has not heard of yet gets the inbox entry (in-app is on by default) but no mail: there is no
 * address to send it to. A deleted user gets nothing.
 */
export function activityChannels(recipient: Recipient | undefined): Channels {
  if (!recipient) return { inApp: true, email: null };
  if (recipient.deleted) return { inApp: false, email: null };
  return {
    inApp: recipient.inAppEnabled,
    email: recipient.emailEnabled ? recipient.email : null,
  };
}

/**
 * Account mails (email verification, password reset) are how the account itself works, so they
 * ignore the notification settings; the address comes with the event. Never to a deleted user.
 */
export const accountMailAllowed = (recipient: Recipient | undefined): boolean =>
  recipient?.deleted !== true;

/** The name to greet someone by: their display name, else nothing personal. */
export const greetingName = (displayName: string | null | undefined): string | null => {
  const name = displayName?.trim();
  return name ? name : null;
};
