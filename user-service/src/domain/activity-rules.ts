import { randomUUID } from "node:crypto";

export const ACTIVITY_TYPES = [
  "registration_confirmed",
  "registration_cancelled",
  "checked_in",
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** One line of a user's history, as stored. */
export interface ActivityEntry {
  id: string;
  userId: string;
  type: ActivityType;
  /** The CloudEvents id it was built from: one entry per event, however often delivered. */
  sourceEventId: string;
  eventId: string;
  registrationId: string;
  at: Date;
  eventTitle: string;
  eventStartsAt: Date;
}

/** What the three registration events have in common. */
export interface RegistrationFact {
  id: string;
  data: {
    registration_id: string;
    event_id: string;
    user_id: string;
    title: string;
    starts_at: string;
  };
}

/** The history entry a registration event makes; `at` is when it happened, not when heard. */
export function activityFrom(
  type: ActivityType,
  event: RegistrationFact,
  at: string,
): ActivityEntry {
  return {
    id: randomUUID(),
    userId: event.data.user_id,
    type,
    sourceEventId: event.id,
    eventId: event.data.event_id,
    registrationId: event.data.registration_id,
    at: new Date(at),
    eventTitle: event.data.title,
    eventStartsAt: new Date(event.data.starts_at),
  };
}
