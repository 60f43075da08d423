/**
 * Kafka topic names. `infra/kafka/topics.json` is the list the brokers create; a test keeps
 * this file, the event registry and that list naming exactly the same topics.
 */
export const TOPICS = {
  userRegistered: "user-registered",
  registrationConfirmed: "registration-confirmed",
  tokenRevoked: "token-revoked",
  emailVerificationRequested: "email-verification-requested",
  passwordResetRequested: "password-reset-requested",
  eventUpdated: "event-updated",
  eventCancelled: "event-cancelled",
  registrationWaitlisted: "registration-waitlisted",
  registrationCancelled: "registration-cancelled",
  registrationCheckedIn: "registration-checked-in",
  userSettingsChanged: "user-settings-changed",
  userDeleted: "user-deleted",
  userProfileUpdated: "user-profile-updated",
  seatTransferOffered: "seat-transfer-offered",
  registrationSeatsChanged: "registration-seats-changed",
  attendeesMessaged: "attendees-messaged",
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const DLQ_SUFFIX = ".dlq";

/** The dead-letter topic of `topic`: where a consumer parks a message that keeps failing. */
export function dlqTopic<T extends string>(topic: T): `${T}.dlq` {
  return `${topic}${DLQ_SUFFIX}`;
}
