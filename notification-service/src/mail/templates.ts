import { ticketPageUrl } from "@turnout/kit";
import { formatInstant, type TimeStyle } from "../domain/event-times";
import type { Notice } from "../domain/notices";
import { quotedName } from "../domain/quoted-name";

/**
 * A mail as content, before it is written as text and HTML (render.ts). Every string here is
 * plain text, user-supplied parts included; only the renderer produces markup, and it escapes.
 */
export interface MailDocument {
  subject: string;
  /** `Hello “Ada”,` or `Hello,`: a name is always quoted (`quotedName`). */
  greeting: string;
  paragraphs: string[];
  details: { label: string; value: string }[];
  action?: { label: string; url: string };
  /** Why the reader got this mail. */
  footer: string;
}

/** The mail kinds (`outbound_mail.kind`): one per template. */
export type MailKind =
  | "verify_email"
  | "sign_up_attempt"
  | "password_reset"
  | "registration_confirmed"
  | "registration_promoted"
  | "registration_waitlisted"
  | "registration_cancelled"
  | "event_updated"
  | "seat_offered"
  | "seats_changed"
  | "event_reminder"
  | "attendee_message"
  | "webhook_disabled";

/** A person's name as mail shows it (the greeting, labelled details): cleaned and quoted. */
export { quotedName };

const greeting = (name: string | null): string => {
  const quoted = quotedName(name);
  return quoted === null ? "Hello," : `Hello ${quoted},`;
};

const ACTIVITY_FOOTER =
  "You get this mail because of your registrations on Turnout. To stop these mails, turn off " +
  "email notifications in your settings.";

/** A registration or event notice as a mail, linking to the event's page. */
export function noticeMail(
  notice: Notice,
  name: string | null,
  publicUrl: string,
): MailDocument & { kind: MailKind } {
  if (notice.type === "welcome") throw new Error("the welcome notice has no mail of its own");
  return {
    kind: notice.type,
    subject: notice.title,
    greeting: greeting(name),
    paragraphs: [notice.body],
    details: notice.details,
    ...(notice.ticketFor !== undefined
      ? { action: { label: "View your ticket", url: ticketPageUrl(publicUrl, notice.ticketFor) } }
      : notice.eventId === undefined
        ? {}
        : {
            action: {
              label: "View the event",
              url: `${publicUrl}/events/${encodeURIComponent(notice.eventId)}`,
            },
          }),
    footer: ACTIVITY_FOOTER,
  };
}

/** A mail carrying a one-time link (email verification, password reset). */
interface OneTimeLinkMail {
  name: string | null;
  token: string;
  expiresAt: string;
  publicUrl: string;
  style: TimeStyle;
}

/** Sent for `email-verification-requested`: the welcome mail, carrying the verification link. */
export function verifyEmailMail(input: OneTimeLinkMail): MailDocument {
  // Anyone can sign up with any address, so the name typed at sign-up is not greeted with: it
  // appears only as a labelled, quoted detail.
  const name = quotedName(input.name);
  return {
    subject: "Welcome to Turnout: please confirm your email address",
    greeting: "Hello,",
    paragraphs: [
      "Welcome to Turnout! Your account is ready.",
      "Please confirm that this address is yours by opening the link below.",
    ],
    details: [
      ...(name === null ? [] : [{ label: "Name given at sign-up", value: name }]),
      { label: "Link valid until", value: formatInstant(input.expiresAt, input.style) },
    ],
    action: {
      label: "Confirm my email address",
      url: `${input.publicUrl}/verify-email?token=${encodeURIComponent(input.token)}`,
    },
    footer:
      "You get this mail because this address was used to sign up on Turnout. If that was not you, ignore it.",
  };
}

/** Sent for `password-reset-requested`. */
export function passwordResetMail(input: OneTimeLinkMail): MailDocument {
  return {
    subject: "Reset your Turnout password",
    greeting: greeting(input.name),
    paragraphs: [
      "Someone asked to reset the password of your Turnout account.",
      "Open the link below to choose a new one. It works once.",
    ],
    details: [{ label: "Link valid until", value: formatInstant(input.expiresAt, input.style) }],
    action: {
      label: "Choose a new password",
      url: `${input.publicUrl}/reset-password?token=${encodeURIComponent(input.token)}`,
    },
    footer:
      "If you did not ask for this, ignore this mail: your password stays as it is, and nobody " +
      "can change it without this link.",
  };
}

/**
 * Sent for `registration-attempted`: someone signed up with this address, which already has an
 * account. Nothing they typed is in it (their name or username could be anything).
 */
export function signUpAttemptMail(input: { publicUrl: string }): MailDocument {
  return {
    subject: "Someone tried to sign up to Turnout with your address",
    greeting: "Hello,",
    paragraphs: [
      "Someone just tried to create a Turnout account with this email address, which already " +
        "has an account. No new account was created and nothing about yours has changed.",
      "If it was you, sign in with your existing account, or choose a new password if you do " +
        "not remember it.",
    ],
    details: [],
    action: { label: "Sign in or reset your password", url: `${input.publicUrl}/sign-in` },
    footer:
      "If it was not you, ignore this mail: nobody can use your account without your password.",
  };
}

/**
 * Sent for `seat-offered` to the address the seat was offered to, which may have no account:
 * the notice's facts, and how to accept (sign in, or sign up, with this address).
 */
export function seatOfferedMail(
  notice: Notice,
  name: string | null,
  publicUrl: string,
): MailDocument {
  return {
    subject: notice.title,
    greeting: greeting(name),
    paragraphs: [
      notice.body,
      "To accept it, sign in to Turnout with this email address (or sign up with it if you " +
        "have no account yet) and open My registrations.",
    ],
    details: notice.details,
    action: { label: "Sign in to accept", url: `${publicUrl}/my/registrations` },
    footer:
      "You get this mail because someone offered a seat on Turnout to this address. If you do " +
      "not want it, ignore this mail: nothing happens unless you accept.",
  };
}

/**
 * Sent for `attendees-messaged`: the organizer's words as they typed them (a blank line starts a
 * paragraph), introduced as theirs, with the event's facts and a link to its page.
 */
export function attendeeMessageMail(
  notice: Notice,
  name: string | null,
  publicUrl: string,
): MailDocument {
  const eventTitle = typeof notice.data.title === "string" ? notice.data.title : "the event";
  return {
    ...noticeMail(notice, name, publicUrl),
    paragraphs: [
      `The organizer of ${eventTitle} wrote to everyone who booked it:`,
      ...notice.body.split(/\r?\n\s*\r?\n/).filter((p) => p.trim() !== ""),
    ],
    footer:
      "You get this mail because you booked this event on Turnout; its organizer wrote the " +
      "message. To stop these mails, turn off email notifications in your settings.",
  };
}
