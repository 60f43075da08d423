import { randomBytes, randomUUID } from "node:crypto";
import type { Producer } from "kafkajs";
import {
  createEvent,
  emailVerificationRequestedV1,
  eventUpdatedV1,
  passwordResetRequestedV1,
  registrationCancelledV1,
  registrationWaitlistedV1,
  userDeletedV1,
  userSettingsChangedV1,
  type AnyCloudEvent,
  type EventDataInputOf,
} from "@turnout/contracts";
import { testKafka } from "@turnout/test-kit";

let producer: Producer | undefined;

/** Publishes envelopes through the real broker, keyed by subject as the outbox relay does. */
export async function publish(topic: string, ...events: AnyCloudEvent[]): Promise<void> {
  if (!producer) {
    producer = testKafka("notification-test-producer").producer();
    await producer.connect();
  }
  await producer.send({
    topic,
    messages: events.map((event) => ({ key: event.subject, value: JSON.stringify(event) })),
  });
}

export async function disconnectPublisher(): Promise<void> {
  await producer?.disconnect();
  producer = undefined;
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

export const settingsChangedEvent = (
  userId: string,
  settings: { email?: boolean; in_app?: boolean; locale?: string; timezone?: string } = {},
) =>
  createEvent(userSettingsChangedV1, {
    source: "/turnout/user-service",
    data: {
      user_id: userId,
      notifications: { email: settings.email ?? true, in_app: settings.in_app ?? true },
      locale: settings.locale ?? "en-GB",
      timezone: settings.timezone ?? "Europe/London",
      changed_at: new Date().toISOString(),
    },
  });

type TokenData = EventDataInputOf<typeof emailVerificationRequestedV1>;

export const oneTimeTokenData = (user: { user_id: string; email: string }): TokenData => ({
  user_id: user.user_id,
  email: user.email,
  display_name: "Ada <Lovelace>",
  token: randomBytes(32).toString("base64url"),
  expires_at: inAnHour(),
  requested_at: new Date().toISOString(),
});

export const verificationRequestedEvent = (data: TokenData) =>
  createEvent(emailVerificationRequestedV1, { source: "/turnout/auth-service", data });

export const passwordResetRequestedEvent = (data: TokenData) =>
  createEvent(passwordResetRequestedV1, { source: "/turnout/auth-service", data });

export interface Snapshot {
  event_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  timezone: string;
  location: string;
}

/** A fresh event in Paris on 1 May 2031, 10:00–12:00 UTC, at "Salle 2". */
export const parisSnapshot = (title: string): Snapshot => ({
  event_id: randomUUID(),
  title,
  starts_at: "2031-05-01T10:00:00.000Z",
  ends_at: "2031-05-01T12:00:00.000Z",
  timezone: "Europe/Paris",
  location: "Salle 2",
});

export const waitlistedEvent = (
  userId: string,
  snapshot: Snapshot,
  registrationId = randomUUID(),
) =>
  createEvent(registrationWaitlistedV1, {
    source: "/turnout/registration-service",
    data: {
      registration_id: registrationId,
      user_id: userId,
      waitlist_position: 2,
      waitlisted_at: new Date().toISOString(),
      ...snapshot,
    },
  });

export const cancelledEvent = (
  userId: string,
  snapshot: Snapshot,
  registrationId: string,
  reason = "attendee_cancelled",
) =>
  createEvent(registrationCancelledV1, {
    source: "/turnout/registration-service",
    data: {
      registration_id: registrationId,
      user_id: userId,
      previous_status: "confirmed",
      reason,
      cancelled_at: new Date().toISOString(),
      ...snapshot,
    },
  });

export const eventUpdatedEvent = (snapshot: Snapshot, changed: string[]) =>
  createEvent(eventUpdatedV1, {
    source: "/turnout/event-service",
    data: {
      ...snapshot,
      organizer_id: randomUUID(),
      description: "Talks and pizza.",
      capacity: 50,
      requires_approval: false,
      category: null,
      status: "published",
      changed,
      updated_at: new Date().toISOString(),
    },
  });

export const userDeletedEvent = (userId: string) =>
  createEvent(userDeletedV1, {
    source: "/turnout/user-service",
    data: { user_id: userId, deleted_at: new Date().toISOString(), deleted_by: userId },
  });
