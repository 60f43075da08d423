import { attendeesMessagedV1 } from "./events/attendees-messaged";
import {
  emailVerificationRequestedV1,
  passwordResetRequestedV1,
} from "./events/one-time-token-events";
import { eventCancelledV1, eventUpdatedV1 } from "./events/event-lifecycle-events";
import { registrationAttemptedV1 } from "./events/registration-attempted";
import { registrationConfirmedV1 } from "./events/registration-confirmed";
import {
  registrationCancelledV1,
  registrationCheckedInV1,
  registrationWaitlistedV1,
} from "./events/registration-lifecycle-events";
import { registrationSeatsChangedV1 } from "./events/registration-seats-changed";
import { seatOfferedV1 } from "./events/seat-offered";
import { sessionsRevokedV1 } from "./events/sessions-revoked";
import { tokenRevokedV1 } from "./events/token-revoked";
import {
  userDeletedV1,
  userProfileUpdatedV1,
  userSettingsChangedV1,
} from "./events/user-lifecycle-events";
import { userRegisteredV1 } from "./events/user-registered";
import type { AnyEventDefinition, EventOf } from "./event-definition";

/** Every event type Turnout publishes, internal ones included. The catalogue is built from it. */
export const eventRegistry = [
  userRegisteredV1,
  registrationConfirmedV1,
  tokenRevokedV1,
  sessionsRevokedV1,
  emailVerificationRequestedV1,
  registrationAttemptedV1,
  passwordResetRequestedV1,
  eventUpdatedV1,
  eventCancelledV1,
  registrationWaitlistedV1,
  registrationCancelledV1,
  registrationCheckedInV1,
  userSettingsChangedV1,
  userDeletedV1,
  userProfileUpdatedV1,
  seatOfferedV1,
  registrationSeatsChangedV1,
  attendeesMessagedV1,
] as const;

export type RegisteredEventDefinition = (typeof eventRegistry)[number];
export type EventType = RegisteredEventDefinition["type"];
/** The parsed envelope of any registered type; switch on `type` to narrow `data`. */
export type KnownEvent = EventOf<RegisteredEventDefinition>;
export type EventDefinitionOf<T extends EventType> = Extract<
  RegisteredEventDefinition,
  { type: T }
>;

const byType: ReadonlyMap<string, RegisteredEventDefinition> = new Map(
  eventRegistry.map((definition) => [definition.type, definition]),
);

export function isEventType(type: string): type is EventType {
  return byType.has(type);
}

/** The definition of `type`, or undefined for a type (or version) this build does not know. */
export function findEventDefinition<T extends EventType>(type: T): EventDefinitionOf<T>;
export function findEventDefinition(type: string): RegisteredEventDefinition | undefined;
export function findEventDefinition(type: string): RegisteredEventDefinition | undefined {
  return byType.get(type);
}

/** Definitions whose messages travel on `topic` (several when versions are published side by side). */
export function definitionsForTopic(topic: string): readonly AnyEventDefinition[] {
  return eventRegistry.filter((definition) => definition.topic === topic);
}
